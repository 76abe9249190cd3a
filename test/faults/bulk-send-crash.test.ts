import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { BulkImport } from '../../src/shared/api/bulk-invites.js';
import type { UsersSummary } from '../../src/shared/api/users.js';
import { createTestDatabase, type TestDatabase } from '../support/database.js';
import { signUp } from '../support/factories.js';
import { peopleCsv, sameSessionOn, until, uploadCsv, watchWrites } from '../support/faults.js';
import { type ServerProcess, startServerProcess } from '../support/process.js';
import { type SmtpCatcher, startSmtpCatcher } from '../support/smtp.js';

const PEOPLE = 3000;

let smtp: SmtpCatcher;
let database: TestDatabase;
const processes: ServerProcess[] = [];

beforeAll(async () => {
  // Thousands of messages: count recipients from the envelope instead of parsing each one.
  smtp = await startSmtpCatcher({ parse: false });
  database = await createTestDatabase();
});
afterAll(async () => {
  for (const p of processes) await p.kill();
  await smtp?.close();
  await database?.drop();
});

describe('a server killed during Send All Invitations', () => {
  it('leaves all of the file’s invitations or none, and every invitation made is emailed after a restart', async () => {
    const env = { DATABASE_URL: database.url, SMTP_URL: smtp.url, LOG_LEVEL: 'warn' };
    // A short claim lock, so the restarted server takes over messages the killed one had claimed.
    const config = {
      outbox: {
        enabled: true,
        pollMs: 100,
        batchSize: 200,
        maxAttempts: 10,
        backoffBaseMs: 100,
        backoffMaxMs: 1000,
        lockSeconds: 2,
      },
    };
    const first = await startServerProcess(env, config);
    processes.push(first);
    const admin = await signUp(first.url, { email: 'kim@bulk-crash.test' });
    expect((await admin.client.put('/api/v1/billing/plan', { planId: 'enterprise' })).status).toBe(200);
    // The admin's verification email goes first, so the outbox is quiet when the send starts.
    await smtp.waitFor((m) => m.some((x) => x.to === admin.email), 20_000);

    const { csv, emails } = peopleCsv('crash', PEOPLE, 'bulk-crash.test');
    const preview = await uploadCsv(admin.client, csv);
    expect(preview.status, preview.text).toBe(201);
    expect(preview.body.counts).toMatchObject({ rows: PEOPLE, valid: PEOPLE, invalid: 0 });

    // Kill the server as soon as a write transaction is seen twice in a row after the send
    // started: that is the send's one transaction (nothing else writes meanwhile). Should it be
    // over before it is seen, the kill lands after the commit; the outcome must hold either way.
    const probe = await watchWrites(database.url);
    let answered = false;
    const sending = admin.client
      .post(`/api/v1/invitations/bulk/${preview.body.id}/send`)
      .then((a) => {
        answered = true;
        return a.status;
      })
      .catch(() => 'connection lost' as const);
    let seen = 0;
    try {
      await until(
        'the send transaction running, or the send answered',
        async () => {
          seen = (await probe.writing()) ? seen + 1 : 0;
          return seen >= 2 || answered ? true : undefined;
        },
        { timeoutMs: 30_000, intervalMs: 2 },
      );
    } finally {
      await first.kill('SIGKILL');
      await probe.close();
    }
    expect(first.child.signalCode).toBe('SIGKILL');
    const outcome = await sending;
    expect([200, 'connection lost']).toContain(outcome);

    const second = await startServerProcess(env, config);
    processes.push(second);
    // Sessions live in the database: the same cookies work on the restarted server.
    const client = sameSessionOn(admin.client, second.url);
    const bulk = await client.get<BulkImport>(`/api/v1/invitations/bulk/${preview.body.id}`);
    expect(bulk.status, bulk.text).toBe(200);
    const summary = await client.get<UsersSummary>('/api/v1/users/summary');
    const pending = summary.body.counts.pending;
    // All or none: the import's status and the invitations agree.
    if (bulk.body.status === 'sent') expect(pending).toBe(PEOPLE);
    else expect([bulk.body.status, pending]).toEqual(['draft', 0]);
    if (outcome === 200) expect(bulk.body.status).toBe('sent');

    if (bulk.body.status === 'draft') {
      const again = await client.post<BulkImport>(`/api/v1/invitations/bulk/${preview.body.id}/send`);
      expect(again.status, again.text).toBe(200);
      expect(again.body.counts.sent).toBe(PEOPLE);
    }

    // Every invitation that exists is delivered: duplicates are allowed, losses are not.
    const wanted = new Set(emails);
    const delivered = () => new Set(smtp.messages.map((m) => m.to).filter((to) => wanted.has(to)));
    await smtp.waitFor(() => delivered().size === PEOPLE, 120_000);
    expect(delivered().size).toBe(PEOPLE);
    const final = await client.get<UsersSummary>('/api/v1/users/summary');
    expect(final.body.counts.pending).toBe(PEOPLE);
  }, 240_000);
});
