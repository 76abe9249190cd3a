import type { Page } from 'playwright-core';
import { describe, expect, it } from 'vitest';
import type { Challenge } from '../../src/shared/api/challenges.js';
import type { WelcomeMessage } from '../../src/shared/api/chat.js';
import type { Page as ItemsPage } from '../../src/shared/api/pagination.js';
import type { Team } from '../../src/shared/api/teams.js';
import {
  browserSuite,
  chromiumInstalled,
  mainNav,
  screenshot,
  signInInBrowser,
  VIEWPORT_WIDTH,
} from '../support/browser.js';
import type { Client } from '../support/client.js';
import { devMailboxToken } from '../support/dev-mailbox.js';
import { STRONG_PASSWORD, signUp, uniqueEmail } from '../support/factories.js';
import { addMember } from '../support/fixtures.js';
import { fastOutbox } from '../support/server.js';

const DEADLINE_MS = 20_000;

describe.skipIf(!chromiumInstalled())('onboarding helpers in the web app', () => {
  // No SMTP_URL: emails are kept in the dev mailbox, where the admin finds the invitation link.
  const suite = browserSuite({ config: { outbox: fastOutbox() } });

  /** The invitation link of the email to `to`, read from the dev mailbox as its admin would. */
  async function invitationLink(admin: Client, to: string): Promise<string> {
    return `/invite/${await devMailboxToken(admin, to, { timeoutMs: DEADLINE_MS })}`;
  }

  const region = (page: Page, name: string) => page.getByRole('main').getByRole('region', { name, exact: true });

  it('the admin sets the welcome and the challenge in Admin > Onboarding; the new person sees the welcome live, the challenge and the buddy, the profile ticks the first step, and a mention links to the buddy’s page', {
    timeout: 120_000,
  }, async () => {
    const admin = await signUp(suite.server.url, { workspaceName: 'Acme Sales', name: 'Ada Lovelace' });
    const workspaceId = admin.workspace.id;
    const team = (await admin.client.post<Team>('/api/v1/teams', { name: 'Closers' })).body.id;
    const buddy = await addMember(suite.server, { workspaceId, teamId: team, name: 'Bo Buddy' });

    // Admin > Onboarding: the welcome message (with its preview and switch) and a challenge from the catalogue.
    const adminPage = await suite.page({ height: 1400 });
    await signInInBrowser(adminPage, admin.email);
    await mainNav(adminPage).getByRole('link', { name: 'Onboarding' }).click();
    await adminPage.getByRole('heading', { name: 'Onboarding', level: 1 }).waitFor();

    const welcomeSection = region(adminPage, 'Welcome message');
    const preview = welcomeSection.getByRole('region', { name: 'Preview' });
    const enabled = welcomeSection.getByRole('switch', { name: 'Post a welcome message' });
    await enabled.waitFor();
    expect(await enabled.isChecked()).toBe(false);
    await expect
      .poll(async () => (await preview.textContent()) ?? '')
      .toContain('Nothing is posted when someone joins.');
    await enabled.check();
    await welcomeSection
      .getByRole('textbox', { name: 'Welcome message' })
      .fill('Welcome {name} to {team}! Say hi in this channel.');
    // The preview fills the placeholders for a sample person; with no team, {team} is the workspace.
    await expect
      .poll(async () => (await preview.textContent()) ?? '')
      .toContain('Welcome Jamie Rivera to Acme Sales! Say hi in this channel.');
    await enabled.uncheck();
    await expect
      .poll(async () => (await preview.textContent()) ?? '')
      .toContain('Nothing is posted when someone joins.');
    await enabled.check();
    await expect.poll(async () => (await preview.textContent()) ?? '').toContain('Welcome Jamie Rivera to Acme Sales!');
    await welcomeSection.getByRole('button', { name: 'Save' }).click();
    await adminPage.getByText('Welcome message saved.').waitFor();

    const challengeSection = region(adminPage, 'Getting Started challenge');
    const challengeName = challengeSection.getByRole('textbox', { name: 'Name' });
    await challengeName.fill('First week');
    // Every step of the catalogue is offered (and ticked) for a first challenge: keep two.
    for (const step of ['Finish the tour', 'Post in #general', 'Create a lead']) {
      await challengeSection.getByRole('checkbox', { name: step }).uncheck();
    }
    for (const step of ['Complete your profile', 'Create a deal']) {
      expect(await challengeSection.getByRole('checkbox', { name: step }).isChecked(), step).toBe(true);
    }
    await challengeSection.getByRole('textbox', { name: 'Days to finish' }).fill('7');
    expect(await challengeSection.getByRole('switch', { name: 'Active' }).isChecked()).toBe(true);
    await challengeSection.getByRole('button', { name: 'Save' }).click();
    await adminPage.getByText('First week saved and active.').waitFor();
    // Saved: the leaderboard of the new challenge lists the workspace's members.
    await challengeSection.getByRole('table', { name: 'Leaderboard' }).getByText('Bo Buddy').waitFor();

    // What the server now holds is what the admin chose.
    const saved = await admin.client.get<WelcomeMessage>('/api/v1/onboarding/welcome-message');
    expect(saved.body).toMatchObject({ enabled: true, template: 'Welcome {name} to {team}! Say hi in this channel.' });
    const challenges = await admin.client.get<ItemsPage<Challenge>>('/api/v1/challenges');
    expect(challenges.body.items).toEqual([
      expect.objectContaining({
        name: 'First week',
        steps: ['complete_profile', 'create_deal'],
        active: true,
        dueDays: 7,
      }),
    ]);
    // The whole page in one picture: the window grows to its height for the shot.
    const fullHeight = await adminPage.evaluate(() => document.documentElement.scrollHeight);
    await adminPage.setViewportSize({ width: VIEWPORT_WIDTH, height: fullHeight });
    await adminPage.evaluate(() => window.scrollTo(0, 0));
    await screenshot(adminPage, 'onboarding-settings.png');
    await adminPage.setViewportSize({ width: VIEWPORT_WIDTH, height: 1400 });

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

    // #general open in the admin's browser before anyone accepts.
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

    // She thanks her buddy: the mention is a link, in #general and on the dashboard, to Bo's page.
    await page.getByRole('textbox', { name: 'Message' }).fill('Thanks for the tips, @Bo Buddy!');
    await page.getByRole('button', { name: 'Send', exact: true }).click();
    await log.getByRole('link', { name: '@Bo Buddy', exact: true }).waitFor();
    await mainNav(page).getByRole('link', { name: 'Dashboard' }).click();
    await region(page, '#general').getByRole('link', { name: '@Bo Buddy', exact: true }).click();
    const bo = page.getByRole('article', { name: 'Bo Buddy' });
    await bo.waitFor();
    await expect.poll(async () => (await bo.textContent()) ?? '').toContain('Closers');
    expect(new URL(page.url()).pathname).toBe(`/people/${buddy.id}`);
  });
});
