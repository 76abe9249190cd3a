import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Me } from '../../src/shared/api/auth.js';
import type { BulkImport } from '../../src/shared/api/bulk-invites.js';
import type { UsersSummary } from '../../src/shared/api/users.js';
import { createTestDatabase, type TestDatabase } from '../support/database.js';
import { signUp } from '../support/factories.js';
import { peopleCsv, sameSessionOn, until, uploadCsv } from '../support/faults.js';
import { type ServerProcess, startServerProcess } from '../support/process.js';
import { type SmtpCatcher, startSmtpCatcher } from '../support/smtp.js';

const PEOPLE = 20_000;

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

describe('Send All Invitations as a background job, killed mid-send', () => {
  it('answers other workspaces while it runs, counts up while sending, and after SIGKILL and a restart invites every row exactly once and emails each', async () => {
    const env = { DATABASE_URL: database.url, SMTP_URL: smtp.url, LOG_LEVEL: 'warn' };
    // Short claims, so the restarted server takes over the send job and the messages the killed
    // one had claimed; small chunks, so the send is seen under way.
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
      jobs: { enabled: true, lockSeconds: 2 },
      bulkSend: { chunkRows: 100, runMs: 500 },
    };
    const first = await startServerProcess(env, config);
    processes.push(first);
    const admin = await signUp(first.url, { email: 'kim@bulk-crash.test' });
    const other = await signUp(first.url, { email: 'ola@elsewhere.test' });
    expect((await admin.client.put('/api/v1/billing/plan', { planId: 'enterprise' })).status).toBe(200);

    const { csv, emails } = peopleCsv('crash', PEOPLE, 'bulk-crash.test');
    const preview = await uploadCsv(admin.client, csv);
    expect(preview.status, preview.text).toBe(201);
    expect(preview.body.counts).toMatchObject({ rows: PEOPLE, valid: PEOPLE, invalid: 0 });
    const path = `/api/v1/invitations/bulk/${preview.body.id}`;

    const started = await admin.client.post<BulkImport>(`${path}/send`, undefined, {
      headers: { prefer: 'respond-async' },
    });
    expect(started.status, started.text).toBe(202);
    expect(started.headers.get('preference-applied')).toBe('respond-async');
    expect(started.body.status).toBe('sending');
    const again = await admin.client.post<BulkImport>(`${path}/send`);
    expect([again.status, (again.body as unknown as { code: string }).code]).toEqual([409, 'bulk_already_sent']);

    // Under way: the counts grow, another workspace is answered meanwhile, and the emails of the
    // rows written so far are already leaving (not after the last chunk).
    const wanted = new Set(emails);
    const delivered = () => new Set(smtp.messages.map((m) => m.to).filter((to) => wanted.has(to)));
    const seen: number[] = [];
    let emailedWhileSending = false;
    await until(
      'the send seen sending at three growing counts, with emails delivered meanwhile',
      async () => {
        const beforeLook = delivered().size;
        const now = await admin.client.get<BulkImport>(path);
        expect(now.status).toBe(200);
        expect(now.body.status).toBe('sending');
        if (beforeLook > 0) emailedWhileSending = true;
        const me = await other.client.get<Me>('/api/v1/me');
        expect(me.status).toBe(200);
        if (now.body.counts.sent > (seen.at(-1) ?? 0)) seen.push(now.body.counts.sent);
        return seen.length >= 3 && emailedWhileSending ? true : undefined;
      },
      { timeoutMs: 60_000, intervalMs: 5 },
    );
    expect(seen.at(-1)).toBeLessThan(PEOPLE);
    await first.kill('SIGKILL');
    expect(first.child.signalCode).toBe('SIGKILL');

    const second = await startServerProcess(env, config);
    processes.push(second);
    // Sessions live in the database: the same cookies work on the restarted server.
    const client = sameSessionOn(admin.client, second.url);
    const resumed = await client.get<BulkImport>(path);
    expect(resumed.body.status).toBe('sending');
    expect(resumed.body.counts.sent).toBeGreaterThanOrEqual(seen.at(-1) ?? 0);
    const done = await until(
      'the send resumed and finished',
      async () => {
        const now = await client.get<BulkImport>(path);
        return now.body.status === 'sent' ? now.body : undefined;
      },
      { timeoutMs: 120_000, intervalMs: 50 },
    );
    expect(done.counts).toMatchObject({ rows: PEOPLE, sent: PEOPLE, skipped: 0 });
    const summary = await client.get<UsersSummary>('/api/v1/users/summary');
    expect(summary.body.counts.pending).toBe(PEOPLE);

    // Every invitation is delivered: duplicates are allowed, losses are not.
    await smtp.waitFor(() => delivered().size === PEOPLE, 180_000);
    expect(delivered().size).toBe(PEOPLE);
  }, 360_000);
});
