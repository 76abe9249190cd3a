import type { Page } from 'playwright-core';
import { describe, expect, it } from 'vitest';
import type { Me } from '../../src/shared/api/auth.js';
import { browserSuite, chromiumInstalled, mainNav, screenshot, signInInBrowser } from '../support/browser.js';
import { signUp } from '../support/factories.js';
import { addMember, signIn } from '../support/fixtures.js';

describe.skipIf(!chromiumInstalled())('managing active users in the web app', () => {
  const suite = browserSuite();

  async function signedIn(email: string): Promise<Page> {
    const page = await suite.page();
    await signInInBrowser(page, email);
    return page;
  }

  async function openUsers(page: Page) {
    await mainNav(page).getByRole('link', { name: 'Users' }).click();
    await page.getByRole('heading', { name: 'Users', exact: true }).waitFor();
  }

  it('changes a role, then deletes a user who owns deals and the receiver finds them on their Deals page', async () => {
    const admin = await signUp(suite.server.url, { workspaceName: 'Initech Sales', name: 'Ada Admin' });
    const workspaceId = admin.workspace.id;
    const rita = await addMember(suite.server, { workspaceId, name: 'Rita Rep' });
    const rob = await addMember(suite.server, { workspaceId, name: 'Rob Receiver' });
    const ritaApi = await signIn(suite.server, rita.email);
    for (const [name, amount] of [
      ['Globex expansion', 48000],
      ['Initech renewal', 12500],
    ] as const) {
      expect((await ritaApi.post('/api/v1/deals', { name, amount, stage: 'negotiation' })).status).toBe(201);
    }
    expect((await ritaApi.post('/api/v1/leads', { name: 'Hooli', company: 'Hooli Inc.' })).status).toBe(201);

    const page = await signedIn(admin.email);
    await openUsers(page);

    // Change role from the drawer: effective at once, shown in the list.
    await page.getByRole('button', { name: 'Rob Receiver', exact: true }).click();
    const robDrawer = page.getByRole('dialog', { name: 'Rob Receiver' });
    await robDrawer.getByRole('combobox', { name: 'Role' }).click();
    await page.getByRole('option', { name: 'Manager', exact: true }).click();
    await robDrawer.getByRole('button', { name: 'Change role' }).click();
    await expect.poll(async () => (await robDrawer.textContent()) ?? '', { timeout: 10_000 }).toMatch(/Manager/);
    await screenshot(page, 'user-drawer.png');
    await robDrawer.getByRole('button', { name: 'Close' }).click();
    const me = await signIn(suite.server, rob.email);
    expect((await me.get<Me>('/api/v1/me')).body.user.role).toBe('manager');

    // Delete Rita: the dialog counts her records and hands them to Rob.
    await page.getByRole('button', { name: 'Rita Rep', exact: true }).click();
    const drawer = page.getByRole('dialog', { name: 'Rita Rep' });
    await drawer.getByRole('button', { name: 'Delete', exact: true }).click();
    const dialog = page.getByRole('dialog', { name: 'Delete user' });
    await expect.poll(async () => (await dialog.textContent()) ?? '').toContain('Rita Rep owns 2 deals and 1 lead.');
    await expect.poll(async () => (await dialog.textContent()) ?? '').toContain('Deletion is permanent');
    await dialog.getByRole('combobox', { name: 'New owner' }).click();
    await page.getByRole('option', { name: 'Rob Receiver' }).click();
    await screenshot(page, 'delete-user.png');
    await dialog.getByRole('button', { name: 'Delete user' }).click();
    await page.getByText('Rita Rep was deleted.').waitFor();
    await expect.poll(() => page.getByRole('table', { name: 'Users' }).getByText('Rita Rep').count()).toBe(0);

    // Rob signs in and finds both deals on his Deals page, owned by him.
    const robPage = await signedIn(rob.email);
    await mainNav(robPage).getByRole('link', { name: 'Deals' }).click();
    const deals = robPage.getByRole('table', { name: 'Deals' });
    for (const name of ['Globex expansion', 'Initech renewal']) {
      const row = deals.getByRole('row').filter({ has: robPage.getByRole('cell', { name, exact: true }) });
      await expect.poll(() => row.getByRole('cell').nth(3).textContent()).toBe('Rob Receiver');
    }
    await screenshot(robPage, 'deals.png');

    // The audit log keeps the event, with the reassignment.
    await mainNav(page).getByRole('link', { name: 'Audit log' }).click();
    const log = page.getByRole('table', { name: 'Audit log' });
    const deleted = log.getByRole('row').filter({ hasText: 'User deleted' });
    await expect.poll(() => deleted.count()).toBe(1);
    await expect.poll(async () => (await deleted.textContent()) ?? '').toContain(rita.email);
    await screenshot(page, 'audit-log.png');
  });
});
