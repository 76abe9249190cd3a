import type { Browser, BrowserContext, Locator, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  assertWebBuilt,
  chromiumInstalled,
  launchBrowser,
  mainNav,
  newContext,
  screenshot,
  signInInBrowser,
  signUpInBrowser,
} from '../support/browser.js';
import { signUp, uniqueEmail } from '../support/factories.js';
import { addMember } from '../support/fixtures.js';
import { recordSecret } from '../support/secrets-audit.js';
import { startTestServer, type TestServer } from '../support/server.js';

const hasChromium = chromiumInstalled();

/** How long an email may take to leave the outbox and reach the dev mailbox. */
const MAIL_DEADLINE_MS = 20_000;

describe.skipIf(!hasChromium)('invitations in the web app', () => {
  let server: TestServer;
  let browser: Browser;
  const contexts: BrowserContext[] = [];

  beforeAll(async () => {
    assertWebBuilt();
    // No SMTP_URL: the server keeps its emails in the dev mailbox.
    server = await startTestServer();
    browser = await launchBrowser();
  });

  afterAll(async () => {
    for (const context of contexts) await context.close();
    await browser?.close();
    await server?.close();
  });

  async function newPage(): Promise<Page> {
    const context = await newContext(browser, server.url);
    contexts.push(context);
    return context.newPage();
  }

  function usersTable(page: Page): Locator {
    return page.getByRole('table', { name: 'Users' });
  }

  function row(page: Page, name: string): Locator {
    return usersTable(page).getByRole('row', { name: new RegExp(name) });
  }

  async function openUsers(page: Page): Promise<void> {
    await mainNav(page).getByRole('link', { name: 'Users' }).click();
    await page.getByRole('heading', { name: 'Users', exact: true }).waitFor();
  }

  async function choose(page: Page, field: Locator, option: string): Promise<void> {
    await field.click();
    await page.getByRole('option', { name: option, exact: true }).click();
  }

  /** Fills the Invite User form; the caller clicks Send Invite (or takes a picture first). */
  async function fillInvite(
    page: Page,
    input: { email: string; name: string; role: string; team?: string },
  ): Promise<Locator> {
    await page.getByRole('button', { name: 'Invite User' }).click();
    const dialog = page.getByRole('dialog', { name: 'Invite User' });
    await dialog.getByLabel('Email').fill(input.email);
    await dialog.getByLabel('Name').fill(input.name);
    await choose(page, dialog.getByRole('combobox', { name: 'Role' }), input.role);
    if (input.team) await choose(page, dialog.getByRole('combobox', { name: 'Team' }), input.team);
    return dialog;
  }

  /** Actions menu of a row, opened from the keyboard as a screen-reader user would. */
  async function rowAction(page: Page, name: string, action: 'Resend' | 'Revoke' | 'Edit'): Promise<void> {
    const button = row(page, name).getByRole('button', { name: `Actions for ${name}` });
    await button.focus();
    await page.keyboard.press('Enter');
    const item = page.getByRole('menuitem', { name: action });
    await item.waitFor();
    await item.click();
  }

  /** Waits (up to a deadline) for the emails to `to` in the dev mailbox page; returns their invitation links. */
  async function invitationLinks(page: Page, to: string, count: number): Promise<string[]> {
    await mainNav(page).getByRole('link', { name: 'Dev mailbox' }).click();
    await page.getByRole('heading', { name: 'Dev mailbox' }).waitFor();
    const messages = page.getByRole('list', { name: 'Emails' }).getByRole('button', { name: new RegExp(to) });
    // The page refreshes itself every few seconds; this only waits for it to show the email.
    await expect
      .poll(() => messages.count(), { timeout: MAIL_DEADLINE_MS, interval: 250 })
      .toBeGreaterThanOrEqual(count);
    const links: string[] = [];
    for (let i = 0; i < count; i++) {
      await messages.nth(i).click();
      await page.getByRole('heading', { name: /invited you to join/ }).waitFor();
      const href = await page.getByRole('link', { name: 'Open invitation link' }).getAttribute('href');
      expect(href).toMatch(/^\/invite\/[A-Za-z0-9_-]{20,}$/);
      recordSecret(href?.slice('/invite/'.length));
      links.push(href ?? '');
    }
    return links;
  }

  it('invites someone who accepts in their own browser; resends, edits and revokes another', {
    timeout: 180_000,
  }, async () => {
    const admin = await newPage();
    await signUpInBrowser(admin, { workspaceName: 'Acme Sales', name: 'Ada Lovelace', email: uniqueEmail('ada') });

    await mainNav(admin).getByRole('link', { name: 'Teams' }).click();
    await admin.getByLabel(/^Team name/).fill('Enterprise');
    await admin.getByRole('button', { name: 'Create team' }).click();
    await admin.getByRole('cell', { name: 'Enterprise', exact: true }).waitFor();

    // Admin > Users > Invite User: Email, Name, Role, Team, then Send Invite.
    await openUsers(admin);
    const grace = { email: uniqueEmail('grace'), name: 'Grace Hopper' };
    const dialog = await fillInvite(admin, { ...grace, role: 'Manager', team: 'Enterprise' });
    await expect(dialog.getByTestId('seats-left').textContent()).resolves.toBe('4 of 5 seats left');
    await screenshot(admin, 'invite-form.png');
    await dialog.getByRole('button', { name: 'Send Invite' }).click();
    await admin.getByText(`Invitation sent to ${grace.email}.`).waitFor();
    await dialog.waitFor({ state: 'hidden' });
    await row(admin, grace.name).waitFor();
    await expect(row(admin, grace.name).textContent()).resolves.toMatch(/Manager.*Enterprise.*Pending.*Expires/);

    // Inviting the same email again is refused on the Email field.
    const again = await fillInvite(admin, { ...grace, role: 'Sales Rep' });
    await again.getByRole('button', { name: 'Send Invite' }).click();
    await again.getByText('This person already has a pending invitation.').waitFor();
    await again.getByRole('button', { name: 'Cancel' }).click();

    // The email reaches the dev mailbox; its link opens in a browser where nobody is signed in.
    const [graceLink = ''] = await invitationLinks(admin, grace.email, 1);
    await admin.getByText(/Accept the invitation and create your account/).waitFor();
    await screenshot(admin, 'dev-mailbox.png');
    // The HTML version is shown inside a sandbox: no scripts, no same-origin access.
    await admin.getByRole('tab', { name: 'HTML' }).click();
    const htmlFrame = admin.locator('iframe[title^="HTML version"]');
    await expect(htmlFrame.getAttribute('sandbox')).resolves.toBe('');
    await htmlFrame.contentFrame().getByRole('link', { name: 'Accept invitation' }).waitFor();

    const invitee = await newPage();
    await invitee.goto(graceLink);
    await invitee.getByRole('heading', { name: 'Join Acme Sales' }).waitFor();
    await invitee.getByText('Ada Lovelace invited you to join Acme Sales as Manager on the Enterprise team.').waitFor();
    const email = invitee.getByRole('textbox', { name: 'Email' });
    await expect(email.inputValue()).resolves.toBe(grace.email);
    await expect(email.getAttribute('readonly')).resolves.not.toBeNull();
    await expect(invitee.getByRole('textbox', { name: 'Name' }).inputValue()).resolves.toBe(grace.name);
    // The strength meter judges the password with the person's own name, email and workspace.
    await invitee.getByLabel(/^Password/).fill('gracehopper1906');
    await expect.poll(() => invitee.getByText(/^Strength: /).textContent()).not.toMatch(/strong/i);
    await invitee.getByLabel(/^Password/).fill('copper-meadow-signal-58');
    recordSecret('copper-meadow-signal-58');
    await expect.poll(() => invitee.getByText(/^Strength: /).textContent()).toMatch(/strong/i);
    await screenshot(invitee, 'accept-page.png');
    await invitee.getByRole('button', { name: 'Create account' }).click();

    // Signed in, through the onboarding steps (test/e2e/onboarding.e2e.test.ts takes them), to the
    // dashboard of the workspace, with their name in the app shell.
    await invitee.waitForURL(`${server.url}/onboarding/profile`);
    await invitee.getByRole('button', { name: 'Skip for now' }).click();
    await invitee.getByRole('button', { name: 'Skip tour' }).click();
    await invitee.waitForURL(`${server.url}/`);
    await invitee.getByRole('heading', { name: 'Dashboard' }).waitFor();
    await invitee.getByRole('banner').getByText('Grace Hopper').waitFor();
    await invitee.getByRole('banner').getByText('Manager').waitFor();
    // The used link now says so, and offers to sign in.
    await invitee.goto(graceLink);
    await invitee.getByRole('heading', { name: 'This invitation has already been accepted' }).waitFor();
    await invitee.getByRole('link', { name: 'Sign in' }).first().waitFor();

    // Back with the admin: Grace is Accepted; a second invitation is Pending.
    await openUsers(admin);
    await expect.poll(() => row(admin, grace.name).textContent()).toMatch(/Accepted/);
    const mike = { email: uniqueEmail('mike'), name: 'Mike Brown' };
    const second = await fillInvite(admin, { ...mike, role: 'Sales Rep' });
    await expect(second.getByTestId('seats-left').textContent()).resolves.toBe('3 of 5 seats left');
    await second.getByRole('button', { name: 'Send Invite' }).click();
    await row(admin, mike.name).waitFor();
    const [firstLink = ''] = await invitationLinks(admin, mike.email, 1);

    await openUsers(admin);
    await expect.poll(() => row(admin, mike.name).textContent()).toMatch(/Sales Rep.*No team.*Pending.*Email\s*Sent/);
    // An accepted person's menu offers the help page's actions for active users.
    await row(admin, grace.name)
      .getByRole('button', { name: `Actions for ${grace.name}` })
      .click();
    const menu = admin.getByRole('menu');
    for (const item of ['Edit', 'Change role', 'Change team', 'Deactivate', 'Delete']) {
      await expect(menu.getByRole('menuitem', { name: item, exact: true }).count()).resolves.toBe(1);
    }
    await admin.keyboard.press('Escape');
    const tabs = admin.getByRole('tablist', { name: 'Status' });
    await expect(tabs.getByRole('tab', { name: /^All/ }).textContent()).resolves.toBe('All3');
    await expect(tabs.getByRole('tab', { name: /^Accepted/ }).textContent()).resolves.toBe('Accepted2');
    await expect(tabs.getByRole('tab', { name: /^Pending/ }).textContent()).resolves.toBe('Pending1');
    await screenshot(admin, 'users-list.png');

    // The Pending tab lists only invitations waiting for an answer.
    await tabs.getByRole('tab', { name: /^Pending/ }).click();
    await expect.poll(() => usersTable(admin).getByRole('row').count()).toBe(1 + 1);
    await row(admin, mike.name).waitFor();

    // Resend: a new link; the first one stops working.
    await rowAction(admin, mike.name, 'Resend');
    await admin.getByText(`A new link was sent to ${mike.email}. The previous link no longer works.`).waitFor();
    const links = await invitationLinks(admin, mike.email, 2);
    const latestLink = links.find((link) => link !== firstLink) ?? '';
    expect(latestLink).not.toBe('');
    const stranger = await newPage();
    await stranger.goto(firstLink);
    await stranger.getByRole('heading', { name: 'A newer invitation was sent' }).waitFor();
    await stranger.getByText('A newer invitation was sent: use the link in the latest email.').waitFor();

    // Edit: the role before he accepts.
    await openUsers(admin);
    await rowAction(admin, mike.name, 'Edit');
    const edit = admin.getByRole('dialog', { name: 'Edit invitation' });
    await choose(admin, edit.getByRole('combobox', { name: 'Role' }), 'Manager');
    await edit.getByRole('button', { name: 'Save changes' }).click();
    await edit.waitFor({ state: 'hidden' });
    await expect.poll(() => row(admin, mike.name).textContent()).toMatch(/Manager/);

    // Revoke, after a confirmation that says what it does.
    await rowAction(admin, mike.name, 'Revoke');
    const confirm = admin.getByRole('dialog', { name: 'Revoke invitation' });
    await confirm.getByText('The link stops working at once and the seat is freed.').waitFor();
    await confirm.getByRole('button', { name: 'Revoke', exact: true }).click();
    await admin.getByText(`Invitation for ${mike.email} revoked.`).waitFor();
    await expect.poll(() => row(admin, mike.name).count()).toBe(0);
    await tabs.getByRole('tab', { name: /^Revoked/ }).click();
    await expect.poll(() => row(admin, mike.name).textContent()).toMatch(/Revoked/);
    await expect(
      row(admin, mike.name)
        .getByRole('button', { name: /Actions for/ })
        .count(),
    ).resolves.toBe(0);
    await tabs.getByRole('tab', { name: /^All/ }).click();
    await row(admin, grace.name).waitFor();
    await expect(row(admin, mike.name).count()).resolves.toBe(0);

    await stranger.goto(latestLink);
    await stranger.getByRole('heading', { name: 'This invitation was revoked' }).waitFor();
    await stranger.goto('/invite/not-a-real-token');
    await stranger.getByRole('heading', { name: 'This invitation link is not valid' }).waitFor();
  });

  it('says when no seat is left, and where to get more', { timeout: 90_000 }, async () => {
    const owner = await signUp(server.url, { workspaceName: 'Initech', name: 'Bill Lumbergh' });
    for (const name of ['Peter Gibbons', 'Samir Nagheenanajar', 'Michael Bolton', 'Milton Waddams']) {
      await addMember(server, { workspaceId: owner.workspace.id, name, status: 'pending' });
    }
    // An expired invitation holds no seat; sending it again would need one.
    await addMember(server, {
      workspaceId: owner.workspace.id,
      name: 'Tom Smykowski',
      status: 'pending',
      expiresInSeconds: -60,
    });

    const page = await newPage();
    await signInInBrowser(page, owner.email);
    await openUsers(page);
    await expect.poll(() => row(page, 'Tom Smykowski').textContent()).toMatch(/Expired.*Expired/);

    await rowAction(page, 'Tom Smykowski', 'Resend');
    const refusal = page.locator('.mantine-Notification-root').filter({ hasText: /1 more seat is needed/ });
    await refusal.waitFor();
    await refusal.getByRole('button', { name: 'Close message' }).click();
    await refusal.waitFor({ state: 'hidden' });

    const dialog = await fillInvite(page, { email: uniqueEmail('bob'), name: 'Bob Slydell', role: 'Sales Rep' });
    await expect(dialog.getByTestId('seats-left').textContent()).resolves.toBe('0 of 5 seats left');
    await dialog.getByText('No seats left on your plan').waitFor();
    await dialog.getByRole('button', { name: 'Send Invite' }).click();
    await dialog.getByText(/more seat is needed.*Admin > Billing/).waitFor();
    await dialog.getByRole('link', { name: 'Go to Admin > Billing' }).click();
    await page.waitForURL(`${server.url}/admin/billing`);
    await page.getByText('No seats available').waitFor();
  });

  it('lets a person who already has an account sign in to join', { timeout: 90_000 }, async () => {
    const owner = await signUp(server.url, { workspaceName: 'Globex', name: 'Hank Scorpio' });
    const elsewhere = await signUp(server.url, { workspaceName: 'Cypress Creek', name: 'Other Admin' });
    const homer = await addMember(server, { workspaceId: elsewhere.workspace.id, name: 'Homer Simpson' });
    const invited = await owner.client.post('/api/v1/invitations', {
      email: homer.email,
      name: 'Homer Simpson',
      role: 'sales_rep',
    });
    expect(invited.status).toBe(201);

    const admin = await newPage();
    await signInInBrowser(admin, owner.email);
    const [link = ''] = await invitationLinks(admin, homer.email, 1);

    const page = await newPage();
    await page.goto(link);
    await page.getByText('You already have a SalesOS account: sign in to join').waitFor();
    await page.getByText('Hank Scorpio invited you to join Globex as Sales Rep.').waitFor();
    await page.getByLabel(/^Password/).fill('not the right password');
    await page.getByRole('button', { name: 'Sign in and join' }).click();
    await page.getByText('This is not the password of the existing account.').waitFor();
    // The way back for someone who forgot it: a reset link emailed to the invited address.
    await page.getByRole('link', { name: 'Forgot your password?' }).waitFor();
    await page.getByLabel(/^Password/).fill(homer.password);
    await page.getByRole('button', { name: 'Sign in and join' }).click();
    // A profile in this workspace too: the onboarding steps, skipped here.
    await page.waitForURL(`${server.url}/onboarding/profile`);
    await page.getByRole('button', { name: 'Skip for now' }).click();
    await page.getByRole('button', { name: 'Skip tour' }).click();
    await page.waitForURL(`${server.url}/`);
    await page.getByRole('banner').getByText('Homer Simpson').waitFor();
    await page.getByRole('button', { name: /Workspace: Globex\. Switch workspace/ }).waitFor();
  });

  it('asks an admin to verify their email before inviting; the link from the dev mailbox lets them send', {
    timeout: 90_000,
  }, async () => {
    const page = await newPage();
    const email = uniqueEmail('vera');
    await signUpInBrowser(page, { workspaceName: 'Verify First', name: 'Vera Verify', email }, { verified: false });
    await page.getByText('Please verify your email address').waitFor();
    await openUsers(page);
    const dialog = await fillInvite(page, { email: uniqueEmail('ivy'), name: 'Ivy Invitee', role: 'Sales Rep' });
    await dialog.getByRole('button', { name: 'Send Invite' }).click();
    await dialog.getByText(/Verify your email address \(.+\) before inviting people/).waitFor();
    await page.keyboard.press('Escape');

    // The verification email, read in the dev mailbox as its owner, opened in a new tab.
    await mainNav(page).getByRole('link', { name: 'Dev mailbox' }).click();
    await page
      .getByRole('list', { name: 'Emails' })
      .getByRole('button', { name: new RegExp(email) })
      .first()
      .click();
    const [verify] = await Promise.all([
      page.context().waitForEvent('page'),
      page.getByRole('link', { name: 'Open verification link' }).click(),
    ]);
    await verify
      .getByText(/verified/i)
      .first()
      .waitFor();
    await verify.close();

    await page.reload();
    await openUsers(page);
    const invitee = uniqueEmail('ivy');
    const again = await fillInvite(page, { email: invitee, name: 'Ivy Invitee', role: 'Sales Rep' });
    await again.getByRole('button', { name: 'Send Invite' }).click();
    await row(page, 'Ivy Invitee').waitFor();
  });
});
