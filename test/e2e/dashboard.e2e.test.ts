import type { Page } from 'playwright-core';
import { describe, expect, it } from 'vitest';
import type { Me } from '../../src/shared/api/auth.js';
import { browserSuite, chromiumInstalled, screenshot, signInInBrowser, signUpInBrowser } from '../support/browser.js';
import { uniqueEmail } from '../support/factories.js';
import { addMember, signIn } from '../support/fixtures.js';

describe.skipIf(!chromiumInstalled())('the home dashboard in the web app', () => {
  const suite = browserSuite();
  const newPage = (height?: number): Promise<Page> => suite.page(height ? { height } : {});

  const card = (page: Page, name: string) => page.getByRole('main').getByRole('region', { name, exact: true });
  const text = async (page: Page, name: string) => (await card(page, name).textContent()) ?? '';

  it('shows the person’s open deals, leads and buddy, and the workspace to an admin', async () => {
    const email = uniqueEmail('dash');
    const page = await newPage(1320);
    await signUpInBrowser(page, { workspaceName: 'Initech Sales', name: 'Ada Lovelace', email });
    await expect.poll(() => page.getByText('Welcome, Ada.').count()).toBe(1);

    const api = await signIn(suite.server, email);
    const me = await api.get<Me>('/api/v1/me');
    const workspaceId = me.body.workspace.id;
    for (const [name, amount, stage] of [
      ['Globex expansion', 48000, 'negotiation'],
      ['Initech renewal', 12500.5, 'proposal'],
      ['Umbrella pilot', 3200, 'qualification'],
      ['Hooli closed', 9000, 'won'],
    ] as const) {
      expect((await api.post('/api/v1/deals', { name, amount, stage })).status).toBe(201);
    }
    for (const [name, company] of [
      ['Dana Scully', 'Vandelay Industries'],
      ['Fox Mulder', 'Pied Piper'],
    ] as const) {
      expect((await api.post('/api/v1/leads', { name, company })).status).toBe(201);
    }
    const buddy = await addMember(suite.server, { workspaceId, name: 'Grace Hopper' });
    await addMember(suite.server, { workspaceId, name: 'Pending Person', status: 'pending' });
    expect((await api.patch(`/api/v1/users/${me.body.user.id}`, { buddyId: buddy.id })).status).toBe(200);

    await page.reload();
    await page.getByRole('heading', { name: 'Dashboard' }).waitFor();

    await expect.poll(() => text(page, 'My open deals')).toContain('Globex expansion');
    const deals = await text(page, 'My open deals');
    expect(deals).toContain('48,000');
    expect(deals).toContain('Negotiation');
    expect(deals).toContain('Initech renewal');
    expect(deals).toContain('You have 3 open deals worth 63,700.5 in total.');
    expect(deals).not.toContain('Hooli closed');
    await card(page, 'My open deals').getByRole('link', { name: 'See all deals' }).waitFor();

    const leads = await text(page, 'My leads');
    expect(leads).toContain('Dana Scully');
    expect(leads).toContain('Pied Piper');

    const buddyCard = card(page, 'Your buddy');
    expect(await text(page, 'Your buddy')).toContain('Grace Hopper');
    expect(await buddyCard.getByRole('link', { name: new RegExp(buddy.email) }).getAttribute('href')).toBe(
      `mailto:${buddy.email}`,
    );

    const workspace = await text(page, 'Workspace');
    expect(workspace).toContain('1 pending invitation');
    expect(workspace).toContain('of 5 seats');
    await card(page, 'Workspace').getByRole('link', { name: 'Manage people in Admin > Users' }).waitFor();

    await card(page, 'Getting Started').getByRole('link', { name: 'Post in #general' }).waitFor();
    expect(await text(page, '#general')).toContain('No messages yet');
    await screenshot(page, 'dashboard.png');

    await card(page, 'My open deals').getByRole('link', { name: 'See all deals' }).click();
    await page.getByRole('heading', { name: 'Deals', exact: true }).waitFor();
  });

  it('shows a new sales rep empty cards that say how to start, and no Workspace card', async () => {
    const admin = await signIn(suite.server, (await startAdmin()).email);
    const me = await admin.get<Me>('/api/v1/me');
    const rep = await addMember(suite.server, { workspaceId: me.body.workspace.id, name: 'Rosa Rep' });
    const page = await newPage();
    await signInInBrowser(page, rep.email);

    await expect.poll(() => text(page, 'Your buddy')).toContain('No buddy assigned yet');
    expect(await text(page, 'My open deals')).toContain('No open deals');
    await card(page, 'My leads').getByRole('link', { name: 'New lead' }).waitFor();
    expect(await card(page, 'Workspace').count()).toBe(0);
    expect(await page.getByText('Welcome, Rosa.').count()).toBe(1);

    await card(page, 'My open deals').getByRole('link', { name: 'New deal' }).click();
    await page.getByRole('heading', { name: 'Deals', exact: true }).waitFor();
  });

  async function startAdmin() {
    const email = uniqueEmail('admin');
    const page = await newPage();
    await signUpInBrowser(page, { workspaceName: 'Vandelay', name: 'Art Vandelay', email });
    return { email };
  }
});
