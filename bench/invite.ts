/**
 * npm run bench:invite — single invitations over HTTP into a workspace of 100,000 people, from 16
 * separately signed-in admins (one session per connection, 20 s), on SQLite and, when
 * BENCH_DATABASE_URL or TEST_DATABASE_URL is set, PostgreSQL; then the outbox delivering the
 * queued emails into a local SMTP server. Each figure is printed beside its floor measured in
 * the same run: the same rows inserted directly, and nodemailer's pooled transport alone.
 */
import nodemailer from 'nodemailer';
import { type Database, openDatabase } from '../src/server/db/database.js';
import { isoAfterSeconds, nowIso } from '../src/server/lib/time.js';
import { smtpTransportOptions } from '../src/server/outbox/transport.js';
import { createTestDatabase, type TestDialect } from '../test/support/database.js';
import { type ServerProcess, startServerProcess } from '../test/support/process.js';
import { startSmtpCatcher } from '../test/support/smtp.js';
import {
  benchCompiledServer,
  benchDialects,
  CONNECTIONS,
  cpuMs,
  describeSeed,
  drain,
  type Figure,
  floorInvitation,
  fmt,
  invitationRequest,
  load,
  machine,
  OUTBOX_OFF,
  postgresCpuMs,
  printServerOutput,
  report,
  type Sample,
  signInAll,
  signUpAndSeed,
  stats,
} from './support.js';

const DURATION = Number(process.env.BENCH_DURATION ?? process.env.BENCH_SECONDS ?? 20);
const FLOOR_SECONDS = Math.min(5, DURATION);
const DELIVERY_MESSAGES = Number(process.env.BENCH_MESSAGES ?? 5000);

/**
 * Floor: the same four rows per invitation (user, token, outbox message, audit event) inserted
 * directly, one transaction each, for FLOOR_SECONDS: one after another on SQLite (one writer),
 * CONNECTIONS at a time on PostgreSQL (through the server's pool).
 */
async function invitationFloor(database: Database, workspaceId: string) {
  const samples: Sample[] = [];
  const start = performance.now();
  const end = start + FLOOR_SECONDS * 1000;
  const cpu = process.cpuUsage();
  let index = 0;
  const worker = async () => {
    while (performance.now() < end) {
      const t = performance.now();
      const rows = floorInvitation({ workspaceId, index: index++, now: nowIso(), expiresAt: isoAfterSeconds(604800) });
      await database.transaction(async (trx) => {
        await trx.insertInto('workspace_users').values(rows.user).execute();
        await trx.insertInto('invitation_tokens').values(rows.token).execute();
        await trx.insertInto('outbox').values(rows.message).execute();
        await trx.insertInto('audit_events').values(rows.audit).execute();
      });
      const now = performance.now();
      samples.push({ label: 'floor', end: now, ms: now - t, status: 200 });
    }
  };
  await Promise.all(Array.from({ length: database.dialect === 'sqlite' ? 1 : CONNECTIONS }, worker));
  const used = process.cpuUsage(cpu);
  const result = stats(samples, (performance.now() - start) / 1000);
  return { ...result, cpuMs: database.dialect === 'sqlite' ? (used.user + used.system) / 1000 / samples.length : null };
}

async function benchDialect(dialect: TestDialect) {
  const database = await createTestDatabase(dialect);
  let server: ServerProcess | null = null;
  try {
    const { owner, seeded } = await signUpAndSeed(database, {
      env: { SMTP_URL: 'smtp://127.0.0.1:9' },
      workspaceName: 'Invite Bench',
      email: `admin-${dialect}@bench.test`,
      tag: '',
    });

    server = await startServerProcess(
      { DATABASE_URL: database.url, LOG_LEVEL: 'warn', SMTP_URL: 'smtp://127.0.0.1:9' },
      OUTBOX_OFF,
    );
    const sessions = await signInAll(server.url, seeded.adminEmails);
    const perConnection = (i: number) => [
      invitationRequest({
        session: sessions[i % sessions.length] ?? { cookie: '', csrfToken: '' },
        prefix: `c${i}.p`,
        domain: 'bench.test',
        name: 'Person',
      }),
    ];
    // Warm-up (not measured): statements compiled, code optimised.
    await load({ url: server.url, duration: 2, perConnection: (i) => perConnection(i + CONNECTIONS) });
    await drain(server.url);
    const cpuBefore = cpuMs(server.pid);
    const postgresBefore = dialect === 'postgres' ? postgresCpuMs(database.url) : 0;
    const http = await load({ url: server.url, duration: DURATION, perConnection });
    await drain(server.url);
    const serverCpuMs = (cpuMs(server.pid) - cpuBefore) / Math.max(1, http.count);
    const postgresCpu =
      dialect === 'postgres' ? (postgresCpuMs(database.url) - postgresBefore) / Math.max(1, http.count) : null;
    await server.kill('SIGTERM');
    server = null;

    const writer = openDatabase(database.config);
    const floor = await invitationFloor(writer, owner.workspaceId);
    await writer.close();

    // Delivery: the worker drains queued invitation emails into a local SMTP server.
    const smtp = await startSmtpCatcher({ parse: false });
    const queued = Math.min(http.count - http.non2xx, DELIVERY_MESSAGES);
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
      { outbox: { ...OUTBOX_OFF.outbox, enabled: true, pollMs: 50 } },
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

    const sqlite = dialect === 'sqlite';
    const figures: Figure[] = [
      {
        bench: 'bench:invite',
        database: dialect,
        figure: 'single invitations, 16 admins: invitations/s',
        value: http.perSecond,
        unit: '/s',
        floor: floor.perSecond,
        target: { op: '≥', value: sqlite ? 1600 : 800 },
      },
      {
        bench: 'bench:invite',
        database: dialect,
        figure: 'single invitations, 16 admins: p95',
        value: http.p95,
        unit: 'ms',
        floor: floor.p95,
        target: { op: '≤', value: 25 },
      },
      {
        bench: 'bench:invite',
        database: dialect,
        figure: `outbox → SMTP, ${queued.toLocaleString('en-US')} messages: messages/s`,
        value: measured / deliverySeconds,
        unit: '/s',
        floor: queued / floorDeliverySeconds,
        // An earlier issue's target, on SQLite.
        target: sqlite ? { op: '≥', value: 1000 } : null,
      },
    ];
    if (http.non2xx + http.errors > 0) {
      figures.push({
        bench: 'bench:invite',
        database: dialect,
        figure: 'single invitations: failed answers',
        value: http.non2xx + http.errors,
        unit: '',
        floor: null,
        target: { op: '≤', value: 0 },
      });
    }
    const note =
      `${dialect}: ${describeSeed(seeded)}. Invitations: ${http.count.toLocaleString('en-US')} in ${DURATION} s, ` +
      `p50 / p95 / p99 / max ${[http.p50, http.p95, http.p99, http.max].map((v) => fmt(v, 1)).join(' / ')} ms, ` +
      `${http.non2xx + http.errors} failed; server CPU ${fmt(serverCpuMs, 2)} ms per invitation` +
      (postgresCpu === null ? '' : `, PostgreSQL's processes ${fmt(postgresCpu, 2)} ms`) +
      `. Floor: ${floor.count.toLocaleString('en-US')} direct inserts, p50 / p95 ${fmt(floor.p50, 2)} / ${fmt(floor.p95, 2)} ms` +
      (floor.cpuMs === null ? '' : `, ${fmt(floor.cpuMs, 2)} ms CPU each`) +
      '.';
    return { figures, note };
  } catch (error) {
    printServerOutput(server);
    throw error;
  } finally {
    await server?.kill();
    await database.drop();
  }
}

await benchCompiledServer();
const results = [];
for (const dialect of benchDialects()) results.push(await benchDialect(dialect));
report(
  'bench-invite',
  `bench:invite — ${new Date().toISOString()} — ${machine()} — 100,000 people, ${CONNECTIONS} connections (each its own admin's session), ${DURATION} s`,
  results.flatMap((r) => r.figures),
  results.map((r) => r.note),
);
