import pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Me } from '../../src/shared/api/auth.js';
import type { Billing } from '../../src/shared/api/billing.js';
import type { BulkImport } from '../../src/shared/api/bulk-invites.js';
import type { Channel, Message } from '../../src/shared/api/chat.js';
import type { Page } from '../../src/shared/api/pagination.js';
import type { Team } from '../../src/shared/api/teams.js';
import type { User } from '../../src/shared/api/users.js';
import type { Client, OrProblem } from '../support/client.js';
import { createTestDatabase, type TestDatabase, testDialect } from '../support/database.js';
import { type SignedUp, signUp } from '../support/factories.js';
import { peopleCsv, sameSessionOn, until, uploadCsv } from '../support/faults.js';
import { type ServerProcess, startServerProcess } from '../support/process.js';
import { type SmtpCatcher, startSmtpCatcher } from '../support/smtp.js';
import { openEventStream } from '../support/sse.js';

const BULK = 10_000;

describe.skipIf(testDialect() !== 'postgres')('two server processes on one PostgreSQL database', () => {
  let smtp: SmtpCatcher;
  let database: TestDatabase;
  let one: ServerProcess;
  let two: ServerProcess;

  beforeAll(async () => {
    smtp = await startSmtpCatcher({ parse: false });
    database = await createTestDatabase();
    const env = { DATABASE_URL: database.url, SMTP_URL: smtp.url, LOG_LEVEL: 'warn' };
    // Both processes run an outbox worker. Claims last longer than any batch takes to send, so
    // nothing is taken over while it is being delivered: without a crash, each message goes once.
    const config = {
      outbox: {
        enabled: true,
        pollMs: 50,
        batchSize: 100,
        maxAttempts: 10,
        backoffBaseMs: 100,
        backoffMaxMs: 1000,
        lockSeconds: 120,
      },
    };
    [one, two] = await Promise.all([startServerProcess(env, config), startServerProcess(env, config)]);
  }, 90_000);
  afterAll(async () => {
    await one?.kill();
    await two?.kill();
    await smtp?.close();
    await database?.drop();
  });

  /** The same session on the other process. */
  const onTwo = (admin: SignedUp): Client => sameSessionOn(admin.client, two.url);

  it('shares sessions: one signed in on one process is signed in on the other, and signed out on both', async () => {
    const admin = await signUp(one.url);
    const there = onTwo(admin);
    const me = await there.get<Me>('/api/v1/me');
    expect(me.status, me.text).toBe(200);
    expect(me.body.user.id).toBe(admin.user.id);
    // An unsafe request with the same CSRF token, on the other process.
    const team = await there.post<Team>('/api/v1/teams', { name: 'Made on two' });
    expect(team.status, team.text).toBe(201);
    const teams = await admin.client.get<Page<Team>>('/api/v1/teams');
    expect(teams.body.items.map((t) => t.name)).toContain('Made on two');
    expect((await there.post('/api/v1/auth/logout')).status).toBe(204);
    expect((await admin.client.get('/api/v1/me')).status).toBe(401);
  });

  it('delivers a 10,000-row bulk send exactly once in total with both outbox workers running', async () => {
    const admin = await signUp(one.url);
    expect((await admin.client.put('/api/v1/billing/plan', { planId: 'enterprise' })).status).toBe(200);
    const { csv, emails } = peopleCsv('once', BULK, 'two-processes.test');
    const preview = await uploadCsv(admin.client, csv);
    expect(preview.status, preview.text).toBe(201);
    expect(preview.body.counts.valid).toBe(BULK);
    const sent = await onTwo(admin).post<BulkImport>(`/api/v1/invitations/bulk/${preview.body.id}/send`);
    expect(sent.status, sent.text).toBe(200);
    expect(sent.body.counts.sent).toBe(BULK);

    const wanted = new Set(emails);
    const delivered = () => smtp.messages.filter((m) => wanted.has(m.to));
    await smtp.waitFor(() => new Set(delivered().map((m) => m.to)).size === BULK, 180_000);
    // Every message recorded as sent: nothing is left that a worker could still send again.
    const outbox = new pg.Client({ connectionString: database.url });
    await outbox.connect();
    try {
      await until('every bulk message marked sent', async () => {
        const { rows } = await outbox.query<{ n: string }>(
          `select count(*) as n from outbox where to_address like '%@two-processes.test' and status <> 'sent'`,
        );
        return Number(rows[0]?.n) === 0 ? true : undefined;
      });
    } finally {
      await outbox.end();
    }
    const perRecipient = new Map<string, number>();
    for (const m of delivered()) perRecipient.set(m.to, (perRecipient.get(m.to) ?? 0) + 1);
    const twice = [...perRecipient].filter(([, n]) => n !== 1);
    expect(twice).toEqual([]);
    expect(perRecipient.size).toBe(BULK);
  }, 300_000);

  it('never exceeds the seat limit when 20 invitations race across both processes', async () => {
    const admin = await signUp(one.url);
    // A new workspace is on the free plan: 5 seats, one of them the admin's.
    const billing = await admin.client.get<Billing>('/api/v1/billing');
    expect(billing.body.seats.available).toBe(4);
    const clients = [admin.client, onTwo(admin)];
    const answers = await Promise.all(
      Array.from({ length: 20 }, (_, i) =>
        clients[i % 2]?.post<OrProblem<User>>('/api/v1/invitations', {
          email: `race${i}@seats.test`,
          name: `Racer ${i}`,
          role: 'sales_rep',
        }),
      ),
    );
    const statuses = answers.map((a) => a?.status);
    expect(statuses.filter((s) => s === 201)).toHaveLength(4);
    for (const a of answers.filter((x) => x?.status !== 201)) {
      expect(a?.status, a?.text).toBe(409);
      expect(a?.body.code).toBe('seat_limit_reached');
    }
    const after = await onTwo(admin).get<Billing>('/api/v1/billing');
    expect(after.body.seats).toMatchObject({ used: 5, available: 0 });
  });

  it('streams #general messages posted on one process to a stream opened on the other within a second', async () => {
    const admin = await signUp(one.url);
    const channels = await admin.client.get<Page<Channel>>('/api/v1/channels');
    const general = channels.body.items.find((c) => c.name === 'general');
    expect(general).toBeDefined();
    const path = `/api/v1/channels/${general?.id}/stream`;
    const streamOnTwo = await openEventStream(onTwo(admin), path);
    const streamOnOne = await openEventStream(admin.client, path);
    expect([streamOnTwo.status, streamOnOne.status]).toEqual([200, 200]);
    try {
      for (let i = 0; i < 3; i++) {
        const fromOne = await admin.client.post<Message>(`/api/v1/channels/${general?.id}/messages`, {
          body: `from one ${i}`,
        });
        expect(fromOne.status, fromOne.text).toBe(201);
        await streamOnTwo.next(fromOne.body.id, 1000);
        const fromTwo = await onTwo(admin).post<Message>(`/api/v1/channels/${general?.id}/messages`, {
          body: `from two ${i}`,
        });
        expect(fromTwo.status, fromTwo.text).toBe(201);
        await streamOnOne.next(fromTwo.body.id, 1000);
      }
      // Each message once per stream.
      expect(new Set(streamOnTwo.events.map((e) => e.id)).size).toBe(streamOnTwo.events.length);
    } finally {
      streamOnTwo.close();
      streamOnOne.close();
    }
  });
});
