import type { Page } from 'playwright-core';
import { describe, expect, it } from 'vitest';
import { createBulkSender } from '../../src/server/modules/bulk-invites/bulk-send.js';
import { browserSuite, chromiumInstalled, signInInBrowser } from '../support/browser.js';
import { signUp } from '../support/factories.js';

const PEOPLE = 120;
const CHUNK = 40;

// The send job is driven by hand here (no job worker runs in this server), a chunk at a time,
// so the page is seen at each stage of the send, without waiting on a clock.
describe.skipIf(!chromiumInstalled())('the progress of Send All Invitations', () => {
  const suite = browserSuite({
    config: { jobs: { enabled: false, lockSeconds: 30 }, bulkSend: { chunkRows: CHUNK, runMs: 1000 } },
  });

  /** The next chunk of the workspace's running send, as the job would write it. */
  async function writeChunk(): Promise<string> {
    const { ctx } = suite.server.app;
    const job = await ctx.database.db
      .selectFrom('jobs')
      .select('payload')
      .where('type', '=', 'bulk_invite.send')
      .where('status', '=', 'pending')
      .executeTakeFirstOrThrow();
    return createBulkSender(ctx).writeChunk(JSON.parse(job.payload));
  }

  const progressBar = (page: Page) => page.getByRole('progressbar', { name: 'Invitations sent' });

  it('shows the invitations sent of all, keeps the progress over a reload, follows it on the Users page and ends with the result', {
    timeout: 120_000,
  }, async () => {
    const owner = await signUp(suite.server.url, { workspaceName: 'Hooli', name: 'Gavin Belson' });
    expect((await owner.client.put('/api/v1/billing/plan', { planId: 'enterprise' })).status).toBe(200);
    const rows = Array.from({ length: PEOPLE }, (_, i) => `hire${i + 1}@hooli.test,Hire ${i + 1},sales_rep`);

    const page = await suite.page();
    await signInInBrowser(page, owner.email);
    await page.goto('/admin/users/bulk');
    await page.getByRole('button', { name: 'Next: upload the completed CSV' }).click();
    await page.locator('input[type="file"]').setInputFiles({
      name: 'hires.csv',
      mimeType: 'text/csv',
      buffer: Buffer.from(['email,name,role', ...rows, ''].join('\n'), 'utf8'),
    });
    await page.getByRole('heading', { name: 'Review the preview' }).waitFor({ timeout: 20_000 });
    await page.getByRole('button', { name: 'Send All Invitations', exact: true }).click();
    await page
      .getByRole('dialog', { name: 'Send All Invitations' })
      .getByRole('button', { name: `Send ${PEOPLE} invitations` })
      .click();

    // Sending: nothing written yet.
    await page.getByRole('heading', { name: 'Sending invitations from hires.csv' }).waitFor({ timeout: 20_000 });
    await page.getByText(`0 of ${PEOPLE} invitations sent`).waitFor();
    await expect(progressBar(page).getAttribute('aria-valuenow')).resolves.toBe('0');
    await expect(page.getByRole('status').filter({ hasText: 'Sending invitations.' }).count()).resolves.toBe(1);

    // A chunk written: the bar moves and a screen reader hears the quarter reached.
    await writeChunk();
    await page.getByText(`${CHUNK} of ${PEOPLE} invitations sent`).waitFor({ timeout: 20_000 });
    await expect(progressBar(page).getAttribute('aria-valuenow')).resolves.toBe('33');
    await page.getByRole('status').filter({ hasText: '25% of the invitations sent.' }).waitFor();

    // A reload in the middle: the page comes back to the same send, where it is.
    await page.reload();
    await page.getByRole('heading', { name: 'Sending invitations from hires.csv' }).waitFor({ timeout: 20_000 });
    await page.getByText(`${CHUNK} of ${PEOPLE} invitations sent`).waitFor();

    // Away to the Users page: the send is followed there, and its people appear as they come.
    await page.getByRole('link', { name: 'Go to Users' }).click();
    await page.waitForURL(`${suite.server.url}/admin/users`);
    await page.getByText(`${CHUNK} of ${PEOPLE} invitations sent`).waitFor({ timeout: 20_000 });
    const users = page.getByRole('table', { name: 'Users' });
    await users.getByRole('row', { name: /Hire 1\b/ }).waitFor();
    await writeChunk();
    await page.getByText(`${2 * CHUNK} of ${PEOPLE} invitations sent`).waitFor({ timeout: 20_000 });
    await page.getByRole('status').filter({ hasText: '50% of the invitations sent.' }).waitFor();

    // Back to the send, and to its end.
    await page.getByRole('link', { name: 'View the send' }).click();
    await page.getByRole('heading', { name: 'Sending invitations from hires.csv' }).waitFor({ timeout: 20_000 });
    while ((await writeChunk()) === 'more') {
      // The last chunk, and the one that finds no row left and ends the send.
    }
    await page.getByRole('heading', { name: `${PEOPLE} invitations sent, 0 skipped` }).waitFor({ timeout: 20_000 });
    const summary = await owner.client.get<{ counts: { pending: number } }>('/api/v1/users/summary');
    expect(summary.body.counts.pending).toBe(PEOPLE);

    // Once it is over, the Users page has no progress to show.
    await page.getByRole('link', { name: 'Go to pending invitations' }).click();
    await page.waitForURL(`${suite.server.url}/admin/users?status=pending`);
    await expect.poll(() => users.locator('tbody tr').count()).toBeGreaterThan(0);
    await expect(progressBar(page).count()).resolves.toBe(0);
  });
});
