/**
 * npm run bench:load — one workspace of 100,000 people (about 20,000 members and 80,000
 * invitations) under load: the Users list's first page, a search, a status filter and
 * `GET /api/v1/me`, then invitation creation, each at 16 connections for BENCH_SECONDS (20 s),
 * with the server's peak RSS. Each figure stands beside its floor, measured in the same run on the
 * same database: the SQL statements the request runs (the session lookup and then the query
 * itself, compiled by the server's own repositories), executed directly in a loop; for
 * invitations, the same rows inserted directly. SQLite always; PostgreSQL when
 * BENCH_DATABASE_URL or TEST_DATABASE_URL is set; BENCH_DIALECTS=sqlite or =postgres runs one.
 * BENCH_KEEP=1 keeps the databases (for EXPLAIN). BENCH_ONLY=list (any part of a row's label,
 * case ignored) runs only the matching requests, to profile one of them.
 */
import SqliteDatabase from 'better-sqlite3';
import {
  type CompiledQuery,
  type DatabaseConnection,
  DummyDriver,
  Kysely,
  PostgresAdapter,
  PostgresIntrospector,
  PostgresQueryCompiler,
  type QueryResult,
  SqliteAdapter,
  SqliteIntrospector,
  SqliteQueryCompiler,
  sql,
} from 'kysely';
import pg from 'pg';
import { type Database, openDatabase } from '../src/server/db/database.js';
import type { DB, Row } from '../src/server/db/schema.js';
import { hashPassword } from '../src/server/lib/passwords.js';
import { hashSecret, newId, newSecret } from '../src/server/lib/secrets.js';
import { isoAfterSeconds, nowIso } from '../src/server/lib/time.js';
import { authRepository } from '../src/server/modules/auth/auth.repository.js';
import { profileRepository } from '../src/server/modules/profile/profile.repository.js';
import { type UserListQuery, usersRepository } from '../src/server/modules/users/users.repository.js';
import type { Page } from '../src/shared/api/pagination.js';
import type { User } from '../src/shared/api/users.js';
import type { Role } from '../src/shared/roles.js';
import { Client } from '../test/support/client.js';
import { createTestDatabase, type TestDialect } from '../test/support/database.js';
import { type ServerProcess, startServerProcess } from '../test/support/process.js';
import { markEmailVerified } from '../test/support/verified-email.js';
import {
  benchCompiledServer,
  cpuMs,
  floorInvitation,
  fmt,
  invitationRequest,
  type LoadResult,
  load,
  machine,
  OUTBOX_OFF,
  peakRssMb,
  percentile,
  rssMb,
  table,
} from './support.js';

const DURATION = Number(process.env.BENCH_SECONDS ?? 20);
const FLOOR_SECONDS = Math.min(5, DURATION);
const CONNECTIONS = 16;
const MEMBERS = 20_000;
const INVITATIONS = 80_000;
const PASSWORD = 'violet-harbor-lantern-93';
/** One surname of 306: about 330 people carry it, spread over the whole alphabet of first names. */
const SEARCH = 'thornbrook';
const DAY = 86_400;

const TARGET = { p95Ms: 25, perSecond: 1500, p99Ms: 100 };

type Out = Record<string, string | number>;

// ---------------------------------------------------------------------------------------------
// Seed: realistic rows, written straight into the database in one transaction.

const FIRST_NAMES =
  'Olivia Liam Emma Noah Amelia Oliver Sophia Elijah Isabella Lucas Mia Mateo Charlotte Ethan Harper James Evelyn Benjamin Aria Henry Chloe Jack Sofia Samuel Layla Daniel Zoe Leo Nora Hugo Ines Yuki Priya Arjun Fatima Omar Chen Wei Lucia Diego Anna Jonas Elena Marco Freya Lars Aisha Kofi Maya Ravi Sara David Julia Paul Clara Felix Ruth Tomas Vera Ian'.split(
    ' ',
  );
// 18 × 17 = 306 surnames, none a part of another: a search for one finds only its carriers.
const SURNAME_HEADS = 'Ander Bar Cal Dun Ell Fair Gar Hol Kin Lang Mor Nor Oak Pem Ral Stan Thorn Wal'.split(' ');
const SURNAME_TAILS = 'son ton ley field wood by ridge man well more ford er sworth brook hurst wick stead'.split(' ');
const SURNAMES = SURNAME_HEADS.flatMap((h) => SURNAME_TAILS.map((t) => `${h}${t}`));
const DOMAINS = ['northwind.test', 'northwind-emea.test', 'contoso-sales.test', 'fabrikam.test'];
const TEAMS = 'Enterprise|Mid-Market|SMB|EMEA|APAC|LATAM|Inbound|Outbound|Partners|Renewals'.split('|');

/** A small seeded generator: the same workspace on every run. */
function mulberry32(seed: number): () => number {
  let a = seed;
  return () => {
    a = (a + 0x6d2b79f5) | 0;
    let t = Math.imul(a ^ (a >>> 15), 1 | a);
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

type Seeded = {
  members: number;
  pending: number;
  expired: number;
  revoked: number;
  deactivated: number;
  matches: number;
};

async function seed(database: Database, workspaceId: string, adminId: string): Promise<Seeded> {
  const random = mulberry32(20261127);
  const pick = <T>(list: readonly T[]): T => list[Math.floor(random() * list.length)] as T;
  const nowMs = Date.now();
  const iso = (secondsAgo: number) => new Date(nowMs - secondsAgo * 1000).toISOString();
  const now = iso(0);
  const passwordHash = await hashPassword(PASSWORD);
  const counts: Seeded = { members: 0, pending: 0, expired: 0, revoked: 0, deactivated: 0, matches: 0 };

  const teams: Row<'teams'>[] = TEAMS.map((name) => ({
    id: newId(),
    workspace_id: workspaceId,
    name,
    name_key: name.toLowerCase(),
    created_at: now,
    updated_at: now,
  }));
  const memberIds: string[] = [];
  const CHUNK = 2000;
  // The admin who signed up is one of the 100,000.
  const total = MEMBERS + INVITATIONS - 1;
  await database.transaction(async (trx) => {
    await database.bulkInsert(trx, 'teams', teams);
    for (let start = 0; start < total; start += CHUNK) {
      const accounts: Row<'accounts'>[] = [];
      const users: Row<'workspace_users'>[] = [];
      const tokens: Row<'invitation_tokens'>[] = [];
      const outbox: Row<'outbox'>[] = [];
      for (let i = start; i < Math.min(total, start + CHUNK); i++) {
        const member = i < MEMBERS - 1;
        const first = pick(FIRST_NAMES);
        const last = pick(SURNAMES);
        const name = `${first} ${last}`;
        const email = `${first}.${last}.${i}@${pick(DOMAINS)}`.toLowerCase();
        if (last.toLowerCase() === SEARCH) counts.matches += 1;
        const r = random();
        const role: Role = r < 0.02 ? 'admin' : r < 0.17 ? 'manager' : 'sales_rep';
        const team = random() < 0.85 ? pick(teams) : null;
        const id = newId();
        const emailId = newId();
        const tokenHash = hashSecret(newSecret());
        let status: Row<'workspace_users'>['status'];
        let invitedAgo: number;
        let expiresAt: string;
        if (member) {
          status = random() < 0.025 ? 'deactivated' : 'active';
          invitedAgo = Math.floor(random() * 700 * DAY) + 8 * DAY;
          expiresAt = iso(invitedAgo - 7 * DAY);
        } else {
          const s = random();
          status = s < 0.025 ? 'revoked' : 'pending';
          // One invitation in twenty has run out: expired is a pending row past its expiry.
          invitedAgo = s > 0.95 ? Math.floor(8 * DAY + random() * 60 * DAY) : Math.floor(random() * 6.9 * DAY);
          expiresAt = iso(invitedAgo - 7 * DAY);
        }
        const invitedAt = iso(invitedAgo);
        const acceptedAt = member ? iso(invitedAgo - Math.floor(random() * 6 * DAY)) : null;
        let accountId: string | null = null;
        if (member) {
          accountId = newId();
          accounts.push({
            id: accountId,
            email,
            name,
            password_hash: passwordHash,
            email_verified_at: acceptedAt,
            last_workspace_id: workspaceId,
            created_at: acceptedAt ?? now,
            updated_at: acceptedAt ?? now,
          });
          memberIds.push(id);
          counts.members += 1;
          if (status === 'deactivated') counts.deactivated += 1;
        } else if (status === 'revoked') counts.revoked += 1;
        else if (expiresAt <= now) counts.expired += 1;
        else counts.pending += 1;
        const buddy = !member && memberIds.length > 0 && random() < 0.3 ? pick(memberIds) : null;
        users.push({
          id,
          workspace_id: workspaceId,
          account_id: accountId,
          email,
          name,
          name_key: name.toLowerCase(),
          role,
          team_id: team?.id ?? null,
          status,
          invited_at: invitedAt,
          invited_by_id: adminId,
          expires_at: expiresAt,
          accepted_at: acceptedAt,
          deactivated_at: status === 'deactivated' ? iso(Math.floor(random() * 30 * DAY)) : null,
          revoked_at: status === 'revoked' ? iso(Math.floor(invitedAgo / 2)) : null,
          token_hash: tokenHash,
          email_status: member || random() < 0.9 ? 'sent' : 'queued',
          buddy_id: buddy,
          phone: member && random() < 0.6 ? `+1 415 555 ${String(1000 + (i % 9000)).padStart(4, '0')}` : null,
          photo_key: null,
          profile_completed_at: member && random() < 0.7 ? acceptedAt : null,
          tour_status: member ? (random() < 0.8 ? 'completed' : 'skipped') : null,
          last_email_id: emailId,
          created_at: invitedAt,
          updated_at: acceptedAt ?? invitedAt,
        });
        tokens.push({ token_hash: tokenHash, user_id: id, created_at: invitedAt });
        outbox.push({
          id: emailId,
          workspace_id: workspaceId,
          user_id: id,
          kind: 'invitation',
          to_address: email,
          subject: null,
          text_body: null,
          html_body: null,
          template: 'invitation',
          payload: JSON.stringify({ token: newSecret() }),
          message_id: `<${emailId}@salesos>`,
          status: 'sent',
          attempts: 1,
          next_attempt_at: invitedAt,
          locked_until: null,
          last_error: null,
          created_at: invitedAt,
          sent_at: invitedAt,
        });
      }
      await database.bulkInsert(trx, 'accounts', accounts);
      await database.bulkInsert(trx, 'workspace_users', users);
      await database.bulkInsert(trx, 'invitation_tokens', tokens);
      await database.bulkInsert(trx, 'outbox', outbox);
    }
  });
  return counts;
}

// ---------------------------------------------------------------------------------------------
// Floors: the SQL a request runs, compiled by the server's own repositories, run directly.

/** A Kysely that compiles queries for `dialect` and keeps them instead of running them. */
function compiler(dialect: TestDialect, sink: CompiledQuery[]): Kysely<DB> {
  class CaptureDriver extends DummyDriver {
    override async acquireConnection(): Promise<DatabaseConnection> {
      return {
        async executeQuery<R>(query: CompiledQuery): Promise<QueryResult<R>> {
          sink.push(query);
          return { rows: [] };
        },
        async *streamQuery() {},
      };
    }
  }
  const sqlite = dialect === 'sqlite';
  return new Kysely<DB>({
    dialect: {
      createAdapter: () => (sqlite ? new SqliteAdapter() : new PostgresAdapter()),
      createDriver: () => new CaptureDriver(),
      createIntrospector: (db) => (sqlite ? new SqliteIntrospector(db) : new PostgresIntrospector(db)),
      createQueryCompiler: () => (sqlite ? new SqliteQueryCompiler() : new PostgresQueryCompiler()),
    },
  });
}

type Context = { dialect: TestDialect; workspaceId: string; sessionIdHash: string; accountId: string; userId: string };

/** Every statement a request runs, in order: the session lookup, then the route's own queries. */
async function requestSql(
  ctx: Context,
  route: (db: Kysely<DB>, now: string) => Promise<unknown>,
): Promise<CompiledQuery[]> {
  const sink: CompiledQuery[] = [];
  const db = compiler(ctx.dialect, sink);
  const now = nowIso();
  await authRepository.findSessionContext(db, ctx.sessionIdHash, now);
  await usersRepository.findActiveByAccount(db, ctx.workspaceId, ctx.accountId);
  await route(db, now);
  await db.destroy();
  return sink;
}

/** `cpuMs`: CPU per request of the process running the floor; known when that is this process (SQLite). */
type Floor = { perSecond: number; p50: number; p95: number; p99: number; cpuMs: number | null };

function summarize(latencies: number[], seconds: number, cpu: NodeJS.CpuUsage | null): Floor {
  latencies.sort((a, b) => a - b);
  return {
    cpuMs: cpu ? (cpu.user + cpu.system) / 1000 / latencies.length : null,
    perSecond: latencies.length / seconds,
    p50: percentile(latencies, 50),
    p95: percentile(latencies, 95),
    p99: percentile(latencies, 99),
  };
}

/**
 * SQLite: one connection to the same file with the server's settings, the statements prepared
 * once and run one request after another (the server too has one connection). PostgreSQL: a pool
 * of 10 (the server's) with 16 requests in flight (the load's connections).
 */
async function runFloor(dialect: TestDialect, url: string, path: string, queries: CompiledQuery[]): Promise<Floor> {
  const latencies: number[] = [];
  if (dialect === 'sqlite') {
    const raw = new SqliteDatabase(path);
    raw.pragma('journal_mode = WAL');
    raw.pragma('synchronous = NORMAL');
    raw.pragma('foreign_keys = ON');
    const statements = queries.map((q) => ({ statement: raw.prepare(q.sql), parameters: [...q.parameters] }));
    const end = performance.now() + FLOOR_SECONDS * 1000;
    const start = performance.now();
    const cpu = process.cpuUsage();
    while (performance.now() < end) {
      const t = performance.now();
      for (const s of statements) s.statement.all(s.parameters);
      latencies.push(performance.now() - t);
    }
    const seconds = (performance.now() - start) / 1000;
    const used = process.cpuUsage(cpu);
    raw.close();
    return summarize(latencies, seconds, used);
  }
  const pool = new pg.Pool({ connectionString: url, max: 10 });
  const end = performance.now() + FLOOR_SECONDS * 1000;
  const start = performance.now();
  await Promise.all(
    Array.from({ length: CONNECTIONS }, async () => {
      while (performance.now() < end) {
        const t = performance.now();
        for (const q of queries) await pool.query(q.sql, [...q.parameters]);
        latencies.push(performance.now() - t);
      }
    }),
  );
  const seconds = (performance.now() - start) / 1000;
  await pool.end();
  return summarize(latencies, seconds, null);
}

/** The same four rows per invitation as the server writes, one transaction each, for FLOOR_SECONDS. */
async function invitationFloor(database: Database, workspaceId: string): Promise<Floor> {
  const latencies: number[] = [];
  const end = performance.now() + FLOOR_SECONDS * 1000;
  const start = performance.now();
  const cpu = process.cpuUsage();
  for (let i = 0; performance.now() < end; i++) {
    const t = performance.now();
    const rows = floorInvitation({ workspaceId, index: i, now: nowIso(), expiresAt: isoAfterSeconds(7 * DAY) });
    await database.transaction(async (trx) => {
      await trx.insertInto('workspace_users').values(rows.user).execute();
      await trx.insertInto('invitation_tokens').values(rows.token).execute();
      await trx.insertInto('outbox').values(rows.message).execute();
      await trx.insertInto('audit_events').values(rows.audit).execute();
    });
    latencies.push(performance.now() - t);
  }
  const seconds = (performance.now() - start) / 1000;
  return summarize(latencies, seconds, database.dialect === 'sqlite' ? process.cpuUsage(cpu) : null);
}

// ---------------------------------------------------------------------------------------------

type Scenario = {
  label: string;
  path: string;
  /** The list and search carry the throughput and p95 targets on SQLite. */
  listTarget: boolean;
  route: (db: Kysely<DB>, now: string, ctx: Context) => Promise<unknown>;
};

const listQuery = (ctx: Context, now: string, over: Partial<UserListQuery>): UserListQuery => ({
  workspaceId: ctx.workspaceId,
  now,
  statuses: null,
  role: null,
  teamId: null,
  q: null,
  sort: 'name',
  order: 'asc',
  after: null,
  limit: 51,
  ...over,
});

const SCENARIOS: Scenario[] = [
  {
    label: 'Users list, first page',
    path: '/api/v1/users',
    listTarget: true,
    route: (db, now, ctx) => usersRepository.list(db, listQuery(ctx, now, {})),
  },
  {
    label: `search ?q=${SEARCH}`,
    path: `/api/v1/users?q=${SEARCH}`,
    listTarget: true,
    route: (db, now, ctx) => usersRepository.list(db, listQuery(ctx, now, { q: SEARCH })),
  },
  {
    label: 'filter ?status=pending',
    path: '/api/v1/users?status=pending',
    listTarget: false,
    route: (db, now, ctx) => usersRepository.list(db, listQuery(ctx, now, { statuses: ['pending'] })),
  },
  {
    label: 'GET /api/v1/me',
    path: '/api/v1/me',
    listTarget: false,
    route: async (db, _now, ctx) => {
      await usersRepository.listMemberships(db, ctx.accountId);
      await profileRepository.hasInvitation(db, ctx.userId);
    },
  },
];

/**
 * Waits until the server has answered what the load left in flight (autocannon stops sending at
 * the deadline, the server does not stop working): the next phase starts on an idle server.
 */
async function drain(url: string): Promise<void> {
  const deadline = performance.now() + 60_000;
  for (let quick = 0; quick < 3 && performance.now() < deadline; ) {
    const start = performance.now();
    await fetch(new URL('/healthz', url));
    quick = performance.now() - start < 20 ? quick + 1 : 0;
  }
}

function verdict(dialect: TestDialect, listTarget: boolean, r: LoadResult): string {
  const checks: [string, boolean][] = [[`p99 ≤ ${TARGET.p99Ms} ms`, r.p99 <= TARGET.p99Ms]];
  if (dialect === 'sqlite' && listTarget) {
    checks.unshift(
      [`≥ ${fmt(TARGET.perSecond, 0)}/s`, r.perSecond >= TARGET.perSecond],
      [`p95 < ${TARGET.p95Ms} ms`, r.p95 < TARGET.p95Ms],
    );
  }
  if (r.non2xx > 0 || r.errors > 0) checks.push(['no errors', false]);
  return checks.map(([name, ok]) => `${name}: ${ok ? 'met' : '**missed**'}`).join('; ');
}

function row(dialect: TestDialect, label: string, r: LoadResult, cpuMs: number, floor: Floor, target: string): Out {
  return {
    database: dialect,
    request: label,
    'req/s': fmt(r.perSecond, 0),
    p50: `${fmt(r.p50)} ms`,
    p95: `${fmt(r.p95)} ms`,
    p99: `${fmt(r.p99)} ms`,
    'non-2xx': r.non2xx + r.errors,
    'server CPU/req': `${fmt(cpuMs / Math.max(1, r.requests), 2)} ms`,
    'floor/s': fmt(floor.perSecond, 0),
    'floor p50 / p99': `${fmt(floor.p50, 2)} / ${fmt(floor.p99, 2)} ms`,
    'floor CPU/req': floor.cpuMs === null ? '–' : `${fmt(floor.cpuMs, 2)} ms`,
    'ours ÷ floor': fmt(r.perSecond / floor.perSecond, 2),
    targets: target,
  };
}

const INVITE_LABEL = 'POST /api/v1/invitations';
const ONLY = process.env.BENCH_ONLY?.toLowerCase();
const selected = (label: string) => !ONLY || label.toLowerCase().includes(ONLY);
const scenarios = SCENARIOS.filter((s) => selected(s.label));

/** Invitation creation at CONNECTIONS for DURATION, each request a new email; the server's CPU. */
async function invitationLoad(server: ServerProcess, admin: Client, cookie: string) {
  const cpuBefore = cpuMs(server.pid);
  const result = await load({
    url: server.url,
    connections: CONNECTIONS,
    duration: DURATION,
    requests: [
      invitationRequest({
        cookie,
        csrfToken: admin.csrfToken() ?? '',
        prefix: 'new.hire',
        domain: 'northwind.test',
        name: 'New Hire',
      }),
    ],
  });
  await drain(server.url);
  return { result, cpu: cpuMs(server.pid) - cpuBefore };
}

async function benchDialect(dialect: TestDialect): Promise<{ rows: Out[]; notes: string }> {
  const database = await createTestDatabase(dialect);
  const sqlitePath = database.config.dialect === 'sqlite' ? database.config.path : '';
  let server: ServerProcess | null = null;
  try {
    // The admin signs up through the product (account, workspace, session, migrations), then leaves.
    server = await startServerProcess({ DATABASE_URL: database.url, LOG_LEVEL: 'warn' }, OUTBOX_OFF);
    const admin = new Client(server.url);
    const signup = await admin.post('/api/v1/auth/signup', {
      workspaceName: 'Load Bench',
      name: 'Bench Admin',
      email: `load-${dialect}@bench.test`,
      password: PASSWORD,
    });
    // Inviting needs a verified email.
    await markEmailVerified(server.url, `load-${dialect}@bench.test`);
    if (signup.status >= 300) throw new Error(`signup: ${signup.status} ${signup.text}`);
    await admin.put('/api/v1/billing/plan', { planId: 'enterprise' });
    await server.kill('SIGTERM');
    server = null;

    const direct = openDatabase(database.config);
    const session = await direct.db
      .selectFrom('sessions')
      .innerJoin('workspace_users as u', (j) =>
        j.onRef('u.account_id', '=', 'sessions.account_id').onRef('u.workspace_id', '=', 'sessions.workspace_id'),
      )
      .select(['sessions.id_hash', 'sessions.account_id', 'sessions.workspace_id', 'u.id as user_id'])
      .executeTakeFirstOrThrow();
    const ctx: Context = {
      dialect,
      workspaceId: session.workspace_id ?? '',
      sessionIdHash: session.id_hash,
      accountId: session.account_id,
      userId: session.user_id,
    };
    const seedStart = performance.now();
    const seeded = await seed(direct, ctx.workspaceId, ctx.userId);
    // PostgreSQL's autovacuum analyses a table this changed within a minute; do it now, not during the load.
    if (dialect === 'postgres') await sql`analyze`.execute(direct.db);
    const seedSeconds = (performance.now() - seedStart) / 1000;
    const people = await direct.db
      .selectFrom('workspace_users')
      .select((eb) => eb.fn.countAll<number>().as('n'))
      .where('workspace_id', '=', ctx.workspaceId)
      .executeTakeFirstOrThrow();
    await direct.close();

    // Floors first, on the seeded database with the server stopped.
    const floors: Floor[] = [];
    for (const scenario of scenarios) {
      const queries = await requestSql(ctx, (db, now) => scenario.route(db, now, ctx));
      floors.push(await runFloor(dialect, database.url, sqlitePath, queries));
    }

    server = await startServerProcess({ DATABASE_URL: database.url, LOG_LEVEL: 'warn' }, OUTBOX_OFF);
    const rssAtStart = rssMb(server.pid);
    const cookie = [...admin.cookies].map(([k, v]) => `${k}=${v}`).join('; ');
    const check = await fetch(new URL(`/api/v1/users?q=${SEARCH}&limit=200`, server.url), { headers: { cookie } });
    const found = ((await check.json()) as Page<User>).items.length;
    // Warm-up: statements compiled, code optimised, pages cached; not measured.
    for (const s of scenarios) {
      for (let i = 0; i < 20; i++) await fetch(new URL(s.path, server.url), { headers: { cookie } });
    }
    const rows: Out[] = [];
    const peaks: string[] = [];
    for (const [i, scenario] of scenarios.entries()) {
      const cpuBefore = cpuMs(server.pid);
      const r = await load({
        url: server.url,
        connections: CONNECTIONS,
        duration: DURATION,
        requests: [{ method: 'GET', path: scenario.path, headers: { cookie } }],
      });
      await drain(server.url);
      const cpu = cpuMs(server.pid) - cpuBefore;
      const floor = floors[i] as Floor;
      rows.push(row(dialect, scenario.label, r, cpu, floor, verdict(dialect, scenario.listTarget, r)));
      peaks.push(`${fmt(peakRssMb(server.pid), 0)} after ${scenario.label}`);
    }

    const invitations = selected(INVITE_LABEL) ? await invitationLoad(server, admin, cookie) : null;
    const peak = peakRssMb(server.pid);
    await server.kill('SIGTERM');
    server = null;

    if (invitations) {
      const writer = openDatabase(database.config);
      const floor = await invitationFloor(writer, ctx.workspaceId);
      await writer.close();
      const { result, cpu } = invitations;
      rows.push(row(dialect, INVITE_LABEL, result, cpu, floor, verdict(dialect, false, result)));
    }

    const notes =
      `${dialect}: ${Number(people.n).toLocaleString('en-US')} people seeded in ${fmt(seedSeconds, 1)} s ` +
      `(${seeded.members.toLocaleString('en-US')} members, ${seeded.deactivated} of them deactivated; ` +
      `${seeded.pending.toLocaleString('en-US')} pending, ${seeded.expired.toLocaleString('en-US')} expired and ` +
      `${seeded.revoked.toLocaleString('en-US')} revoked invitations; ${seeded.matches} match ?q=${SEARCH}, ` +
      `first page with limit=200 returned ${found}). Server RSS at start ${fmt(rssAtStart, 0)} MB, ` +
      `peak over the run ${fmt(peak, 0)} MB (${[...peaks, ...(invitations ? [`${fmt(peak, 0)} after the invitations`] : [])].join(', ')}).`;
    return { rows, notes };
  } finally {
    await server?.kill();
    // BENCH_KEEP=1 keeps the database, to look at query plans afterwards.
    if (process.env.BENCH_KEEP) console.log(`kept ${dialect} database: ${database.url}`);
    else await database.drop();
  }
}

await benchCompiledServer();
let dialects: TestDialect[] = ['sqlite'];
if (process.env.BENCH_DATABASE_URL || process.env.TEST_DATABASE_URL) {
  process.env.TEST_DATABASE_URL ??= process.env.BENCH_DATABASE_URL;
  dialects.push('postgres');
}
// BENCH_DIALECTS=postgres runs one of them only.
if (process.env.BENCH_DIALECTS) dialects = dialects.filter((d) => process.env.BENCH_DIALECTS?.split(',').includes(d));
const results = [];
for (const dialect of dialects) results.push(await benchDialect(dialect));
console.log(
  `\nbench:load — ${new Date().toISOString()} — ${machine()} — ${CONNECTIONS} connections, ${DURATION} s per request kind; floors ${FLOOR_SECONDS} s\n`,
);
console.log(
  `Targets: list and search p95 < ${TARGET.p95Ms} ms and ≥ ${fmt(TARGET.perSecond, 0)} requests/s on SQLite; p99 ≤ ${TARGET.p99Ms} ms everywhere.\n`,
);
console.log(table(results.flatMap((r) => r.rows)));
console.log('');
for (const r of results) console.log(r.notes);
