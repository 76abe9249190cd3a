/**
 * npm run bench:bulk — a generated 100,000-row CSV through the real server (its own process):
 * upload until the preview is ready, then Send All, and the server's peak RSS; beside floors
 * measured in the same run: csv-parse alone on the same file, and the same rows inserted raw
 * in one transaction (prepared statements on SQLite, COPY on PostgreSQL), with no checks. SQLite always; PostgreSQL when BENCH_DATABASE_URL or
 * TEST_DATABASE_URL is set.
 */
import { parse } from 'csv-parse';
import { type Database, openDatabase } from '../src/server/db/database.js';
import type { Row } from '../src/server/db/schema.js';
import { newId } from '../src/server/lib/secrets.js';
import { isoAfterSeconds, nowIso } from '../src/server/lib/time.js';
import type { BulkImport } from '../src/shared/api/bulk-invites.js';
import { Client } from '../test/support/client.js';
import { createTestDatabase, type TestDialect } from '../test/support/database.js';
import { draftImportRow } from '../test/support/factories.js';
import { startServerProcess } from '../test/support/process.js';
import { markEmailVerified } from '../test/support/verified-email.js';
import { benchCompiledServer, floorInvitation, fmt, machine, OUTBOX_OFF, peakRssMb, rssMb, table } from './support.js';

const ROWS = Number(process.env.BENCH_ROWS ?? 100_000);
const PASSWORD = 'violet-harbor-lantern-93';

function generateCsv(rows: number): string {
  const lines = ['email,name,role,team'];
  const roles = ['sales_rep', 'manager', 'admin'];
  const teams = ['Enterprise', 'SMB', ''];
  for (let i = 0; i < rows; i++) {
    // One row in a hundred has an issue, as real files do.
    const email = i % 100 === 99 ? `broken-${i}` : `person.${i}@bulk-bench.test`;
    lines.push(`${email},"Person ${i}, Jr.",${roles[i % 3]},${teams[i % 3]}`);
  }
  return `${lines.join('\r\n')}\r\n`;
}

async function parseFloor(csv: string): Promise<number> {
  const start = performance.now();
  let count = 0;
  const parser = parse({ bom: true, relax_column_count: true });
  const done = (async () => {
    for await (const _ of parser) count += 1;
  })();
  const buffer = Buffer.from(csv);
  for (let i = 0; i < buffer.length; i += 65536) parser.write(buffer.subarray(i, i + 65536));
  parser.end();
  await done;
  if (count !== ROWS + 1) throw new Error(`parsed ${count} records`);
  return (performance.now() - start) / 1000;
}

async function insertFloor(
  database: Database,
  workspaceId: string,
): Promise<{ previewRows: number; invitations: number }> {
  const importId = newId();
  const now = nowIso();
  const previewStart = performance.now();
  await database.transaction(async (trx) => {
    await trx
      .insertInto('bulk_imports')
      .values(draftImportRow({ id: importId, workspaceId, fileName: 'floor.csv', rows: ROWS, now }))
      .execute();
    for (let i = 0; i < ROWS; i += 1000) {
      const rows: Row<'bulk_import_rows'>[] = [];
      for (let j = i; j < Math.min(ROWS, i + 1000); j++) {
        rows.push({
          import_id: importId,
          row_number: j + 2,
          email: `floor.${j}@x.test`,
          name: `Person ${j}, Jr.`,
          role: 'sales_rep',
          team: '',
          team_id: null,
          valid: 1,
          issues: null,
        });
      }
      await database.bulkInsert(trx, 'bulk_import_rows', rows);
    }
  });
  const previewRows = (performance.now() - previewStart) / 1000;
  const sendStart = performance.now();
  await database.transaction(async (trx) => {
    const expires = isoAfterSeconds(604800);
    for (let i = 0; i < ROWS; i += 1000) {
      const users: Row<'workspace_users'>[] = [];
      const tokens: Row<'invitation_tokens'>[] = [];
      const outbox: Row<'outbox'>[] = [];
      for (let j = i; j < Math.min(ROWS, i + 1000); j++) {
        const rows = floorInvitation({ workspaceId, index: j, now, expiresAt: expires });
        users.push(rows.user);
        tokens.push(rows.token);
        outbox.push(rows.message);
      }
      await database.bulkInsert(trx, 'workspace_users', users);
      await database.bulkInsert(trx, 'invitation_tokens', tokens);
      await database.bulkInsert(trx, 'outbox', outbox);
    }
  });
  return { previewRows, invitations: (performance.now() - sendStart) / 1000 };
}

async function benchDialect(dialect: TestDialect, csv: string, parseSeconds: number) {
  const database = await createTestDatabase(dialect);
  const server = await startServerProcess({ DATABASE_URL: database.url, LOG_LEVEL: 'warn' }, OUTBOX_OFF);
  try {
    const admin = new Client(server.url);
    await admin.post('/api/v1/auth/signup', {
      workspaceName: 'Bulk Bench',
      name: 'Bench Admin',
      email: `bulk-${dialect}@bench.test`,
      password: PASSWORD,
    });
    // Inviting needs a verified email.
    await markEmailVerified(server.url, `bulk-${dialect}@bench.test`);
    await admin.put('/api/v1/billing/plan', { planId: 'enterprise' });
    await admin.post('/api/v1/teams', { name: 'Enterprise' });
    await admin.post('/api/v1/teams', { name: 'SMB' });
    const rssBefore = rssMb(server.pid);
    const uploadStart = performance.now();
    const preview = await admin.request<BulkImport>('POST', '/api/v1/invitations/bulk?fileName=bench.csv', {
      rawBody: csv,
      headers: { 'content-type': 'text/csv' },
    });
    const previewSeconds = (performance.now() - uploadStart) / 1000;
    const rssAfterPreview = peakRssMb(server.pid);
    if (preview.status !== 201) throw new Error(`upload: ${preview.status} ${preview.text.slice(0, 300)}`);
    const sendStart = performance.now();
    const sent = await admin.post<BulkImport>(`/api/v1/invitations/bulk/${preview.body.id}/send`);
    const sendSeconds = (performance.now() - sendStart) / 1000;
    if (sent.status !== 200) throw new Error(`send: ${sent.status} ${sent.text.slice(0, 300)}`);
    const rss = peakRssMb(server.pid);
    await server.kill('SIGTERM');

    const direct = openDatabase(database.config);
    const workspace = await direct.db.selectFrom('workspaces').select('id').executeTakeFirstOrThrow();
    const floor = await insertFloor(direct, workspace.id);
    await direct.close();
    const previewFloor = parseSeconds + floor.previewRows;
    return {
      database: dialect,
      rows: preview.body.counts.rows,
      'preview ready': `${fmt(previewSeconds, 2)} s`,
      'floor (parse + insert rows)': `${fmt(previewFloor, 2)} s`,
      'preview ÷ floor': fmt(previewSeconds / previewFloor, 2),
      'Send All': `${fmt(sendSeconds, 2)} s (${sent.body.counts.sent.toLocaleString('en-US')} sent)`,
      'floor (insert invitations)': `${fmt(floor.invitations, 2)} s`,
      'send ÷ floor': fmt(sendSeconds / floor.invitations, 2),
      'server RSS before / peak after preview / peak after send': `${fmt(rssBefore, 0)} / ${fmt(rssAfterPreview, 0)} / ${fmt(rss, 0)} MB`,
    };
  } finally {
    await server.kill();
    await database.drop();
  }
}

await benchCompiledServer();
const csv = generateCsv(ROWS);
const parseSeconds = await parseFloor(csv);
let dialects: TestDialect[] = ['sqlite'];
if (process.env.BENCH_DATABASE_URL || process.env.TEST_DATABASE_URL) {
  process.env.TEST_DATABASE_URL ??= process.env.BENCH_DATABASE_URL;
  dialects.push('postgres');
}
// BENCH_DIALECTS=postgres runs one of them only.
if (process.env.BENCH_DIALECTS) dialects = dialects.filter((d) => process.env.BENCH_DIALECTS?.split(',').includes(d));
const results = [];
for (const dialect of dialects) results.push(await benchDialect(dialect, csv, parseSeconds));
console.log(
  `\nbench:bulk — ${new Date().toISOString()} — ${machine()} — ${ROWS.toLocaleString('en-US')} rows, ${fmt(csv.length / 1024 / 1024, 1)} MB; csv-parse alone: ${fmt(parseSeconds, 2)} s\n`,
);
console.log(table(results));
