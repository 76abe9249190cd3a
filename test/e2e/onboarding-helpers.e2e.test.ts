import type { Page } from 'playwright-core';
import { describe, expect, it } from 'vitest';
import { browserSuite, chromiumInstalled, mainNav, screenshot, signInInBrowser } from '../support/browser.js';
import type { Client } from '../support/client.js';
import { STRONG_PASSWORD, signUp, uniqueEmail } from '../support/factories.js';
import { addMember } from '../support/fixtures.js';
import { recordSecret } from '../support/secrets-audit.js';
import { fastOutbox } from '../support/server.js';

const DEADLINE_MS = 20_000;

describe.skipIf(!chromiumInstalled())('onboarding helpers in the web app', () => {
  // No SMTP_URL: emails are kept in the dev mailbox, where the admin finds the invitation link.
  const suite = browserSuite({ config: { outbox: fastOutbox() } });

  async function invitationLink(admin: Client, to: string): Promise<string> {
    let link: string | undefined;
    await expect
      .poll(
        async () => {
          const mailbox = await admin.get<{ items: { to: string; text: string }[] }>('/api/v1/dev/mailbox');
          const text = mailbox.body.items.find((m) => m.to.includes(to) && m.text.includes('/invite/'))?.text ?? '';
          link = /https?:\/\/[^/\s]+(\/invite\/[A-Za-z0-9_-]+)/.exec(text)?.[1];
          return link;
        },
        { timeout: DEADLINE_MS, interval: 100 },
      )
      .toBeDefined();
    recordSecret(link?.slice('/invite/'.length));
    return link ?? '';
  }

  const region = (page: Page, name: string) => page.getByRole('main').getByRole('region', { name, exact: true });

  it('welcome, challenge and buddy: the new person sees the welcome live, the challenge and the buddy, and the profile ticks the first step', {
    timeout: 120_000,
  }, async () => {
    const admin = await signUp(suite.server.url, { workspaceName: 'Acme Sales', name: 'Ada Lovelace' });
    const workspaceId = admin.workspace.id;
    const team = (await admin.client.post<{ id: string }>('/api/v1/teams', { name: 'Closers' })).body.id;
    const buddy = await addMember(suite.server, { workspaceId, teamId: team, name: 'Bo Buddy' });
    const welcome = await admin.client.put('/api/v1/onboarding/welcome-message', {
      enabled: true,
      template: 'Welcome {name} to {team}! Say hi in this channel.',
    });
    expect(welcome.status, welcome.text).toBe(200);
    const challenge = await admin.client.post('/api/v1/challenges', {
      name: 'First week',
      steps: ['complete_profile', 'create_deal'],
      active: true,
      dueDays: 7,
    });
    expect(challenge.status, challenge.text).toBe(201);
    const email = uniqueEmail('nia');
    const invited = await admin.client.post('/api/v1/invitations', {
      email,
      name: 'Nia Newcomer',
      role: 'sales_rep',
      teamId: team,
      buddyId: buddy.id,
    });
    expect(invited.status, invited.text).toBe(201);
    const link = await invitationLink(admin.client, email);

    // The admin's settings, and #general open in the admin's browser before anyone accepts.
    const adminPage = await suite.page({ height: 1400 });
    await signInInBrowser(adminPage, admin.email);
    await adminPage.goto('/admin/onboarding');
    await adminPage
      .getByRole('heading', { name: /Onboarding/ })
      .first()
      .waitFor();
    await expect
      .poll(() => adminPage.getByRole('textbox', { name: 'Welcome message' }).inputValue())
      .toContain('Welcome {name}');
    await screenshot(adminPage, 'onboarding-settings.png');
    await mainNav(adminPage).getByRole('link', { name: '#general' }).click();
    await adminPage.getByText('No messages yet. Say hello to your team!').waitFor();
    const adminLog = adminPage.getByRole('log', { name: 'Messages in #general' });

    // Nia accepts in her own browser, sets up her profile and skips the tour.
    const page = await suite.page();
    await page.goto(link);
    await page.getByRole('heading', { name: /^Join / }).waitFor();
    await page.getByLabel(/^Password/).fill(STRONG_PASSWORD);
    await page.getByRole('button', { name: 'Create account' }).click();

    // The welcome reaches the admin's open #general page without a reload.
    await expect
      .poll(async () => ((await adminLog.count()) ? ((await adminLog.textContent()) ?? '') : ''), {
        timeout: DEADLINE_MS,
      })
      .toContain('Welcome Nia Newcomer to Closers! Say hi in this channel.');
    await screenshot(adminPage, 'general-welcome.png');

    await page.getByRole('heading', { name: 'Set up your profile' }).waitFor();
    await page.getByRole('button', { name: 'Save and continue' }).click();
    await page.getByRole('button', { name: 'Skip tour' }).click();
    await page.getByRole('heading', { name: 'Dashboard' }).waitFor();

    // The dashboard: the challenge with the profile step ticked, and the buddy.
    const started = region(page, 'Getting Started');
    await expect
      .poll(async () => (await started.textContent()) ?? '', { timeout: DEADLINE_MS })
      .toContain('First week');
    await expect.poll(async () => (await started.textContent()) ?? '').toContain('1 of 2 steps done');
    await expect.poll(async () => (await started.textContent()) ?? '').toContain('Complete your profile (done)');
    await expect(started.getByRole('link', { name: 'Create a deal' }).count()).resolves.toBe(1);
    await expect.poll(async () => (await region(page, 'Your buddy').textContent()) ?? '').toContain('Bo Buddy');
    await screenshot(page, 'onboarding-helpers-dashboard.png');

    // She sees the welcome in #general too.
    await mainNav(page).getByRole('link', { name: '#general' }).click();
    const log = page.getByRole('log', { name: 'Messages in #general' });
    await expect.poll(async () => (await log.textContent()) ?? '').toContain('Welcome Nia Newcomer to Closers!');
  });
});
