/**
 * npm run bench:bulk — a generated 100,000-row CSV through the real server (its own process):
 * upload until the preview is ready, then Send All until the import is `sent` (with
 * `Prefer: respond-async`, polling `GET …/bulk/{id}`; a server that answers the send only when it
 * is done is timed to its answer), and the server's peak RSS. Then the same again while 16
 * separately signed-in admins of a second workspace of 100,000 people load the server with `/me`,
 * the Users list and single invitations: the worst answer and p99 of each during the upload and
 * during the send, beside the same load on the same server with no send running. Floors in the same
 * run: csv-parse alone on the same file plus the same rows inserted raw in one transaction
 * (prepared statements on SQLite, COPY on PostgreSQL), with no checks; the observers' load with
 * nothing else running. SQLite always; PostgreSQL when BENCH_DATABASE_URL or TEST_DATABASE_URL is
 * set; BENCH_DIALECTS=postgres runs one.
 */
import { parse } from 'csv-parse';
import { type Database, openDatabase } from '../src/server/db/database.js';
import type { Row } from '../src/server/db/schema.js';
import { newId } from '../src/server/lib/secrets.js';
import { isoAfterSeconds, nowIso } from '../src/server/lib/time.js';
import type { BulkImport } from '../src/shared/api/bulk-invites.js';
import type { Client } from '../test/support/client.js';
import { createTestDatabase, type TestDialect } from '../test/support/database.js';
import { draftImportRow } from '../test/support/factories.js';
import { type ServerProcess, startServerProcess } from '../test/support/process.js';
import {
  benchCompiledServer,
  benchDialects,
  CONNECTIONS,
  clientAt,
  describeSeed,
  drain,
  type Figure,
  floorInvitation,
  fmt,
  getRequest,
  invitationRequest,
  type LoadRequest,
  load,
  machine,
  OUTBOX_OFF,
  peakRssMb,
  printServerOutput,
  report,
  resetPeakRss,
  rssMb,
  type Session,
  type Stats,
  signInAll,
  signUpAndSeed,
  signUpWorkspace,
  startLoad,
  statsByLabel,
  table,
  within,
} from './support.js';

const ROWS = Number(process.env.BENCH_ROWS ?? 100_000);
/** The observers' load alone, for their floor. */
const BASELINE_SECONDS = Number(process.env.BENCH_BASELINE_SECONDS ?? 10);
const POLL_MS = 50;

function generateCsv(rows: number, domain: string): string {
  const lines = ['email,name,role,team'];
  const roles = ['sales_rep', 'manager', 'admin'];
  const teams = ['Enterprise', 'SMB', ''];
  for (let i = 0; i < rows; i++) {
    // One row in a hundred has an issue, as real files do.
    const email = i % 100 === 99 ? `broken-${i}` : `person.${i}@${domain}`;
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

/** The same rows inserted raw, each table in one transaction, no checks: the floor of preview and send. */
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

type Upload = { id: string; rows: number; seconds: number; from: number; to: number; peakRss: number };

async function upload(admin: Client, csv: string, pid: number): Promise<Upload> {
  resetPeakRss(pid);
  const from = performance.now();
  const preview = await admin.request<BulkImport>('POST', '/api/v1/invitations/bulk?fileName=bench.csv', {
    rawBody: csv,
    headers: { 'content-type': 'text/csv' },
  });
  const to = performance.now();
  if (preview.status !== 201) throw new Error(`upload: ${preview.status} ${preview.text.slice(0, 300)}`);
  return {
    id: preview.body.id,
    rows: preview.body.counts.rows,
    seconds: (to - from) / 1000,
    from,
    to,
    peakRss: peakRssMb(pid),
  };
}

type Send = {
  seconds: number;
  from: number;
  to: number;
  sent: number;
  /** 202 (answered at once, then polled) or 200 (answered when done). */
  status: number;
  /** `counts.sent` as polls saw it while `sending`. */
  progress: number[];
  peakRss: number;
};

/** Send All with `Prefer: respond-async`, then `GET …/bulk/{id}` every POLL_MS until `sent`. */
async function sendAll(admin: Client, id: string, pid: number): Promise<Send> {
  resetPeakRss(pid);
  let sampled = 0;
  const sampler = setInterval(() => {
    sampled = Math.max(sampled, rssMb(pid));
  }, 20);
  try {
    const from = performance.now();
    const answer = await admin.post<BulkImport>(`/api/v1/invitations/bulk/${id}/send`, undefined, {
      headers: { prefer: 'respond-async' },
    });
    let body = answer.body;
    const progress: number[] = [];
    if (answer.status === 202) {
      const deadline = from + 600_000;
      while (body.status !== 'sent') {
        if (performance.now() > deadline) throw new Error(`send still ${body.status} after 10 minutes`);
        await new Promise((resolve) => setTimeout(resolve, POLL_MS));
        const polled = await admin.get<BulkImport>(`/api/v1/invitations/bulk/${id}`);
        if (polled.status !== 200) throw new Error(`poll: ${polled.status} ${polled.text.slice(0, 300)}`);
        body = polled.body;
        // Until it is `sent` it is `sending`.
        if (body.status !== 'sent') progress.push(body.counts.sent);
      }
    } else if (answer.status !== 200) {
      throw new Error(`send: ${answer.status} ${answer.text.slice(0, 300)}`);
    }
    const to = performance.now();
    return {
      seconds: (to - from) / 1000,
      from,
      to,
      sent: body.counts.sent,
      status: answer.status,
      progress,
      peakRss: Math.max(sampled, peakRssMb(pid)),
    };
  } finally {
    clearInterval(sampler);
  }
}

const OBSERVED = ['GET /api/v1/me', 'GET /api/v1/users', 'POST /api/v1/invitations'] as const;

/** Observer i: admin i of the second workspace, its three requests in turn (starting at i mod 3). */
function observerRequests(sessions: Session[], round: string) {
  return (i: number): LoadRequest[] => {
    const session = sessions[i % sessions.length] as Session;
    const requests = [
      getRequest(OBSERVED[0], '/api/v1/me', session),
      getRequest(OBSERVED[1], '/api/v1/users', session),
      invitationRequest({
        label: OBSERVED[2],
        session,
        prefix: `${round}.o${i}.`,
        domain: 'observer.test',
        name: 'Observer Invitee',
      }),
    ];
    return requests.map((_, k) => requests[(i + k) % requests.length] as LoadRequest);
  };
}

function progressNote(send: Send): string {
  if (send.status === 200) return 'answered 200 when done (no `Prefer: respond-async`)';
  const seen = send.progress;
  const growing = seen.every((n, i) => i === 0 || n >= (seen[i - 1] ?? 0));
  return `202 at once, then ${seen.length} polls saw \`sending\` (counts.sent ${seen.slice(0, 1).join('')}…${seen.slice(-1).join('')}${growing ? ', never shrinking' : ', **went backwards**'})`;
}

async function benchDialect(dialect: TestDialect, csvs: [string, string], parseSeconds: number) {
  const database = await createTestDatabase(dialect);
  let server: ServerProcess | null = null;
  try {
    const { seeded, setUp } = await signUpAndSeed(database, {
      env: {},
      workspaceName: 'Observer Bench',
      email: `observer-${dialect}@bench.test`,
      tag: 'observer',
      setUp: async (url) => {
        const signedUp = await signUpWorkspace(url, 'Bulk Bench', `bulk-${dialect}@bench.test`);
        await signedUp.client.post('/api/v1/teams', { name: 'Enterprise' });
        await signedUp.client.post('/api/v1/teams', { name: 'SMB' });
        return signedUp;
      },
    });
    if (!setUp) throw new Error('the sending workspace was not signed up');
    const sender = setUp;

    server = await startServerProcess({ DATABASE_URL: database.url, LOG_LEVEL: 'warn' }, OUTBOX_OFF);
    const pid = server.pid;
    const url = server.url;
    const sessions = await signInAll(url, seeded.adminEmails);
    const admin = clientAt(url, sender.client);
    // Warm-up, then the observers' floor: the same load with no send running.
    await load({ url, duration: 2, perConnection: observerRequests(sessions, 'w') });
    await drain(url);
    const baseline = await load({ url, duration: BASELINE_SECONDS, perConnection: observerRequests(sessions, 'b') });
    await drain(url);
    const rssAtRest = rssMb(pid);

    // Run 1, nothing else running: the preview, Send All and RSS figures.
    const quietUpload = await upload(admin, csvs[0], pid);
    const quietSend = await sendAll(admin, quietUpload.id, pid);
    await drain(url);

    // Run 2: the same with the second workspace's 16 admins at work.
    const observers = startLoad({ url, perConnection: observerRequests(sessions, 'd') });
    await new Promise((resolve) => setTimeout(resolve, 1000));
    const busyUpload = await upload(admin, csvs[1], pid);
    const busySend = await sendAll(admin, busyUpload.id, pid);
    const observed = await observers.stop();
    await drain(url);
    await server.kill('SIGTERM');
    server = null;

    const writer = openDatabase(database.config);
    const floor = await insertFloor(writer, sender.workspaceId);
    await writer.close();
    const previewFloor = parseSeconds + floor.previewRows;

    const during = (from: number, to: number) => statsByLabel(within(observed.samples, from, to), (to - from) / 1000);
    const duringSend = during(busySend.from, busySend.to);
    const duringUpload = during(busyUpload.from, busyUpload.to);
    const sqlite = dialect === 'sqlite';
    const fig = (f: Omit<Figure, 'bench' | 'database'>): Figure => ({ bench: 'bench:bulk', database: dialect, ...f });
    const figures: Figure[] = [
      fig({
        figure: `upload → preview, ${ROWS.toLocaleString('en-US')} rows`,
        value: quietUpload.seconds,
        unit: 's',
        floor: previewFloor,
        target: { op: '≤', value: 3 },
      }),
      fig({
        figure: `Send All → \`sent\`, ${quietSend.sent.toLocaleString('en-US')} invitations`,
        value: quietSend.seconds,
        unit: 's',
        floor: floor.invitations,
        target: { op: '≤', value: sqlite ? 5 : 8 },
      }),
      fig({
        figure: 'peak server RSS during the send',
        value: quietSend.peakRss,
        unit: 'MB',
        floor: rssAtRest,
        target: { op: '<', value: 300 },
      }),
      fig({
        figure: 'peak server RSS during upload → preview',
        value: quietUpload.peakRss,
        unit: 'MB',
        floor: rssAtRest,
        target: { op: '<', value: 300 },
      }),
    ];
    for (const label of OBSERVED) {
      const ours = duringSend.get(label);
      const idle = baseline.byLabel.get(label);
      figures.push(
        fig({
          figure: `other workspace's ${label} during the send: worst`,
          value: ours?.max ?? Number.NaN,
          unit: 'ms',
          floor: idle?.max ?? null,
          target: { op: '≤', value: 250 },
        }),
        fig({
          figure: `other workspace's ${label} during the send: p99`,
          value: ours?.p99 ?? Number.NaN,
          unit: 'ms',
          floor: idle?.p99 ?? null,
          target: null,
        }),
      );
    }
    const worstUpload = [...duringUpload.entries()].sort((a, b) => b[1].max - a[1].max)[0];
    if (worstUpload) {
      figures.push(
        fig({
          figure: `other workspace's worst answer during the upload (${worstUpload[0]})`,
          value: worstUpload[1].max,
          unit: 'ms',
          floor: baseline.byLabel.get(worstUpload[0])?.max ?? null,
          target: null,
        }),
      );
    }
    figures.push(
      fig({
        figure: 'Send All → `sent` with the other workspace at work',
        value: busySend.seconds,
        unit: 's',
        floor: floor.invitations,
        target: null,
      }),
    );
    const failed = observed.non2xx + observed.errors + baseline.non2xx + baseline.errors;
    if (failed > 0)
      figures.push(
        fig({
          figure: 'observers: failed answers',
          value: failed,
          unit: '',
          floor: null,
          target: { op: '≤', value: 0 },
        }),
      );

    const row = (phase: string, label: string, s: Stats | undefined) => ({
      database: dialect,
      phase,
      request: label,
      answers: s?.count ?? 0,
      'req/s': fmt(s?.perSecond ?? 0, 0),
      'p50 / p99 / max': s ? `${fmt(s.p50, 1)} / ${fmt(s.p99, 1)} / ${fmt(s.max, 1)} ms` : '–',
    });
    const details = OBSERVED.flatMap((label) => [
      row('no send (floor)', label, baseline.byLabel.get(label)),
      row('during the upload', label, duringUpload.get(label)),
      row('during the send', label, duringSend.get(label)),
    ]);
    const note =
      `${dialect}: the second workspace: ${describeSeed(seeded)}. Run 1 (nothing else running): upload ` +
      `${fmt(quietUpload.seconds, 2)} s for ${quietUpload.rows.toLocaleString('en-US')} rows; send ${progressNote(quietSend)}. ` +
      `Run 2 (16 observers): upload ${fmt(busyUpload.seconds, 2)} s, send ${fmt(busySend.seconds, 2)} s, ${progressNote(busySend)}; ` +
      `observers answered ${observed.count.toLocaleString('en-US')} requests in all. Floors: csv-parse alone ${fmt(parseSeconds, 2)} s + ` +
      `the rows ${fmt(floor.previewRows, 2)} s; the invitations' rows ${fmt(floor.invitations, 2)} s. Server RSS at rest ${fmt(rssAtRest, 0)} MB; ` +
      `run 2 peaks ${fmt(busyUpload.peakRss, 0)} MB (upload) and ${fmt(busySend.peakRss, 0)} MB (send).`;
    return { figures, details, note };
  } catch (error) {
    printServerOutput(server);
    throw error;
  } finally {
    await server?.kill();
    await database.drop();
  }
}

await benchCompiledServer();
const csvs: [string, string] = [generateCsv(ROWS, 'bulk-bench.test'), generateCsv(ROWS, 'bulk-bench-2.test')];
const parseSeconds = await parseFloor(csvs[0]);
const results = [];
for (const dialect of benchDialects()) results.push(await benchDialect(dialect, csvs, parseSeconds));
report(
  'bench-bulk',
  `bench:bulk — ${new Date().toISOString()} — ${machine()} — ${ROWS.toLocaleString('en-US')} rows, ${fmt(csvs[0].length / 1024 / 1024, 1)} MB; observers: ${CONNECTIONS} admins of a second workspace of 100,000 people, each its own session`,
  results.flatMap((r) => r.figures),
  [table(results.flatMap((r) => r.details)), ...results.map((r) => r.note)],
);
