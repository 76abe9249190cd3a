/**
 * npm run bench:invite — single invitations over HTTP (16 connections, 20 s) on SQLite and, when
 * BENCH_DATABASE_URL or TEST_DATABASE_URL is set, PostgreSQL; then the outbox delivering the
 * queued emails into a local SMTP server. Each figure is printed beside its floor measured in
 * the same run: the same rows inserted directly, and nodemailer's pooled transport alone.
 */
import nodemailer from 'nodemailer';
import { openDatabase } from '../src/server/db/database.js';
import { isoAfterSeconds, nowIso } from '../src/server/lib/time.js';
import { smtpTransportOptions } from '../src/server/outbox/transport.js';
import { Client } from '../test/support/client.js';
import { createTestDatabase, type TestDialect } from '../test/support/database.js';
import { startServerProcess } from '../test/support/process.js';
import { startSmtpCatcher } from '../test/support/smtp.js';
import { markEmailVerified } from '../test/support/verified-email.js';
import {
  benchCompiledServer,
  cpuMs,
  floorInvitation,
  fmt,
  invitationRequest,
  load,
  machine,
  OUTBOX_OFF,
  table,
} from './support.js';

const DURATION = Number(process.env.BENCH_DURATION ?? 20);
const CONNECTIONS = 16;
const DELIVERY_MESSAGES = Number(process.env.BENCH_MESSAGES ?? 5000);
const PASSWORD = 'violet-harbor-lantern-93';

type Row = Record<string, string | number>;

async function benchDialect(dialect: TestDialect): Promise<{ invite: Row; delivery: Row }> {
  const database = await createTestDatabase(dialect);
  const server = await startServerProcess(
    { DATABASE_URL: database.url, LOG_LEVEL: 'warn', SMTP_URL: 'smtp://127.0.0.1:9' },
    OUTBOX_OFF,
  );
  try {
    const admin = new Client(server.url);
    await admin.post('/api/v1/auth/signup', {
      workspaceName: 'Bench',
      name: 'Bench Admin',
      email: `admin-${dialect}@bench.test`,
      password: PASSWORD,
    });
    // Inviting needs a verified email.
    await markEmailVerified(server.url, `admin-${dialect}@bench.test`);
    await admin.put('/api/v1/billing/plan', { planId: 'enterprise' });
    const cookie = [...admin.cookies].map(([k, v]) => `${k}=${v}`).join('; ');
    const cpuBefore = cpuMs(server.pid);
    const http = await load({
      url: server.url,
      connections: CONNECTIONS,
      duration: DURATION,
      requests: [
        invitationRequest({
          cookie,
          csrfToken: admin.csrfToken() ?? '',
          prefix: 'p',
          domain: 'bench.test',
          name: 'Person',
        }),
      ],
    });
    const serverCpuMs = (cpuMs(server.pid) - cpuBefore) / Math.max(1, http.requests);
    await server.kill('SIGTERM');

    // Floor: the same four rows per invitation (user, token, outbox message, audit event), inserted directly,
    // one transaction per invitation, sequentially, in this process.
    const db = openDatabase(database.config);
    const workspace = await db.db.selectFrom('workspaces').select(['id']).executeTakeFirstOrThrow();
    const floorCount = Math.min(http.requests, 20000);
    const start = performance.now();
    for (let i = 0; i < floorCount; i++) {
      const rows = floorInvitation({
        workspaceId: workspace.id,
        index: i,
        now: nowIso(),
        expiresAt: isoAfterSeconds(604800),
      });
      await db.db.transaction().execute(async (trx) => {
        await trx.insertInto('workspace_users').values(rows.user).execute();
        await trx.insertInto('invitation_tokens').values(rows.token).execute();
        await trx.insertInto('outbox').values(rows.message).execute();
        await trx.insertInto('audit_events').values(rows.audit).execute();
      });
    }
    const floorPerSecond = floorCount / ((performance.now() - start) / 1000);
    await db.close();

    // Delivery: the worker drains queued invitation emails into a local SMTP server.
    const smtp = await startSmtpCatcher({ parse: false });
    const queued = Math.min(http.requests - http.non2xx, DELIVERY_MESSAGES);
    const dbc = openDatabase(database.config);
    // Keep exactly `queued` messages due; the rest wait, so runs are comparable.
    const ids = await dbc.db
      .selectFrom('outbox')
      .select('id')
      .where('status', '=', 'queued')
      .orderBy('created_at')
      .execute();
    const later = ids.slice(queued).map((r) => r.id);
    for (let i = 0; i < later.length; i += 500) {
      await dbc.db
        .updateTable('outbox')
        .set({ next_attempt_at: '9999-01-01T00:00:00.000Z' })
        .where('id', 'in', later.slice(i, i + 500))
        .execute();
    }
    await dbc.close();
    const worker = await startServerProcess(
      { DATABASE_URL: database.url, LOG_LEVEL: 'warn', SMTP_URL: smtp.url },
      {
        outbox: { ...OUTBOX_OFF.outbox, enabled: true, pollMs: 50 },
      },
    );
    // The rate from the first message to the last: process start-up is not delivery.
    await smtp.waitFor((m) => m.length >= 1, 60_000);
    const deliveryStart = performance.now();
    const first = smtp.messages.length;
    await smtp.waitFor((m) => m.length >= queued, 120_000);
    const deliverySeconds = (performance.now() - deliveryStart) / 1000;
    const measured = queued - first;
    await worker.kill('SIGTERM');
    smtp.messages.length = 0;

    // Floor: nodemailer's pooled transport alone (same settings), same SMTP server, same message size.
    const transport = nodemailer.createTransport(smtpTransportOptions(smtp.url));
    const floorStart = performance.now();
    await Promise.all(
      Array.from({ length: queued }, (_, i) =>
        transport.sendMail({
          from: 'bench@bench.test',
          to: `floor${i}@bench.test`,
          subject: 'Floor',
          text: 'x'.repeat(600),
          html: 'x'.repeat(2500),
        }),
      ),
    );
    const floorDeliverySeconds = (performance.now() - floorStart) / 1000;
    transport.close();
    await smtp.close();

    const ours = measured / deliverySeconds;
    const floorRate = queued / floorDeliverySeconds;
    return {
      invite: {
        database: dialect,
        'invitations/s': fmt(http.perSecond, 0),
        p50: `${fmt(http.p50)} ms`,
        p95: `${fmt(http.p95)} ms`,
        p99: `${fmt(http.p99)} ms`,
        'non-2xx': http.non2xx,
        'server CPU per invitation': `${fmt(serverCpuMs, 2)} ms`,
        'floor: direct inserts/s': fmt(floorPerSecond, 0),
        'ours ÷ floor': fmt(http.perSecond / floorPerSecond, 2),
      },
      delivery: {
        database: dialect,
        messages: queued,
        'outbox → SMTP msg/s': fmt(ours, 0),
        'floor: nodemailer pooled msg/s': fmt(floorRate, 0),
        'ours ÷ floor': fmt(ours / floorRate, 2),
      },
    };
  } finally {
    await server.kill();
    await database.drop();
  }
}

await benchCompiledServer();
const dialects: TestDialect[] = ['sqlite'];
if (process.env.BENCH_DATABASE_URL || process.env.TEST_DATABASE_URL) {
  process.env.TEST_DATABASE_URL ??= process.env.BENCH_DATABASE_URL;
  dialects.push('postgres');
}
const results = [];
for (const dialect of dialects) results.push(await benchDialect(dialect));
console.log(
  `\nbench:invite — ${new Date().toISOString()} — ${machine()} — ${CONNECTIONS} connections, ${DURATION} s\n`,
);
console.log(table(results.map((r) => r.invite)));
console.log('');
console.log(table(results.map((r) => r.delivery)));
