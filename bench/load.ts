/**
 * npm run bench:load — one workspace of 100,000 people (20,000 members, 80,000 invitations)
 * under load from 16 separately signed-in admins (one session per connection): the Users list's
 * first page, a status filter, `GET /api/v1/me` and search-as-you-type (the keystrokes of
 * `Person 12345`, a middle name, a surname, an email prefix, an accent-folded name and a query that
 * matches nobody, rotated), each for BENCH_SECONDS (20 s). Each figure stands beside its floor,
 * measured in the same run on the same database: the statements the request runs (the session
 * lookup and the route's queries, as the server's own repository code runs them on this data),
 * replayed directly in a loop. SQLite always; PostgreSQL when BENCH_DATABASE_URL or
 * TEST_DATABASE_URL is set; BENCH_DIALECTS=sqlite or =postgres runs one. BENCH_KEEP=1 keeps the
 * databases (for EXPLAIN). BENCH_ONLY=search (any part of a label, case ignored) runs only the
 * matching requests, to profile one of them.
 */
import type { CompiledQuery, Kysely } from 'kysely';
import { openDatabase } from '../src/server/db/database.js';
import type { DB } from '../src/server/db/schema.js';
import { nowIso } from '../src/server/lib/time.js';
import { authRepository } from '../src/server/modules/auth/auth.repository.js';
import { profileRepository } from '../src/server/modules/profile/profile.repository.js';
import { type UserListQuery, usersRepository } from '../src/server/modules/users/users.repository.js';
import type { Page } from '../src/shared/api/pagination.js';
import type { User } from '../src/shared/api/users.js';
import { createTestDatabase, type TestDialect } from '../test/support/database.js';
import { type ServerProcess, startServerProcess } from '../test/support/process.js';
import {
  benchCompiledServer,
  benchDialects,
  CONNECTIONS,
  captureStatements,
  cpuMs,
  describeSeed,
  drain,
  type Figure,
  type Floor,
  fmt,
  getRequest,
  type LoadResult,
  load,
  machine,
  OUTBOX_OFF,
  peakRssMb,
  postgresCpuMs,
  printServerOutput,
  replayFloor,
  report,
  rssMb,
  type Session,
  signInAll,
  signUpAndSeed,
  table,
} from './support.js';

const DURATION = Number(process.env.BENCH_SECONDS ?? 20);
const FLOOR_SECONDS = Math.min(5, DURATION);

/**
 * Search-as-you-type: every keystroke of `Person 12345` (from 80,000 matches down to one), a
 * middle name, a surname (the last word), an email prefix, a name typed without its accent, and
 * a query that matches nobody.
 */
const SEARCHES = [
  ...'Person 12345'.split('').map((_, i, all) => all.slice(0, i + 1).join('')),
  'grace',
  'thornbrook',
  'olivia.thornb',
  'jose',
  'zqxw',
].filter((q) => q.trim() === q);

type Context = { dialect: TestDialect; workspaceId: string; sessionIdHash: string; accountId: string; userId: string };

/** The statements every authenticated request runs first (src/server/plugins/auth.ts `resolveAuth`). */
async function sessionStatements(db: Kysely<DB>, ctx: Context, now: string): Promise<void> {
  await authRepository.findSessionContext(db, ctx.sessionIdHash, now);
  await usersRepository.findActiveByAccount(db, ctx.workspaceId, ctx.accountId);
}

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

type Scenario = {
  label: string;
  /** The paths the load rotates through (one, or the keystrokes of a search). */
  paths: string[];
  /** The route's own statements for path `i` (after the session's). */
  route: (db: Kysely<DB>, ctx: Context, now: string, i: number) => Promise<unknown>;
  /** Targets: [SQLite, PostgreSQL]. */
  perSecond: [number, number] | null;
  p97_5?: [number | null, number | null];
};

const SCENARIOS: Scenario[] = [
  {
    label: 'Users list, first page',
    paths: ['/api/v1/users'],
    route: (db, ctx, now) => usersRepository.list(db, ctx.dialect, listQuery(ctx, now, {})),
    perSecond: [1500, 1000],
  },
  {
    label: 'filter ?status=pending',
    paths: ['/api/v1/users?status=pending'],
    route: (db, ctx, now) => usersRepository.list(db, ctx.dialect, listQuery(ctx, now, { statuses: ['pending'] })),
    perSecond: null,
  },
  {
    label: 'GET /api/v1/me',
    paths: ['/api/v1/me'],
    // auth.service `me`: the memberships (workspace switcher) and the onboarding's invitation check.
    route: async (db, ctx) => {
      await usersRepository.listMemberships(db, ctx.accountId);
      await profileRepository.hasInvitation(db, ctx.userId);
    },
    perSecond: [3000, 1500],
  },
  {
    label: 'search-as-you-type',
    paths: SEARCHES.map((q) => `/api/v1/users?q=${encodeURIComponent(q)}`),
    route: (db, ctx, now, i) => usersRepository.list(db, ctx.dialect, listQuery(ctx, now, { q: SEARCHES[i] ?? null })),
    perSecond: [1000, 600],
    p97_5: [25, null],
  },
];

const ONLY = process.env.BENCH_ONLY?.toLowerCase();
const scenarios = SCENARIOS.filter((s) => !ONLY || s.label.toLowerCase().includes(ONLY));

/** Each request's statements (the session's, then the route's), captured on the seeded database. */
async function floorOf(
  config: Parameters<typeof captureStatements>[0],
  ctx: Context,
  scenario: Scenario,
): Promise<Floor> {
  const requests: CompiledQuery[][] = [];
  for (let i = 0; i < scenario.paths.length; i++) {
    requests.push(
      await captureStatements(config, async (db) => {
        const now = nowIso();
        await sessionStatements(db, ctx, now);
        await scenario.route(db, ctx, now, i);
      }),
    );
  }
  return replayFloor(config, requests, FLOOR_SECONDS);
}

type Measured = { scenario: Scenario; result: LoadResult; serverCpu: number; postgresCpu: number; floor: Floor };

async function benchDialect(
  dialect: TestDialect,
): Promise<{ figures: Figure[]; details: Record<string, string | number>[]; notes: string[] }> {
  const database = await createTestDatabase(dialect);
  let server: ServerProcess | null = null;
  try {
    // The admin signs up through the product (account, workspace, session, migrations); the
    // rest of the workspace is written straight into the database with the server stopped.
    const { owner, seeded } = await signUpAndSeed(database, {
      env: {},
      workspaceName: 'Load Bench',
      email: `load-${dialect}@bench.test`,
      tag: '',
    });
    const direct = openDatabase(database.config);

    server = await startServerProcess({ DATABASE_URL: database.url, LOG_LEVEL: 'warn' }, OUTBOX_OFF);
    const sessions: Session[] = await signInAll(server.url, seeded.adminEmails);
    const first = seeded.adminEmails[0] ?? '';
    const signedIn = await direct.db
      .selectFrom('sessions as s')
      .innerJoin('accounts as a', 'a.id', 's.account_id')
      .innerJoin('workspace_users as u', (j) =>
        j.onRef('u.account_id', '=', 's.account_id').onRef('u.workspace_id', '=', 's.workspace_id'),
      )
      .select(['s.id_hash', 's.account_id', 'u.id as user_id'])
      .where('a.email', '=', first)
      .executeTakeFirstOrThrow();
    await direct.close();
    const ctx: Context = {
      dialect,
      workspaceId: owner.workspaceId,
      sessionIdHash: signedIn.id_hash,
      accountId: signedIn.account_id,
      userId: signedIn.user_id,
    };

    // What each search finds (first page), to read the figures by.
    const found: string[] = [];
    for (const q of SEARCHES) {
      const answer = await fetch(new URL(`/api/v1/users?q=${encodeURIComponent(q)}`, server.url), {
        headers: { cookie: sessions[0]?.cookie ?? '' },
      });
      const page = (await answer.json()) as Page<User>;
      found.push(`\`${q}\` ${page.items.length}${page.nextCursor ? '+' : ''}`);
    }

    // Floors on the seeded database, the server idle.
    const floors: Floor[] = [];
    for (const scenario of scenarios) floors.push(await floorOf(database.config, ctx, scenario));

    const rssAtStart = rssMb(server.pid);
    // Warm-up: statements compiled, code optimised, pages cached; not measured.
    for (const s of scenarios) {
      for (let i = 0; i < 40; i++) {
        await fetch(new URL(s.paths[i % s.paths.length] ?? '/', server.url), {
          headers: { cookie: sessions[i % sessions.length]?.cookie ?? '' },
        });
      }
    }
    const measured: Measured[] = [];
    const peaks: string[] = [];
    for (const [index, scenario] of scenarios.entries()) {
      const serverBefore = cpuMs(server.pid);
      const postgresBefore = dialect === 'postgres' ? postgresCpuMs(database.url) : 0;
      const url = server.url;
      const result = await load({
        url,
        duration: DURATION,
        // Connection i is admin i's browser; a search's connections start at different keystrokes.
        perConnection: (i) => {
          const session = sessions[i % sessions.length] as Session;
          const paths = scenario.paths.map((_, k) => scenario.paths[(i + k) % scenario.paths.length] ?? '');
          return paths.map((path) => getRequest(path, path, session));
        },
      });
      await drain(url);
      measured.push({
        scenario,
        result,
        serverCpu: cpuMs(server.pid) - serverBefore,
        postgresCpu: dialect === 'postgres' ? postgresCpuMs(database.url) - postgresBefore : 0,
        floor: floors[index] as Floor,
      });
      peaks.push(`${fmt(peakRssMb(server.pid), 0)} after ${scenario.label}`);
    }
    const peak = peakRssMb(server.pid);
    await server.kill('SIGTERM');
    server = null;

    const figures: Figure[] = [];
    const details: Record<string, string | number>[] = [];
    const at = dialect === 'sqlite' ? 0 : 1;
    for (const m of measured) {
      const { result: r, floor, scenario } = m;
      const perSecondTarget = scenario.perSecond?.[at] ?? null;
      figures.push({
        bench: 'bench:load',
        database: dialect,
        figure: `${scenario.label}: requests/s`,
        value: r.perSecond,
        unit: '/s',
        floor: floor.perSecond,
        target: perSecondTarget === null ? null : { op: '≥', value: perSecondTarget },
      });
      const p97Target = scenario.p97_5?.[at] ?? null;
      if (scenario.p97_5) {
        figures.push({
          bench: 'bench:load',
          database: dialect,
          figure: `${scenario.label}: p97.5`,
          value: r.p97_5,
          unit: 'ms',
          floor: floor.p97_5,
          target: p97Target === null ? null : { op: '≤', value: p97Target },
        });
      }
      if (r.non2xx + r.errors > 0) {
        figures.push({
          bench: 'bench:load',
          database: dialect,
          figure: `${scenario.label}: failed answers`,
          value: r.non2xx + r.errors,
          unit: '',
          floor: null,
          target: { op: '≤', value: 0 },
        });
      }
      details.push({
        database: dialect,
        request: scenario.label,
        'req/s': fmt(r.perSecond, 0),
        'p50 / p95 / p97.5 / p99 / max': `${[r.p50, r.p95, r.p97_5, r.p99, r.max].map((v) => fmt(v, 1)).join(' / ')} ms`,
        'non-2xx': r.non2xx + r.errors,
        'server CPU/req': `${fmt(m.serverCpu / Math.max(1, r.count), 2)} ms`,
        'PostgreSQL CPU/req': dialect === 'postgres' ? `${fmt(m.postgresCpu / Math.max(1, r.count), 2)} ms` : '–',
        'floor/s': fmt(floor.perSecond, 0),
        'floor p50 / p97.5 / p99': `${fmt(floor.p50, 2)} / ${fmt(floor.p97_5, 2)} / ${fmt(floor.p99, 2)} ms`,
        'floor CPU/req': floor.cpuMs === null ? '–' : `${fmt(floor.cpuMs, 2)} ms`,
        'ours ÷ floor': fmt(r.perSecond / floor.perSecond, 2),
      });
    }
    const notes = [`${dialect}: ${describeSeed(seeded)}.`];
    const search = measured.find((m) => m.scenario.label === 'search-as-you-type');
    if (search) {
      notes.push(
        `${dialect} search-as-you-type, per query (first page found; p50 / p97.5 of ours; p50 of the floor):\n\n` +
          table(
            SEARCHES.map((q, i) => {
              const path = search.scenario.paths[i] ?? '';
              const ours = search.result.byLabel.get(path);
              const floor = search.floor;
              return {
                q: `\`${q}\``,
                found: found[i]?.replace(/^`.*` /, '') ?? '',
                answers: ours?.count ?? 0,
                'p50 / p97.5': ours ? `${fmt(ours.p50, 1)} / ${fmt(ours.p97_5, 1)} ms` : '–',
                'floor p50': floor ? `${fmt(floorQuery(floor, i), 2)} ms` : '–',
              };
            }),
          ),
      );
    }
    notes.push(
      `${dialect}: server RSS at start ${fmt(rssAtStart, 0)} MB, peak ${fmt(peak, 0)} MB (${peaks.join(', ')}).`,
    );
    return { figures, details, notes };
  } catch (error) {
    printServerOutput(server);
    throw error;
  } finally {
    await server?.kill();
    // BENCH_KEEP=1 keeps the database, to look at query plans afterwards.
    if (process.env.BENCH_KEEP) console.log(`kept ${dialect} database: ${database.url}`);
    else await database.drop();
  }
}

/** The floor's p50 for request `i` of its rotation. */
function floorQuery(floor: Floor, i: number): number {
  return floor.p50ByRequest[i] ?? 0;
}

await benchCompiledServer();
const results = [];
for (const dialect of benchDialects()) results.push(await benchDialect(dialect));
report(
  'bench-load',
  `bench:load — ${new Date().toISOString()} — ${machine()} — 100,000 people, ${CONNECTIONS} connections (each its own session), ${DURATION} s per request kind; floors ${FLOOR_SECONDS} s`,
  results.flatMap((r) => r.figures),
  [table(results.flatMap((r) => r.details)), ...results.flatMap((r) => r.notes)],
);
