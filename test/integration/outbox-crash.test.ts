import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Page } from '../../src/shared/api/pagination.js';
import type { User } from '../../src/shared/api/users.js';
import { Client } from '../support/client.js';
import { createTestDatabase, type TestDatabase } from '../support/database.js';
import { STRONG_PASSWORD } from '../support/factories.js';
import { type ServerProcess, startServerProcess } from '../support/process.js';
import { type SmtpCatcher, startSmtpCatcher } from '../support/smtp.js';
import { markEmailVerified } from '../support/verified-email.js';

const PEOPLE = 200;

let smtp: SmtpCatcher;
let database: TestDatabase;
const processes: ServerProcess[] = [];

beforeAll(async () => {
  smtp = await startSmtpCatcher();
  database = await createTestDatabase();
});
afterAll(async () => {
  for (const p of processes) await p.kill();
  await smtp?.close();
  await database?.drop();
});

describe('a server killed mid-delivery', () => {
  it('loses no invitation email: after SIGKILL and a restart, all 200 invitees receive theirs', async () => {
    const env = { DATABASE_URL: database.url, SMTP_URL: smtp.url, LOG_LEVEL: 'warn' };
    // A short claim lock so the restarted server takes over the killed one's messages quickly.
    const config = {
      outbox: {
        enabled: true,
        pollMs: 100,
        batchSize: 50,
        maxAttempts: 10,
        backoffBaseMs: 100,
        backoffMaxMs: 1000,
        lockSeconds: 2,
      },
    };
    smtp.delayMs = 40;
    const first = await startServerProcess(env, config);
    processes.push(first);

    const admin = new Client(first.url);
    const signup = await admin.post('/api/v1/auth/signup', {
      workspaceName: 'Crash Test Co',
      name: 'Casey Admin',
      email: 'casey@crash.test',
      password: STRONG_PASSWORD,
    });
    expect(signup.status).toBe(201);
    await markEmailVerified(first.url, 'casey@crash.test');
    await admin.put('/api/v1/billing/plan', { planId: 'enterprise' });
    const emails = Array.from({ length: PEOPLE }, (_, i) => `person${i}@crash.test`);
    for (let i = 0; i < emails.length; i += 20) {
      const answers = await Promise.all(
        emails
          .slice(i, i + 20)
          .map((email, j) => admin.post('/api/v1/invitations', { email, name: `Person ${i + j}`, role: 'sales_rep' })),
      );
      for (const a of answers) expect(a.status, a.text).toBe(201);
    }

    await smtp.waitFor((m) => m.length >= 10, 20_000);
    await first.kill('SIGKILL');
    expect(first.child.signalCode).toBe('SIGKILL');
    // The server itself is gone, not only a launcher in front of it.
    await expect(fetch(new URL('/healthz', first.url))).rejects.toThrow();
    const deliveredBeforeCrash = new Set(smtp.messages.map((m) => m.to)).size;
    expect(deliveredBeforeCrash).toBeLessThan(PEOPLE);

    smtp.delayMs = 0;
    const second = await startServerProcess(env, config);
    processes.push(second);
    // The admin's verification email goes out too: count the invitees only.
    const invitees = (m: { to: string }[]) => new Set(m.map((x) => x.to).filter((to) => to.startsWith('person')));
    await smtp.waitFor((m) => invitees(m).size >= PEOPLE, 60_000);
    const received = new Set(smtp.messages.map((m) => m.to));
    for (const email of emails) expect(received.has(email), email).toBe(true);

    // Every copy of one invitation carries the same Message-ID: duplicates are recognisable.
    const idsByRecipient = new Map<string, Set<string>>();
    for (const m of smtp.messages) {
      const ids = idsByRecipient.get(m.to) ?? new Set();
      ids.add(m.messageId);
      idsByRecipient.set(m.to, ids);
    }
    for (const ids of idsByRecipient.values()) expect(ids.size).toBe(1);

    // And the Users list ends with every email marked sent.
    const relogin = new Client(second.url);
    await relogin.post('/api/v1/auth/login', { email: 'casey@crash.test', password: STRONG_PASSWORD });
    const deadline = Date.now() + 20_000;
    let pendingEmails = PEOPLE;
    while (pendingEmails > 0 && Date.now() < deadline) {
      const page = await relogin.get<Page<User>>('/api/v1/users?status=pending&limit=200');
      pendingEmails = page.body.items.filter((u) => u.emailStatus !== 'sent').length;
      if (pendingEmails > 0) await new Promise((r) => setTimeout(r, 100));
    }
    expect(pendingEmails).toBe(0);
  }, 120_000);
});
