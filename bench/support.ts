import { randomUUID } from 'node:crypto';
import { mkdirSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { availableParallelism, loadavg } from 'node:os';
import { dirname } from 'node:path';
import autocannon from 'autocannon';
import SqliteDatabase from 'better-sqlite3';
import { build } from 'esbuild';
import { type CompiledQuery, Kysely, PostgresDialect, SqliteDialect, sql } from 'kysely';
import pg from 'pg';
import { type Database, type DatabaseConfig, openDatabase } from '../src/server/db/database.js';
import type { DB, Row } from '../src/server/db/schema.js';
import { hashPassword } from '../src/server/lib/passwords.js';
import { hashSecret, newId, newSecret } from '../src/server/lib/secrets.js';
import { newWorkspaceUserRow } from '../src/server/modules/users/workspace-user-row.js';
import { Client } from '../test/support/client.js';
import type { TestDialect } from '../test/support/database.js';
import { startServerProcess } from '../test/support/process.js';
import { markEmailVerified } from '../test/support/verified-email.js';

export const PASSWORD = 'violet-harbor-lantern-93';
/** Every load runs at 16 connections, each its own signed-in client. */
export const CONNECTIONS = 16;

/**
 * The benchmarks measure the server as `npm start` runs it: bundled by esbuild with the options of
 * `npm run build:server` and run by Node itself, not through tsx (which holds about 45 MB more).
 * The bundle's entry is test/support/server-process.ts: the server plus the benchmark's overrides.
 */
export async function benchCompiledServer(): Promise<void> {
  // BENCH_SERVER=tsx runs the server through tsx instead, to compare the two.
  if (process.env.BENCH_SERVER === 'tsx') return;
  const outfile = 'dist/bench/server-process.mjs';
  await build({
    entryPoints: ['test/support/server-process.ts'],
    bundle: true,
    platform: 'node',
    format: 'esm',
    packages: 'external',
    target: 'node20',
    logLevel: 'warning',
    sourcemap: true,
    outfile,
  });
  process.env.SERVER_ENTRY = outfile;
}

/**
 * SQLite always; PostgreSQL when BENCH_DATABASE_URL or TEST_DATABASE_URL is set;
 * BENCH_DIALECTS=sqlite (or postgres) keeps one of them.
 */
export function benchDialects(): TestDialect[] {
  let dialects: TestDialect[] = ['sqlite'];
  if (process.env.BENCH_DATABASE_URL || process.env.TEST_DATABASE_URL) {
    process.env.TEST_DATABASE_URL ??= process.env.BENCH_DATABASE_URL;
    dialects.push('postgres');
  }
  const only = process.env.BENCH_DIALECTS?.split(',');
  if (only) dialects = dialects.filter((d) => only.includes(d));
  return dialects;
}

// ---------------------------------------------------------------------------------------------
// Signed-in clients

/** What a signed-in browser sends: its cookies and the CSRF token for unsafe methods. */
export type Session = { cookie: string; csrfToken: string };

export function sessionOf(client: Client): Session {
  return { cookie: [...client.cookies].map(([k, v]) => `${k}=${v}`).join('; '), csrfToken: client.csrfToken() ?? '' };
}

/** The same signed-in browser talking to the server at `url` (a restarted server listens elsewhere). */
export function clientAt(url: string, from: Client): Client {
  const client = new Client(url);
  for (const [name, value] of from.cookies) client.cookies.set(name, value);
  return client;
}

/** Signs in through `POST /api/v1/auth/login`, as a person does: a session of its own. */
export async function signIn(url: string, email: string): Promise<Session> {
  const client = new Client(url);
  const answer = await client.post('/api/v1/auth/login', { email, password: PASSWORD });
  if (answer.status !== 200) throw new Error(`login ${email}: ${answer.status} ${answer.text.slice(0, 300)}`);
  return sessionOf(client);
}

/** Signs `emails` in, a few at a time (each login checks a password hash). */
export async function signInAll(url: string, emails: string[]): Promise<Session[]> {
  const sessions: Session[] = [];
  for (let i = 0; i < emails.length; i += 4) {
    sessions.push(...(await Promise.all(emails.slice(i, i + 4).map((email) => signIn(url, email)))));
  }
  return sessions;
}

export type SignedUp = { client: Client; workspaceId: string; userId: string; email: string };

/**
 * A workspace made through the product: sign-up (account, workspace, session), the admin's email
 * marked verified (inviting needs it), the Enterprise plan (no seat limit).
 */
export async function signUpWorkspace(url: string, workspaceName: string, email: string): Promise<SignedUp> {
  const client = new Client(url);
  const signup = await client.post('/api/v1/auth/signup', {
    workspaceName,
    name: 'Bench Admin',
    email,
    password: PASSWORD,
  });
  if (signup.status !== 201) throw new Error(`signup: ${signup.status} ${signup.text.slice(0, 300)}`);
  await markEmailVerified(url, email);
  const plan = await client.put('/api/v1/billing/plan', { planId: 'enterprise' });
  if (plan.status !== 200) throw new Error(`plan: ${plan.status} ${plan.text.slice(0, 300)}`);
  const me = await client.get<{ user: { id: string }; workspace: { id: string } }>('/api/v1/me');
  return { client, workspaceId: me.body.workspace.id, userId: me.body.user.id, email };
}

// ---------------------------------------------------------------------------------------------
// A workspace of 100,000 people, written straight into the database in one transaction

const FIRST_NAMES =
  'Olivia Liam Emma Noah Amelia Oliver Sophia Elijah Isabella Lucas Mia Mateo Charlotte Ethan Harper James Evelyn Benjamin Aria Henry Chloe Jack Sofia Samuel Layla Daniel Zoë Leo Nora Hugo Inès Yuki Priya Arjun Fatima Omar Chen Wei Lucía Diego Anna Jonas Elena Marco Freya Lars Aisha Kofi Maya Ravi Sara David Julia Paul Clara Felix Ruth Tomás Vera Ian José Björn Renée'.split(
    ' ',
  );
/** Some people have a middle name: a search may start at the second word. */
const MIDDLE_NAMES = 'Grace Marie James Rose Alexander Louise Emil Sofía'.split(' ');
// 18 × 17 = 306 surnames, none a part of another.
const SURNAME_HEADS = 'Ander Bar Cal Dun Ell Fair Gar Hol Kin Lang Mor Nor Oak Pem Ral Stan Thorn Wal'.split(' ');
const SURNAME_TAILS = 'son ton ley field wood by ridge man well more ford er sworth brook hurst wick stead'.split(' ');
const SURNAMES = SURNAME_HEADS.flatMap((h) => SURNAME_TAILS.map((t) => `${h}${t}`));
const DOMAINS = ['northwind.test', 'northwind-emea.test', 'contoso-sales.test', 'fabrikam.test'];
const TEAMS = 'Enterprise|Mid-Market|SMB|EMEA|APAC|LATAM|Inbound|Outbound|Partners|Renewals'.split('|');
const DAY = 86_400;

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

export type Seeded = {
  people: number;
  members: number;
  pending: number;
  expired: number;
  revoked: number;
  deactivated: number;
  /** The admins seeded with known emails and PASSWORD, for separately signed-in clients. */
  adminEmails: string[];
  seconds: number;
};

export const SEED_MEMBERS = 20_000;
export const SEED_PEOPLE = 100_000;

/**
 * 100,000 people in `workspaceId` (the admin who signed up is one of them): 20,000 members, among
 * them `admins` admins with known emails, and 80,000 invitations. Members have names as people
 * have them (60 first names, some accented, a middle name for one in four, 306 surnames); the
 * invitations came from spreadsheets, as bulk sends write them: `Person 0` … `Person 79999`,
 * `person.N@…`. Every person has an invitation token and a sent email; members have accounts
 * (`tag` keeps the emails of two seeded workspaces apart). On PostgreSQL `ANALYZE` follows, as
 * autovacuum would within a minute.
 */
export async function seedWorkspace(
  database: Database,
  args: { workspaceId: string; adminId: string; admins: number; tag: string },
): Promise<Seeded> {
  const started = performance.now();
  const { workspaceId, adminId, tag } = args;
  const random = mulberry32(20261127);
  const pick = <T>(list: readonly T[]): T => list[Math.floor(random() * list.length)] as T;
  const nowMs = Date.now();
  const iso = (secondsAgo: number) => new Date(nowMs - secondsAgo * 1000).toISOString();
  const now = iso(0);
  const passwordHash = await hashPassword(PASSWORD);
  const seeded: Seeded = {
    people: 0,
    members: 0,
    pending: 0,
    expired: 0,
    revoked: 0,
    deactivated: 0,
    adminEmails: [],
    seconds: 0,
  };
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
  const total = SEED_PEOPLE - 1;
  const domain = (d: string) => (tag ? `${tag}.${d}` : d);
  await database.transaction(async (trx) => {
    await database.bulkInsert(trx, 'teams', teams);
    for (let start = 0; start < total; start += CHUNK) {
      const accounts: Row<'accounts'>[] = [];
      const users: Row<'workspace_users'>[] = [];
      const tokens: Row<'invitation_tokens'>[] = [];
      const outbox: Row<'outbox'>[] = [];
      for (let i = start; i < Math.min(total, start + CHUNK); i++) {
        const member = i < SEED_MEMBERS - 1;
        const seededAdmin = i < args.admins;
        let name: string;
        let email: string;
        const first = pick(FIRST_NAMES);
        const last = pick(SURNAMES);
        const middle = random() < 0.25 ? pick(MIDDLE_NAMES) : null;
        if (seededAdmin) {
          name = `Bench Admin ${i}`;
          email = `bench.admin.${i}@${domain('northwind.test')}`;
          seeded.adminEmails.push(email);
        } else if (member) {
          name = middle ? `${first} ${middle} ${last}` : `${first} ${last}`;
          email = `${first}.${last}.${i}@${domain(pick(DOMAINS))}`
            .normalize('NFD')
            .replace(/\p{M}/gu, '')
            .toLowerCase();
        } else {
          const n = i - (SEED_MEMBERS - 1);
          name = `Person ${n}`;
          email = `person.${n}@${domain(pick(DOMAINS))}`;
        }
        const r = random();
        const role: Row<'workspace_users'>['role'] = seededAdmin
          ? 'admin'
          : r < 0.02
            ? 'admin'
            : r < 0.17
              ? 'manager'
              : 'sales_rep';
        const team = random() < 0.85 ? pick(teams) : null;
        const id = newId();
        const emailId = newId();
        const tokenHash = hashSecret(newSecret());
        let status: Row<'workspace_users'>['status'];
        let invitedAgo: number;
        if (member) {
          status = !seededAdmin && random() < 0.025 ? 'deactivated' : 'active';
          invitedAgo = Math.floor(random() * 700 * DAY) + 8 * DAY;
        } else {
          const s = random();
          status = s < 0.025 ? 'revoked' : 'pending';
          // One invitation in twenty has run out: expired is a pending row past its expiry.
          invitedAgo = s > 0.95 ? Math.floor(8 * DAY + random() * 60 * DAY) : Math.floor(random() * 6.9 * DAY);
        }
        const expiresAt = iso(invitedAgo - 7 * DAY);
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
          seeded.members += 1;
          if (status === 'deactivated') seeded.deactivated += 1;
        } else if (status === 'revoked') seeded.revoked += 1;
        else if (expiresAt <= now) seeded.expired += 1;
        else seeded.pending += 1;
        const buddy = !member && memberIds.length > 0 && random() < 0.3 ? pick(memberIds) : null;
        users.push(
          newWorkspaceUserRow(
            {
              id,
              workspace_id: workspaceId,
              account_id: accountId,
              email,
              name,
              role,
              team_id: team?.id ?? null,
              status,
              invited_by_id: adminId,
              expires_at: expiresAt,
              accepted_at: acceptedAt,
              deactivated_at: status === 'deactivated' ? iso(Math.floor(random() * 30 * DAY)) : null,
              revoked_at: status === 'revoked' ? iso(Math.floor(invitedAgo / 2)) : null,
              token_hash: tokenHash,
              email_status: member || random() < 0.9 ? 'sent' : 'queued',
              buddy_id: buddy,
              phone: member && random() < 0.6 ? `+1 415 555 ${String(1000 + (i % 9000)).padStart(4, '0')}` : null,
              profile_completed_at: member && random() < 0.7 ? acceptedAt : null,
              tour_status: member ? (random() < 0.8 ? 'completed' : 'skipped') : null,
              last_email_id: emailId,
              updated_at: acceptedAt ?? invitedAt,
            },
            invitedAt,
          ),
        );
        tokens.push({ token_hash: tokenHash, user_id: id, created_at: invitedAt });
        outbox.push(
          invitationMessage({ id: emailId, workspaceId, userId: id, email, token: newSecret(), at: invitedAt }, 'sent'),
        );
      }
      await database.bulkInsert(trx, 'accounts', accounts);
      await database.bulkInsert(trx, 'workspace_users', users);
      await database.bulkInsert(trx, 'invitation_tokens', tokens);
      await database.bulkInsert(trx, 'outbox', outbox);
    }
  });
  if (database.dialect === 'postgres') await sql`analyze`.execute(database.db);
  const people = await database.db
    .selectFrom('workspace_users')
    .select((eb) => eb.fn.countAll<number>().as('n'))
    .where('workspace_id', '=', workspaceId)
    .executeTakeFirstOrThrow();
  seeded.people = Number(people.n);
  seeded.seconds = (performance.now() - started) / 1000;
  return seeded;
}

export function describeSeed(s: Seeded): string {
  const n = (x: number) => x.toLocaleString('en-US');
  return (
    `${n(s.people)} people seeded in ${fmt(s.seconds, 1)} s (${n(s.members + 1)} members, ${s.deactivated} of them ` +
    `deactivated, ${s.adminEmails.length} admins signed in separately; ${n(s.pending)} pending, ${n(s.expired)} expired ` +
    `and ${n(s.revoked)} revoked invitations)`
  );
}

// ---------------------------------------------------------------------------------------------
// Load from separately signed-in clients (autocannon, in this process)

/** A request of a load; `label` groups the answers (one load may mix kinds of request). */
export type LoadRequest = autocannon.Request & { label: string };

/** One answer: what, when it ended (performance.now()), how long it took, its status. */
export type Sample = { label: string; end: number; ms: number; status: number };

export type Stats = {
  count: number;
  perSecond: number;
  p50: number;
  p95: number;
  p97_5: number;
  p99: number;
  max: number;
  /** Answers outside 2xx. */
  non2xx: number;
};

export function percentile(sorted: number[], p: number): number {
  if (sorted.length === 0) return 0;
  const index = Math.min(sorted.length - 1, Math.ceil((p / 100) * sorted.length) - 1);
  return sorted[Math.max(0, index)] ?? 0;
}

export function stats(samples: readonly Sample[], seconds: number): Stats {
  const ms = samples.map((s) => s.ms).sort((a, b) => a - b);
  return {
    count: ms.length,
    perSecond: ms.length / seconds,
    p50: percentile(ms, 50),
    p95: percentile(ms, 95),
    p97_5: percentile(ms, 97.5),
    p99: percentile(ms, 99),
    max: ms[ms.length - 1] ?? 0,
    non2xx: samples.filter((s) => s.status < 200 || s.status >= 300).length,
  };
}

export type LoadResult = Stats & {
  samples: Sample[];
  /** Connection errors and time-outs (no answer at all). */
  errors: number;
  byLabel: Map<string, Stats>;
};

export type RunningLoad = { stop(): Promise<LoadResult> };

/**
 * Starts `connections` autocannon connections against `url`; connection `i` sends the requests
 * `perConnection(i)` in turn, for ever (one signed-in client per connection), until `stop()` or
 * `duration` seconds. Every answer is kept as a sample.
 */
export function startLoad(args: {
  url: string;
  perConnection: (i: number) => LoadRequest[];
  connections?: number;
  duration?: number;
}): RunningLoad {
  const samples: Sample[] = [];
  let connection = 0;
  // autocannon calls a request's onResponse and then, synchronously, emits `response`.
  let answered = '';
  const label = (request: LoadRequest): LoadRequest => ({
    ...request,
    onResponse: () => {
      answered = request.label;
    },
  });
  const first = args.perConnection(0);
  const started = performance.now();
  let done: (result: autocannon.Result) => void = () => {};
  let failed: (error: unknown) => void = () => {};
  const finished = new Promise<autocannon.Result>((resolve, reject) => {
    done = resolve;
    failed = reject;
  });
  const instance = autocannon(
    {
      url: args.url,
      connections: args.connections ?? CONNECTIONS,
      duration: args.duration ?? 3600,
      timeout: 60,
      requests: first.map(label),
      setupClient: (client) => {
        client.setRequests(args.perConnection(connection++).map(label));
      },
    },
    (error, result) => (error ? failed(error) : done(result)),
  );
  instance.on('response', (_client, status, _bytes, ms) => {
    samples.push({ label: answered, end: performance.now(), ms, status });
  });
  return {
    async stop() {
      instance.stop();
      const result = await finished;
      const seconds = (performance.now() - started) / 1000;
      return summarizeLoad(samples, seconds, result.errors + result.timeouts);
    },
  };
}

function summarizeLoad(samples: Sample[], seconds: number, errors: number): LoadResult {
  const byLabel = new Map<string, Stats>();
  for (const name of new Set(samples.map((s) => s.label))) {
    byLabel.set(
      name,
      stats(
        samples.filter((s) => s.label === name),
        seconds,
      ),
    );
  }
  return { ...stats(samples, seconds), samples, errors, byLabel };
}

/** The answers of `samples` that were under way at some time within [from, to]. */
export function within(samples: readonly Sample[], from: number, to: number): Sample[] {
  return samples.filter((s) => s.end >= from && s.end - s.ms <= to);
}

export function statsByLabel(samples: readonly Sample[], seconds: number): Map<string, Stats> {
  return summarizeLoad([...samples], seconds, 0).byLabel;
}

/** A load for `duration` seconds (autocannon's own clock), then its result. */
export async function load(args: {
  url: string;
  duration: number;
  perConnection: (i: number) => LoadRequest[];
}): Promise<LoadResult> {
  const started = performance.now();
  const running = startLoad({ ...args });
  await new Promise((resolve) => setTimeout(resolve, args.duration * 1000));
  const result = await running.stop();
  // Rates over the load's own duration, not the tail of answers after it.
  const seconds = Math.min((performance.now() - started) / 1000, args.duration);
  return { ...result, perSecond: result.count / seconds };
}

/**
 * Waits until the server has answered what the load left in flight (autocannon stops sending at
 * the deadline, the server does not stop working): the next phase starts on an idle server.
 */
export async function drain(url: string): Promise<void> {
  const deadline = performance.now() + 60_000;
  for (let quick = 0; quick < 3 && performance.now() < deadline; ) {
    const start = performance.now();
    await fetch(new URL('/healthz', url));
    quick = performance.now() - start < 20 ? quick + 1 : 0;
  }
}

export function getRequest(label: string, path: string, session: Session): LoadRequest {
  return { label, method: 'GET', path, headers: { cookie: session.cookie } };
}

/**
 * `POST /api/v1/invitations` as a signed-in admin, each request a new email
 * (`{prefix}{n}-{random}@{domain}`).
 */
export function invitationRequest(args: {
  label?: string;
  session: Session;
  prefix: string;
  domain: string;
  name: string;
}): LoadRequest {
  let n = 0;
  return {
    label: args.label ?? 'POST /api/v1/invitations',
    method: 'POST',
    path: '/api/v1/invitations',
    headers: {
      'content-type': 'application/json',
      cookie: args.session.cookie,
      'x-csrf-token': args.session.csrfToken,
    },
    setupRequest: (request) => {
      n += 1;
      return {
        ...request,
        body: JSON.stringify({
          email: `${args.prefix}${n}-${randomUUID().slice(0, 6)}@${args.domain}`,
          name: `${args.name} ${n}`,
          role: 'sales_rep',
        }),
      };
    },
  };
}

// ---------------------------------------------------------------------------------------------
// Floors: the statements a request runs, executed directly

/**
 * Runs `fn` on a Kysely over the same database that records every statement it runs, so the
 * statements (and the branches a query takes on this data) are exactly the server's repository
 * code's; the floor then replays them.
 */
export async function captureStatements(
  config: DatabaseConfig,
  fn: (db: Kysely<DB>) => Promise<unknown>,
): Promise<CompiledQuery[]> {
  const sink: CompiledQuery[] = [];
  const log = (event: { level: string; query: CompiledQuery }) => {
    if (event.level === 'query') sink.push(event.query);
  };
  const db =
    config.dialect === 'sqlite'
      ? new Kysely<DB>({ dialect: new SqliteDialect({ database: new SqliteDatabase(config.path) }), log })
      : new Kysely<DB>({
          dialect: new PostgresDialect({ pool: new pg.Pool({ connectionString: config.url, max: 1 }) }),
          log,
        });
  try {
    await fn(db);
  } finally {
    await db.destroy();
  }
  return sink;
}

/** A floor: the rate, latencies and (when this process ran it, SQLite) CPU per request. */
export type Floor = Stats & { cpuMs: number | null; p50ByRequest: number[] };

function floorOf(samples: Sample[], seconds: number, requests: number, cpuMs: number | null): Floor {
  const byLabel = statsByLabel(samples, seconds);
  return {
    ...stats(samples, seconds),
    cpuMs,
    p50ByRequest: Array.from({ length: requests }, (_, i) => byLabel.get(String(i))?.p50 ?? 0),
  };
}

/** The pool of the server on PostgreSQL (src/server/db/database.ts). */
const SERVER_POOL = 10;

/**
 * Replays `requests` (each the statements of one request) in turn for `seconds`: on SQLite on one
 * connection to the same file with the server's settings, statements prepared once, one request
 * after another (the server too has one connection); on PostgreSQL through a pool of the
 * server's size with CONNECTIONS requests in flight, each statement prepared once per connection
 * (named).
 */
export async function replayFloor(
  config: DatabaseConfig,
  requests: CompiledQuery[][],
  seconds: number,
): Promise<Floor> {
  const samples: Sample[] = [];
  const labelled = requests.map((statements, i) => ({ label: String(i), statements }));
  if (config.dialect === 'sqlite') {
    const raw = new SqliteDatabase(config.path);
    raw.pragma('journal_mode = WAL');
    raw.pragma('synchronous = NORMAL');
    raw.pragma('foreign_keys = ON');
    raw.pragma('cache_size = -16000');
    raw.pragma('temp_store = MEMORY');
    const prepared = labelled.map((r) => ({
      label: r.label,
      statements: r.statements.map((q) => ({ statement: raw.prepare(q.sql), parameters: [...q.parameters] })),
    }));
    const start = performance.now();
    const end = start + seconds * 1000;
    const cpu = process.cpuUsage();
    for (let i = 0; performance.now() < end; i++) {
      const request = prepared[i % prepared.length];
      if (!request) break;
      const t = performance.now();
      for (const s of request.statements) {
        if (s.statement.reader) s.statement.all(s.parameters);
        else s.statement.run(s.parameters);
      }
      const now = performance.now();
      samples.push({ label: request.label, end: now, ms: now - t, status: 200 });
    }
    const used = process.cpuUsage(cpu);
    const elapsed = (performance.now() - start) / 1000;
    raw.close();
    return floorOf(samples, elapsed, requests.length, (used.user + used.system) / 1000 / Math.max(1, samples.length));
  }
  const pool = new pg.Pool({ connectionString: config.url, max: SERVER_POOL });
  const names = new Map<string, string>();
  const nameOf = (text: string) => {
    let name = names.get(text);
    if (!name) {
      name = `floor_${names.size}`;
      names.set(text, name);
    }
    return name;
  };
  const start = performance.now();
  const end = start + seconds * 1000;
  await Promise.all(
    Array.from({ length: CONNECTIONS }, async (_, worker) => {
      for (let i = worker; performance.now() < end; i += CONNECTIONS) {
        const request = labelled[i % labelled.length];
        if (!request) break;
        const t = performance.now();
        for (const q of request.statements) {
          await pool.query({ name: nameOf(q.sql), text: q.sql, values: [...q.parameters] });
        }
        const now = performance.now();
        samples.push({ label: request.label, end: now, ms: now - t, status: 200 });
      }
    }),
  );
  const elapsed = (performance.now() - start) / 1000;
  await pool.end();
  return floorOf(samples, elapsed, requests.length, null);
}

/**
 * The rows one invitation writes (user, token, queued email, audit event), built without any checks:
 * what the floors of both benchmarks insert directly.
 */
export function floorInvitation(args: { workspaceId: string; index: number; now: string; expiresAt: string }): {
  user: Row<'workspace_users'>;
  token: Row<'invitation_tokens'>;
  message: Row<'outbox'>;
  /** The audit event of a single invitation (a bulk send writes one for the whole file). */
  audit: Row<'audit_events'>;
} {
  const { workspaceId, index, now } = args;
  const id = newId();
  const emailId = newId();
  const token = newSecret();
  const tokenHash = hashSecret(token);
  // Unique across runs of a floor on the same database.
  const email = `floor.${index}.${id.slice(-8)}@x.test`;
  return {
    user: newWorkspaceUserRow(
      {
        id,
        workspace_id: workspaceId,
        email,
        name: `Person ${index}`,
        role: 'sales_rep',
        status: 'pending',
        expires_at: args.expiresAt,
        token_hash: tokenHash,
        email_status: 'queued',
        last_email_id: emailId,
      },
      now,
    ),
    token: { token_hash: tokenHash, user_id: id, created_at: now },
    // Already done with, so a worker started later on this database leaves it alone.
    message: invitationMessage({ id: emailId, workspaceId, userId: id, email, token, at: now }, 'cancelled'),
    audit: {
      id: newId(),
      workspace_id: workspaceId,
      at: now,
      actor_user_id: null,
      actor_name: 'Floor',
      actor_email: 'floor@x.test',
      action: 'invitation.sent',
      target_type: 'user',
      target_id: id,
      target_label: email,
      before: null,
      after: JSON.stringify({ role: 'sales_rep', teamId: null, expiresAt: args.expiresAt }),
      ip: '127.0.0.1',
    },
  };
}

// ---------------------------------------------------------------------------------------------
// The server process

/** The outbox configuration of a server whose worker must not run (the emails stay queued). */
export const OUTBOX_OFF = {
  outbox: {
    enabled: false,
    pollMs: 500,
    batchSize: 200,
    maxAttempts: 10,
    backoffBaseMs: 2000,
    backoffMaxMs: 900000,
    lockSeconds: 120,
  },
};

function procStatusMb(pid: number, field: 'VmRSS' | 'VmHWM'): number {
  const status = readFileSync(`/proc/${pid}/status`, 'utf8');
  return Number(new RegExp(`${field}:\\s+(\\d+)`).exec(status)?.[1] ?? 0) / 1024;
}

/** When a benchmark fails: what the server process said last (it may have died). */
export function printServerOutput(server: { output: string[] } | null): void {
  if (server) console.error(`server output (last 4,000 characters):\n${server.output.join('').slice(-4000)}`);
}

/** The process's resident memory now, in MB (Linux). */
export function rssMb(pid: number): number {
  return procStatusMb(pid, 'VmRSS');
}

/** The process's peak resident memory since it started or since `resetPeakRss` (`VmHWM`), in MB. */
export function peakRssMb(pid: number): number {
  return procStatusMb(pid, 'VmHWM');
}

/** Starts the process's peak RSS afresh from its current RSS (Linux `clear_refs` 5), where allowed. */
export function resetPeakRss(pid: number): boolean {
  try {
    writeFileSync(`/proc/${pid}/clear_refs`, '5');
    return true;
  } catch {
    return false;
  }
}

/** CPU time (user + system) the process has used so far, in ms (Linux; clock ticks of 10 ms). */
export function cpuMs(pid: number): number {
  const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
  // Fields after the command name, which is in parentheses and may hold spaces.
  const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
  return (Number(fields[11]) + Number(fields[12])) * 10;
}

/**
 * The CPU time so far, in ms, of the PostgreSQL backends serving `databaseUrl`'s database and of
 * the cluster's own writers (WAL writer, checkpointer, background writer): PostgreSQL shares the
 * 2 cores with the server. Other databases' backends (someone else's tests) are left out.
 */
export function postgresCpuMs(databaseUrl: string): number {
  const name = new URL(databaseUrl).pathname.slice(1);
  let total = 0;
  for (const pid of readdirSync('/proc')) {
    if (!/^\d+$/.test(pid)) continue;
    try {
      const title = readFileSync(`/proc/${pid}/cmdline`, 'utf8');
      if (!title.startsWith('postgres:')) continue;
      const ours = title.includes(` ${name} `) || /: (walwriter|checkpointer|background writer)/.test(title);
      if (ours) total += cpuMs(Number(pid));
    } catch {
      // The process ended meanwhile.
    }
  }
  return total;
}

// ---------------------------------------------------------------------------------------------
// Figures, targets and verdicts

export type Target = { op: '≥' | '≤' | '<'; value: number };

/** One measured figure beside its floor and target; `lowerIsBetter` follows from the target. */
export type Figure = {
  bench: string;
  database: TestDialect;
  figure: string;
  value: number;
  unit: string;
  /** The same work done directly, in the same run (null: none). */
  floor: number | null;
  target: Target | null;
  note?: string;
};

export function met(value: number, target: Target): boolean {
  if (target.op === '≥') return value >= target.value;
  if (target.op === '≤') return value <= target.value;
  return value < target.value;
}

function show(value: number, unit: string): string {
  const digits = unit === 'ms' ? (value < 10 ? 2 : 1) : unit === 's' ? 2 : 0;
  return `${fmt(value, digits)}${unit === '/s' ? '/s' : ` ${unit}`}`;
}

export function figureRow(f: Figure): Record<string, string> {
  return {
    benchmark: f.bench,
    database: f.database,
    figure: f.figure,
    ours: show(f.value, f.unit),
    floor: f.floor === null ? '–' : show(f.floor, f.unit),
    'ours ÷ floor': f.floor ? fmt(f.value / f.floor, 2) : '–',
    target: f.target ? `${f.target.op} ${show(f.target.value, f.unit)}` : '–',
    verdict: f.target ? (met(f.value, f.target) ? 'met' : '**missed**') : '–',
  };
}

const RESULTS_DIR = 'dist/bench/results';

/** Prints the figures as a table and keeps them for `bench/summary.ts`. */
export function report(bench: string, header: string, figures: Figure[], notes: string[] = []): void {
  console.log(`\n${header}\n`);
  console.log(table(figures.map(figureRow)));
  for (const note of notes) console.log(`\n${note}`);
  const file = `${RESULTS_DIR}/${bench}.json`;
  mkdirSync(dirname(file), { recursive: true });
  writeFileSync(file, JSON.stringify({ bench, header, at: new Date().toISOString(), figures, notes }, null, 2));
}

export function readReports(): { bench: string; header: string; at: string; figures: Figure[] }[] {
  const out = [];
  for (const bench of ['bench-invite', 'bench-bulk', 'bench-load']) {
    try {
      out.push(JSON.parse(readFileSync(`${RESULTS_DIR}/${bench}.json`, 'utf8')));
    } catch {
      // Not run (yet).
    }
  }
  return out;
}

export function fmt(n: number, digits = 1): string {
  return n.toLocaleString('en-US', { maximumFractionDigits: digits, minimumFractionDigits: digits });
}

export function table(rows: Record<string, string | number>[]): string {
  const headers = Object.keys(rows[0] ?? {});
  const line = (cells: (string | number)[]) => `| ${cells.join(' | ')} |`;
  return [line(headers), line(headers.map(() => '---')), ...rows.map((r) => line(headers.map((h) => r[h] ?? '')))].join(
    '\n',
  );
}

/** The machine, and how busy it was over the last minute (other work on the 2 cores skews figures). */
export function machine(): string {
  return `${process.platform} ${process.arch}, Node ${process.version}, ${availableParallelism()} cores, load average ${loadavg()
    .map((l) => fmt(l, 2))
    .join(' ')}`;
}

/**
 * The start of every benchmark at scale: a workspace signed up through the product (account,
 * workspace, session, migrations), `setUp` for anything else done through it, then the server
 * stopped and 100,000 people written straight into the database. The caller starts the server again.
 */
export async function signUpAndSeed<T>(
  database: { url: string; config: DatabaseConfig },
  args: {
    env: Record<string, string>;
    workspaceName: string;
    email: string;
    tag: string;
    setUp?: (url: string) => Promise<T>;
  },
): Promise<{ owner: SignedUp; seeded: Seeded; setUp: T | undefined }> {
  const server = await startServerProcess({ DATABASE_URL: database.url, LOG_LEVEL: 'warn', ...args.env }, OUTBOX_OFF);
  let owner: SignedUp;
  let setUp: T | undefined;
  try {
    setUp = await args.setUp?.(server.url);
    owner = await signUpWorkspace(server.url, args.workspaceName, args.email);
  } finally {
    await server.kill('SIGTERM');
  }
  const direct = openDatabase(database.config);
  try {
    const seeded = await seedWorkspace(direct, {
      workspaceId: owner.workspaceId,
      adminId: owner.userId,
      admins: CONNECTIONS,
      tag: args.tag,
    });
    return { owner, seeded, setUp };
  } finally {
    await direct.close();
  }
}

/** An invitation email as the outbox holds it, already done with: sent (seeded history) or cancelled (floors). */
function invitationMessage(
  m: { id: string; workspaceId: string; userId: string; email: string; token: string; at: string },
  status: 'sent' | 'cancelled',
): Row<'outbox'> {
  return {
    id: m.id,
    workspace_id: m.workspaceId,
    user_id: m.userId,
    kind: 'invitation',
    to_address: m.email,
    subject: null,
    text_body: null,
    html_body: null,
    template: 'invitation',
    payload: JSON.stringify({ token: m.token }),
    message_id: `<${m.id}@salesos>`,
    status,
    attempts: status === 'sent' ? 1 : 0,
    next_attempt_at: m.at,
    locked_until: null,
    last_error: null,
    created_at: m.at,
    sent_at: status === 'sent' ? m.at : null,
  };
}
