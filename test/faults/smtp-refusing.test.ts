import { afterEach, describe, expect, it } from 'vitest';
import type { Page } from '../../src/shared/api/pagination.js';
import type { User } from '../../src/shared/api/users.js';
import type { Client } from '../support/client.js';
import { signUp } from '../support/factories.js';
import { until } from '../support/faults.js';
import { freePort } from '../support/process.js';
import { startTestServer, type TestServer } from '../support/server.js';
import { type SmtpCatcher, startSmtpCatcher } from '../support/smtp.js';

const servers: TestServer[] = [];
const catchers: SmtpCatcher[] = [];
afterEach(async () => {
  // The server first: its pooled SMTP connections close with it, so the catcher closes at once.
  for (const s of servers.splice(0)) await s.close();
  for (const c of catchers.splice(0)) await c.close();
});

/** A server whose SMTP_URL points at a port where nothing listens (yet). */
async function serverWithDeadSmtp(outbox: { maxAttempts: number; backoffBaseMs: number; backoffMaxMs: number }) {
  const port = await freePort();
  const server = await startTestServer({
    env: { SMTP_URL: `smtp://127.0.0.1:${port}` },
    config: { outbox: { enabled: true, pollMs: 50, batchSize: 50, lockSeconds: 30, ...outbox } },
  });
  servers.push(server);
  return { server, port };
}

async function invite(client: Client, emails: string[]): Promise<void> {
  for (const email of emails) {
    const answer = await client.post('/api/v1/invitations', { email, name: email.split('@')[0], role: 'sales_rep' });
    expect(answer.status, answer.text).toBe(201);
  }
}

async function usersByEmail(client: Client, emails: string[]): Promise<Map<string, User>> {
  const page = await client.get<Page<User>>('/api/v1/users?status=pending&limit=200');
  expect(page.status).toBe(200);
  return new Map(page.body.items.filter((u) => emails.includes(u.email)).map((u) => [u.email, u]));
}

function outboxRows(server: TestServer, emails: string[]) {
  return server.app.ctx.database.db
    .selectFrom('outbox')
    .select(['to_address', 'status', 'attempts', 'last_error'])
    .where('to_address', 'in', emails)
    .execute();
}

describe('SMTP refusing connections', () => {
  it('keeps retrying while the mail server is down and delivers everything once it is up', async () => {
    // 40 attempts of at most 150 ms: several retries happen well inside the budget.
    const { server, port } = await serverWithDeadSmtp({ maxAttempts: 40, backoffBaseMs: 50, backoffMaxMs: 150 });
    const admin = await signUp(server.url);
    await admin.client.put('/api/v1/billing/plan', { planId: 'team' });
    const emails = Array.from({ length: 6 }, (_, i) => `refused${i}@smtp-down.test`);
    await invite(admin.client, emails);

    // Every message is tried more than once, and each failure is recorded as a retry, not a failure.
    const retried = await until('every invitation email retried at least twice', async () => {
      const rows = await outboxRows(server, emails);
      return rows.length === emails.length && rows.every((r) => r.attempts >= 2) ? rows : undefined;
    });
    for (const row of retried) {
      expect(['queued', 'sending']).toContain(row.status);
      expect(row.attempts).toBeLessThan(40);
    }
    expect(retried.some((r) => /ECONNREFUSED/.test(r.last_error ?? ''))).toBe(true);
    const waiting = await usersByEmail(admin.client, emails);
    expect([...waiting.values()].map((u) => u.emailStatus)).toEqual(emails.map(() => 'queued'));

    // The mail server comes up on that port: everything is delivered, and the list says sent.
    const smtp = await startSmtpCatcher({ port });
    catchers.push(smtp);
    await smtp.waitFor((m) => emails.every((e) => m.some((x) => x.to === e)), 20_000);
    await until('every emailStatus sent', async () => {
      const users = await usersByEmail(admin.client, emails);
      return emails.every((e) => users.get(e)?.emailStatus === 'sent') ? true : undefined;
    });
    const rows = await outboxRows(server, emails);
    expect(rows.map((r) => r.status)).toEqual(emails.map(() => 'sent'));
  });

  it('marks an email failed once its attempts are used up, shows it in the users list, and a resend delivers it', async () => {
    // Two attempts each for the admin's verification email and two invitations: six refused
    // connections in all.
    const { server, port } = await serverWithDeadSmtp({ maxAttempts: 2, backoffBaseMs: 20, backoffMaxMs: 50 });
    const admin = await signUp(server.url);
    const emails = ['given-up0@smtp-down.test', 'given-up1@smtp-down.test'];
    await invite(admin.client, emails);

    const failed = await until('both invitation emails failed', async () => {
      const users = await usersByEmail(admin.client, emails);
      return emails.every((e) => users.get(e)?.emailStatus === 'failed') ? users : undefined;
    });
    const rows = await outboxRows(server, emails);
    expect(rows.map((r) => [r.status, r.attempts])).toEqual(emails.map(() => ['failed', 2]));
    // Still a pending invitation holding its seat: only the email failed.
    for (const user of failed.values()) expect(user.status).toBe('pending');

    const smtp = await startSmtpCatcher({ port });
    catchers.push(smtp);
    const target = failed.get(emails[0] ?? '');
    const resent = await admin.client.post<User>(`/api/v1/users/${target?.id}/resend`);
    expect(resent.status, resent.text).toBe(200);
    expect(resent.body.emailStatus).toBe('queued');
    await smtp.waitFor((m) => m.some((x) => x.to === emails[0]), 20_000);
    await until('the resent email marked sent', async () => {
      const users = await usersByEmail(admin.client, emails);
      return users.get(emails[0] ?? '')?.emailStatus === 'sent' ? users : undefined;
    });
    // The other one was not resent: it stays failed, and nothing was sent to it.
    expect((await usersByEmail(admin.client, emails)).get(emails[1] ?? '')?.emailStatus).toBe('failed');
    expect(smtp.messages.filter((m) => m.to === emails[1])).toHaveLength(0);
  });
});
