import type { Browser, BrowserContext, Page } from 'playwright-core';
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import type { Me } from '../../src/shared/api/auth.js';
import type { Page as ItemsPage } from '../../src/shared/api/pagination.js';
import type { Team } from '../../src/shared/api/teams.js';
import { assertWebBuilt, chromiumInstalled, launchBrowser, newContext, screenshot } from '../support/browser.js';
import { STRONG_PASSWORD, signUp, uniqueEmail } from '../support/factories.js';
import { addMember } from '../support/fixtures.js';
import { startTestServer, type TestServer } from '../support/server.js';

const hasChromium = chromiumInstalled();

describe.skipIf(!hasChromium)('web app foundation', () => {
  let server: TestServer;
  let browser: Browser;
  let context: BrowserContext;
  let page: Page;

  beforeAll(async () => {
    assertWebBuilt();
    server = await startTestServer();
    browser = await launchBrowser();
  });

  afterAll(async () => {
    await browser?.close();
    await server?.close();
  });

  beforeEach(async () => {
    context = await newContext(browser, server.url);
    page = await context.newPage();
  });

  afterEach(async () => {
    await context?.close();
  });

  async function currentWorkspace(): Promise<{ id: string; name: string }> {
    return page.evaluate(async () => {
      const response = await fetch('/api/v1/me', { credentials: 'same-origin' });
      const me = (await response.json()) as Me;
      return me.workspace;
    });
  }

  it('signs up, creates a team and changes the plan', { timeout: 90_000 }, async () => {
    const email = uniqueEmail('ada');

    await page.goto('/signup');
    await page.getByLabel('Workspace name').fill('Acme Sales');
    await page.getByLabel('Your name').fill('Ada Lovelace');
    await page.getByLabel('Email').fill(email);
    // The strength meter judges the password while it is typed, with the person's own words.
    await page.getByLabel(/^Password/).fill('acmesales2024');
    await expect.poll(() => page.getByText(/^Strength: /).textContent()).not.toMatch(/strong/i);
    await page.getByLabel(/^Password/).fill(STRONG_PASSWORD);
    await expect.poll(() => page.getByText(/^Strength: /).textContent()).toMatch(/strong/i);
    await page.getByRole('button', { name: 'Create workspace' }).click();

    // The app shell, with the Admin section for the workspace's first admin.
    await page.waitForURL(`${server.url}/`);
    await page.getByRole('heading', { name: 'Dashboard' }).waitFor();
    await expect(page.getByText('Acme Sales').first().isVisible()).resolves.toBe(true);
    await expect(page.getByText('Ada Lovelace').first().isVisible()).resolves.toBe(true);
    const nav = page.getByRole('navigation', { name: 'Main navigation' });
    await expect(nav.getByText('Admin', { exact: true }).isVisible()).resolves.toBe(true);

    // Admin > Teams: create "Enterprise" (and "SMB", the help page's other team).
    await nav.getByRole('link', { name: 'Teams' }).click();
    await page.getByRole('heading', { name: 'Teams' }).waitFor();
    for (const name of ['Enterprise', 'SMB']) {
      await page.getByLabel(/^Team name/).fill(name);
      await page.getByRole('button', { name: 'Create team' }).click();
      await page.getByRole('cell', { name, exact: true }).waitFor();
    }
    // A second team with the same name is refused on the field itself.
    await page.getByLabel(/^Team name/).fill('enterprise');
    await page.getByRole('button', { name: 'Create team' }).click();
    await page.getByText('A team with this name already exists.').waitFor();
    await page.getByLabel(/^Team name/).fill('');

    // Admin > Billing: a new workspace is on Free; change it to Team and see it at once.
    await nav.getByRole('link', { name: 'Billing' }).click();
    await page.getByTestId('current-plan-name').waitFor();
    await expect(page.getByTestId('current-plan-name').textContent()).resolves.toBe('Free');
    await page.getByRole('radio', { name: /^Team/ }).click();
    await page.getByRole('button', { name: 'Change to Team' }).click();
    await expect.poll(() => page.getByTestId('current-plan-name').textContent()).toBe('Team');
    await page.getByText(/of 25 seats/).waitFor();

    // People for Admin > Users (the invitation flow comes in a later version).
    const workspace = await currentWorkspace();
    expect(workspace.name).toBe('Acme Sales');
    const teams = await page.evaluate(async () => {
      const response = await fetch('/api/v1/teams?limit=200', { credentials: 'same-origin' });
      return ((await response.json()) as ItemsPage<Team>).items;
    });
    const teamId = (name: string) => teams.find((team) => team.name === name)?.id ?? null;
    const people = [
      { name: 'John Smith', role: 'sales_rep', team: 'Enterprise', status: 'active' },
      { name: 'Sarah Jones', role: 'manager', team: 'SMB', status: 'pending' },
      { name: 'Mike Brown', role: 'sales_rep', team: 'Enterprise', status: 'pending' },
      { name: 'Grace Hopper', role: 'manager', team: null, status: 'active' },
      { name: 'Katherine Johnson', role: 'sales_rep', team: 'SMB', status: 'active' },
      { name: 'Alan Turing', role: 'sales_rep', team: null, status: 'deactivated' },
    ] as const;
    for (const person of people) {
      await addMember(server, {
        workspaceId: workspace.id,
        name: person.name,
        email: uniqueEmail(person.name.split(' ')[0]?.toLowerCase()),
        role: person.role,
        status: person.status,
        teamId: person.team ? teamId(person.team) : null,
      });
    }

    await nav.getByRole('link', { name: 'Users' }).click();
    await page.getByRole('heading', { name: 'Users' }).waitFor();
    const table = page.getByRole('table', { name: 'Users' });
    await table.getByRole('row', { name: /John Smith/ }).waitFor();
    const john = table.getByRole('row', { name: /John Smith/ });
    await expect(john.textContent()).resolves.toMatch(/Sales Rep.*Enterprise.*Accepted/);
    const sarah = table.getByRole('row', { name: /Sarah Jones/ });
    await expect(sarah.textContent()).resolves.toMatch(/Manager.*SMB.*Pending/);
    await expect(table.getByRole('row').count()).resolves.toBe(1 + 7);
    await page.getByText(/of 25 seats/).waitFor();
    await screenshot(page, 'users.png');

    // The Role filter asks the server for managers only.
    await page.getByRole('combobox', { name: 'Role' }).click();
    await page.getByRole('option', { name: 'Manager' }).click();
    await expect.poll(() => table.getByRole('row').count()).toBe(1 + 2);
    // The search box narrows by name or email.
    await page.getByRole('searchbox', { name: 'Search' }).fill('grace');
    await expect.poll(() => table.getByRole('row').count()).toBe(1 + 1);
    await expect(table.getByRole('row').nth(1).textContent()).resolves.toContain('Grace Hopper');

    await nav.getByRole('link', { name: 'Teams' }).click();
    await page.getByRole('row', { name: /Enterprise.*2 members/ }).waitFor();
    await screenshot(page, 'teams.png');

    await nav.getByRole('link', { name: 'Billing' }).click();
    await page.getByText('Seats used: 6 of 25').waitFor();
    await screenshot(page, 'billing.png');

    // Back to Free with 6 seats in use: refused, and the reason is shown beside the chooser.
    await page.getByRole('radio', { name: /^Free/ }).click();
    await page.getByRole('button', { name: 'Change to Free' }).click();
    const refusal = page.getByRole('alert').filter({ hasText: 'The plan was not changed' });
    await refusal.waitFor();
    await expect(refusal.textContent()).resolves.toMatch(/seat/i);
    await expect(page.getByTestId('current-plan-name').textContent()).resolves.toBe('Team');
  });

  it('sends a signed-out visitor to sign in, and back to the page they asked for', { timeout: 60_000 }, async () => {
    const admin = await signUp(server.url, { workspaceName: 'Northwind Traders', name: 'Nora North' });

    await page.goto('/admin/users');
    await page.waitForURL(/\/login\?next=%2Fadmin%2Fusers$/);

    await page.getByLabel('Email').fill(admin.email);
    await page.getByLabel(/^Password/).fill('not the right password');
    await page.getByRole('button', { name: 'Sign in', exact: true }).click();
    await page.getByRole('alert').filter({ hasText: 'The email or password is incorrect.' }).waitFor();

    await page.getByLabel(/^Password/).fill(admin.password);
    await page.getByRole('button', { name: 'Sign in', exact: true }).click();
    await page.waitForURL(`${server.url}/admin/users`);
    await page
      .getByRole('table', { name: 'Users' })
      .getByRole('row', { name: /Nora North/ })
      .waitFor();

    await page.getByRole('button', { name: 'Sign out' }).click();
    await page.waitForURL(`${server.url}/login`);
    await page.goto('/admin/billing');
    await page.waitForURL(/\/login\?next=%2Fadmin%2Fbilling$/);
  });

  it('switches between the workspaces a person belongs to', { timeout: 60_000 }, async () => {
    const person = await signUp(server.url, { workspaceName: 'Globex East', name: 'Hank Scorpio' });
    const other = await signUp(server.url, { workspaceName: 'Globex West', name: 'West Admin' });
    await addMember(server, {
      workspaceId: other.workspace.id,
      email: person.email,
      name: 'Hank Scorpio',
      role: 'manager',
    });

    await page.goto('/login');
    await page.getByLabel('Email').fill(person.email);
    await page.getByLabel(/^Password/).fill(person.password);
    await page.getByRole('button', { name: 'Sign in', exact: true }).click();
    await page.getByRole('heading', { name: 'Dashboard' }).waitFor();

    const before = await currentWorkspace();
    const target = before.name === 'Globex East' ? 'Globex West' : 'Globex East';
    await page.getByRole('button', { name: /Switch workspace/ }).click();
    await page.getByRole('menuitem', { name: new RegExp(target) }).click();
    await page.getByRole('button', { name: `Workspace: ${target}. Switch workspace` }).waitFor();
    expect((await currentWorkspace()).name).toBe(target);

    // Admin appears only where this person is an admin.
    const nav = page.getByRole('navigation', { name: 'Main navigation' });
    const adminShown = await nav.getByText('Admin', { exact: true }).isVisible();
    expect(adminShown).toBe(target === 'Globex East');
  });
});
