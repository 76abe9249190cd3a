import { readFileSync } from 'node:fs';
import { parse } from 'csv-parse/sync';
import type { Browser, BrowserContext, Download, Locator, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { UsersSummary } from '../../src/shared/api/users.js';
import { BULK_TEMPLATE_CSV } from '../../src/shared/bulk-csv.js';
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
import { startTestServer, type TestServer } from '../support/server.js';

const hasChromium = chromiumInstalled();

/** How long checking an upload or sending the invitations may take. */
const SERVER_DEADLINE_MS = 20_000;

/** Valid rows and one of each common mistake, with an extra column the preview warns about. */
const NEW_HIRES_CSV = [
  'email,name,role,team,start date',
  'john@company.com,John Smith,sales_rep,Enterprise,2026-03-02',
  'sarah@company.com,Sarah Jones,manager,,2026-03-02',
  'mike@company.com,Mike Brown,sales_rep,enterprise,2026-03-09',
  'not-an-email,Bad Address,sales_rep,,2026-03-09',
  'olivia@company.com,Olivia Park,owner,,2026-03-09',
  'sam@company.com,Sam Lee,sales_rep,Mid-Market,2026-03-16',
  'john@company.com,John Smith Jr,sales_rep,,2026-03-16',
  'nina@company.com,,manager,Enterprise,2026-03-16',
  '',
].join('\n');

const VALID = [
  { email: 'john@company.com', name: 'John Smith' },
  { email: 'sarah@company.com', name: 'Sarah Jones' },
  { email: 'mike@company.com', name: 'Mike Brown' },
];

describe.skipIf(!hasChromium)('bulk invitations in the web app', () => {
  let server: TestServer;
  let browser: Browser;
  const contexts: BrowserContext[] = [];

  beforeAll(async () => {
    assertWebBuilt();
    server = await startTestServer();
    browser = await launchBrowser();
  });

  afterAll(async () => {
    for (const context of contexts) await context.close();
    await browser?.close();
    await server?.close();
  });

  async function newPage(height = 900): Promise<Page> {
    const context = await newContext(browser, server.url, { height, acceptDownloads: true });
    contexts.push(context);
    return context.newPage();
  }

  function rowsTable(page: Page): Locator {
    return page.getByRole('table', { name: 'Rows of the file' });
  }

  /** The data rows of the preview table (its header row left out). */
  function dataRows(page: Page): Locator {
    return rowsTable(page).locator('tbody tr');
  }

  function fileInput(page: Page): Locator {
    return page.locator('input[type="file"]');
  }

  async function upload(page: Page, name: string, content: string): Promise<void> {
    await fileInput(page).setInputFiles({ name, mimeType: 'text/csv', buffer: Buffer.from(content, 'utf8') });
  }

  async function downloaded(page: Page, link: Locator): Promise<{ file: Download; text: string }> {
    const [file] = await Promise.all([page.waitForEvent('download'), link.click()]);
    const path = await file.path();
    return { file, text: readFileSync(path, 'utf8') };
  }

  async function showRows(page: Page, label: RegExp): Promise<void> {
    await page.getByRole('radiogroup', { name: 'Show rows' }).getByText(label).click();
  }

  it('checks a CSV row by row, shows the issues, and sends the valid rows', { timeout: 180_000 }, async () => {
    // A tall window, so the picture of the preview shows it whole.
    const admin = await newPage(1380);
    await signUpInBrowser(admin, { workspaceName: 'Acme Sales', name: 'Ada Lovelace', email: uniqueEmail('ada') });

    await mainNav(admin).getByRole('link', { name: 'Teams' }).click();
    await admin.getByLabel(/^Team name/).fill('Enterprise');
    await admin.getByRole('button', { name: 'Create team' }).click();
    await admin.getByRole('cell', { name: 'Enterprise', exact: true }).waitFor();

    // Admin > Users > Bulk Invite.
    await mainNav(admin).getByRole('link', { name: 'Users' }).click();
    await admin.getByRole('heading', { name: 'Users', exact: true }).waitFor();
    await admin.getByRole('link', { name: 'Bulk Invite' }).click();
    await admin.waitForURL(`${server.url}/admin/users/bulk`);
    await admin.getByRole('heading', { name: 'Bulk Invite' }).waitFor();

    // Step 1: Download the CSV template, with the help page's field reference beside it.
    const reference = admin.getByRole('table', { name: 'CSV Field Reference' });
    await expect(reference.getByRole('row').allTextContents()).resolves.toEqual([
      'ColumnRequiredValues',
      'emailYesValid email address',
      'nameYesUser’s full name',
      'roleYesadmin, manager, or sales_rep',
      'teamNoTeam name (must match an existing team)',
    ]);
    await admin.getByText('Each invitation counts toward your plan’s user limit.').waitFor();
    const template = await downloaded(admin, admin.getByRole('link', { name: 'Download the CSV template' }));
    expect(template.file.suggestedFilename()).toBe('salesos-invite-template.csv');
    expect(template.text).toBe(BULK_TEMPLATE_CSV);
    expect(template.text.split(/\r?\n/).slice(0, 4)).toEqual([
      'email,name,role,team',
      'john@company.com,John Smith,sales_rep,Enterprise',
      'sarah@company.com,Sarah Jones,manager,SMB',
      'mike@company.com,Mike Brown,sales_rep,Enterprise',
    ]);

    // Step 2: Upload the completed CSV.
    await admin.getByRole('button', { name: 'Next: upload the completed CSV' }).click();
    await admin.getByRole('heading', { name: 'Upload the completed CSV' }).waitFor();
    const dropzone = admin.getByRole('button', { name: /drop the file here, or press Enter to choose it/ });
    await dropzone.waitFor();
    await expect(dropzone.getAttribute('tabindex')).resolves.toBe('0');
    await screenshot(admin, 'bulk-upload.png', { height: 900 });

    // A file without a role column is refused as a whole, and says why.
    await upload(admin, 'no-roles.csv', 'email,name\nzoe@company.com,Zoe Quinn\n');
    await admin.getByRole('alert').filter({ hasText: 'The file has no role column.' }).waitFor();

    await upload(admin, 'new-hires.csv', NEW_HIRES_CSV);

    // Step 3: Review the preview.
    await admin.getByRole('heading', { name: 'Review the preview' }).waitFor({ timeout: SERVER_DEADLINE_MS });
    expect(new URL(admin.url()).searchParams.get('import')).toBeTruthy();
    const counts = admin.getByRole('region', { name: 'Counts' });
    await expect(counts.locator('dt').allTextContents()).resolves.toEqual(['Rows', 'Valid', 'With issues']);
    await expect(counts.locator('dd').allTextContents()).resolves.toEqual(['8', '3', '5']);
    await expect(
      admin.getByRole('list', { name: 'Issues by kind' }).getByRole('listitem').allTextContents(),
    ).resolves.toEqual([
      'Invalid email: 1',
      'Missing name: 1',
      'Invalid role: 1',
      'Unknown team: 1',
      'Duplicate in file: 1',
    ]);
    await admin.getByText('Ignored column: start date.').waitFor();
    await expect(admin.getByTestId('seat-meter-text').textContent()).resolves.toBe(
      'These 3 invitations need 3 seats; 4 are free.',
    );

    // With issues is shown first: each bad cell is highlighted and the message says what is wrong.
    await expect(admin.getByRole('radio', { name: 'With issues (5)' }).isChecked()).resolves.toBe(true);
    await expect.poll(() => dataRows(admin).count()).toBe(5);
    const flagged = rowsTable(admin).locator('td[data-invalid]');
    await expect(flagged.evaluateAll((cells) => cells.map((cell) => cell.getAttribute('data-field')))).resolves.toEqual(
      ['email', 'role', 'team', 'email', 'name'],
    );
    await expect(flagged.first().evaluate((cell) => getComputedStyle(cell).backgroundColor)).resolves.not.toBe(
      'rgba(0, 0, 0, 0)',
    );
    const ownerRow = dataRows(admin).filter({ hasText: 'olivia@company.com' });
    await expect(ownerRow.locator('td').first().textContent()).resolves.toBe('6');
    await ownerRow.getByText('“owner” is not a role').waitFor();
    await expect(ownerRow.locator('td[data-invalid]').getAttribute('data-field')).resolves.toBe('role');
    await dataRows(admin)
      .filter({ hasText: 'John Smith Jr' })
      .getByText('This email already appears in row 2.')
      .waitFor();
    await dataRows(admin)
      .filter({ hasText: 'sam@company.com' })
      .getByText(/no team named “Mid-Market”/)
      .waitFor();
    await dataRows(admin).filter({ hasText: 'nina@company.com' }).getByText('Name is required.').waitFor();
    await screenshot(admin, 'bulk-preview.png');

    await showRows(admin, /^Valid/);
    await expect.poll(() => dataRows(admin).count()).toBe(3);
    await expect(rowsTable(admin).locator('td[data-invalid]').count()).resolves.toBe(0);
    await showRows(admin, /^All/);
    await expect.poll(() => dataRows(admin).count()).toBe(8);
    await expect(dataRows(admin).locator('td:first-child').allTextContents()).resolves.toEqual([
      '2',
      '3',
      '4',
      '5',
      '6',
      '7',
      '8',
      '9',
    ]);
    await showRows(admin, /^With issues/);
    await expect.poll(() => dataRows(admin).count()).toBe(5);

    // The rows with issues as a CSV, with an issues column, to fix and upload again.
    const invalid = await downloaded(admin, admin.getByRole('link', { name: 'Download rows with issues' }));
    expect(invalid.file.suggestedFilename()).toBe('new-hires-rows-with-issues.csv');
    const records = parse(invalid.text, { columns: true, bom: true }) as Record<string, string>[];
    expect(Object.keys(records[0] ?? {})).toEqual(['email', 'name', 'role', 'team', 'issues']);
    expect(records.map((record) => record.email)).toEqual([
      'not-an-email',
      'olivia@company.com',
      'sam@company.com',
      'john@company.com',
      'nina@company.com',
    ]);
    expect(records.find((record) => record.role === 'owner')?.issues).toMatch(/row 6: .*owner.* is not a role/);

    // Send All Invitations, after a confirmation.
    await admin.getByRole('button', { name: 'Send All Invitations', exact: true }).click();
    const confirm = admin.getByRole('dialog', { name: 'Send All Invitations' });
    await confirm.getByText('Send 3 invitations? Rows with issues are skipped.').waitFor();
    await confirm.getByRole('button', { name: 'Send 3 invitations' }).click();
    await admin
      .getByRole('heading', { name: '3 invitations sent, 5 skipped' })
      .waitFor({ timeout: SERVER_DEADLINE_MS });

    // The Users list shows them Pending.
    await admin.getByRole('link', { name: 'Go to pending invitations' }).click();
    await admin.waitForURL(`${server.url}/admin/users?status=pending`);
    const users = admin.getByRole('table', { name: 'Users' });
    await expect.poll(() => users.locator('tbody tr').count()).toBe(VALID.length);
    for (const person of VALID) {
      await expect(users.getByRole('row', { name: new RegExp(person.name) }).textContent()).resolves.toMatch(
        new RegExp(`${person.email}.*Pending`),
      );
    }
    await expect(users.getByRole('row', { name: /Mike Brown/ }).textContent()).resolves.toMatch(/Enterprise/);
  });

  it('pages through a large file, refuses to send past the seat limit, and never sends twice', {
    timeout: 180_000,
  }, async () => {
    const owner = await signUp(server.url, { workspaceName: 'Initech', name: 'Bill Lumbergh' });
    const rows = Array.from({ length: 130 }, (_, i) => `person${i + 1}@initech.test,Person ${i + 1},sales_rep`);
    const csv = ['email,name,role', ...rows, ''].join('\r\n');

    const page = await newPage();
    await signInInBrowser(page, owner.email);
    await page.goto('/admin/users/bulk');
    await page.getByRole('button', { name: 'Next: upload the completed CSV' }).click();
    await upload(page, 'initech.csv', csv);
    await page.getByRole('heading', { name: 'Review the preview' }).waitFor({ timeout: SERVER_DEADLINE_MS });

    // Nothing has issues, so every row is shown; 50 at a time.
    await expect(page.getByRole('radio', { name: 'All (130)' }).isChecked()).resolves.toBe(true);
    await page.getByText('Every row is ready to invite.').waitFor();
    await page.getByText('Showing 1–50 of 130').waitFor();
    await expect(dataRows(page).count()).resolves.toBe(50);
    const pager = page.getByRole('navigation', { name: 'Rows pages' });
    await pager.getByRole('button', { name: 'Next page' }).click();
    await page.getByText('Showing 51–100 of 130').waitFor();
    await expect(dataRows(page).first().locator('td').first().textContent()).resolves.toBe('52');
    await pager.getByRole('button', { name: 'Next page' }).click();
    await page.getByText('Showing 101–130 of 130').waitFor();
    await expect(dataRows(page).count()).resolves.toBe(30);
    await expect(pager.getByRole('button', { name: 'Next page' }).isDisabled()).resolves.toBe(true);

    // 130 invitations do not fit the 4 free seats of the free plan: the meter says so, the server refuses.
    await expect(page.getByTestId('seat-meter-text').textContent()).resolves.toBe(
      'These 130 invitations need 130 seats; 4 are free.',
    );
    await page.getByText('126 more seats are needed.').waitFor();
    await page.getByRole('button', { name: 'Send All Invitations', exact: true }).click();
    await page
      .getByRole('dialog', { name: 'Send All Invitations' })
      .getByRole('button', { name: 'Send 130 invitations' })
      .click();
    const refusal = page.getByRole('alert').filter({ hasText: 'Not enough seats: nothing was sent' });
    await refusal.waitFor({ timeout: SERVER_DEADLINE_MS });
    await expect(refusal.textContent()).resolves.toMatch(/Admin > Billing/);
    await refusal.getByRole('link', { name: 'Go to Admin > Billing' }).waitFor();
    const summary = await owner.client.get<UsersSummary>('/api/v1/users/summary');
    expect(summary.body.counts.pending).toBe(0);

    // More seats, then the same file is sent from elsewhere: this page's send sends nothing twice.
    const importId = new URL(page.url()).searchParams.get('import') ?? '';
    expect((await owner.client.put('/api/v1/billing/plan', { planId: 'enterprise' })).status).toBe(200);
    expect((await owner.client.post(`/api/v1/invitations/bulk/${importId}/send`)).status).toBe(200);
    await page.getByRole('button', { name: 'Send All Invitations', exact: true }).click();
    await page
      .getByRole('dialog', { name: 'Send All Invitations' })
      .getByRole('button', { name: 'Send 130 invitations' })
      .click();
    await page.getByText('These invitations have already been sent.').waitFor({ timeout: SERVER_DEADLINE_MS });
    await page.getByRole('heading', { name: '130 invitations sent, 0 skipped' }).waitFor();
    const after = await owner.client.get<UsersSummary>('/api/v1/users/summary');
    expect(after.body.counts.pending).toBe(130);
  });
});
