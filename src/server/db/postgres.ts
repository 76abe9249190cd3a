import { Readable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import {
  type CompiledQuery,
  type DatabaseConnection,
  type Driver,
  Kysely,
  PostgresAdapter,
  PostgresIntrospector,
  PostgresQueryCompiler,
  type QueryResult,
  Transaction,
} from 'kysely';
import pg from 'pg';
import { from as copyFrom } from 'pg-copy-streams';
import type { DB } from './schema.js';

/**
 * The PostgreSQL connection of the server. On this path a request's time goes mostly into round
 * trips: every statement sent alone costs a socket write, a wake-up of the PostgreSQL backend and
 * one of ours, and PostgreSQL parses and plans it anew. Three things cut that down:
 *
 * - **Pipelining** (pg's `pipeline` mode): statements issued together go out in one write and are
 *   answered in order, each with its own result or error. A transaction does not queue its
 *   statements behind each other as Kysely's own does: `Promise.all([a(trx), b(trx)])` is one round
 *   trip, run by PostgreSQL exactly in the order the calls were made, as if awaited one by one.
 *   BEGIN goes out with the transaction's first statement.
 * - **Prepared statements**: the hot statements (those `precompiled.ts` builds, and every insert,
 *   update and delete with few parameters) are named, so each connection parses and plans them
 *   once. Reads built per call are not: their best plan may depend on the values.
 * - **One write per burst**: the statements issued in one turn of the event loop leave in one
 *   socket write.
 */

const POOL_SIZE = 10;
/** Distinct statements prepared on each connection at most (the app has a few hundred shapes). */
const MAX_PREPARED = 400;
/** A statement with more parameters than this is a variable-length list or a multi-row insert. */
const MAX_PREPARED_PARAMETERS = 64;
const COPY_CHUNK = 500;

/** Statements sent and round trips made since the process started (tests read them). */
export type StatementStats = { statements: number; roundTrips: number };

const preparedNames = new Map<string, string>();

/**
 * Marks a statement as one to prepare on every connection (the name is the same everywhere).
 * Reads with a plan that does not depend on their values: lookups by key, as `precompiled` builds.
 */
export function prepareStatement(sqlText: string): void {
  if (preparedNames.has(sqlText) || preparedNames.size >= MAX_PREPARED) return;
  preparedNames.set(sqlText, `salesos_${preparedNames.size}`);
}

const WRITE = /^\s*(insert|update|delete)\s/i;

function statementName(sqlText: string, parameterCount: number): string | undefined {
  const name = preparedNames.get(sqlText);
  if (name !== undefined) return name;
  // A write's plan is the same whatever its values: prepare it the first time it is seen.
  if (parameterCount > MAX_PREPARED_PARAMETERS || !WRITE.test(sqlText)) return undefined;
  prepareStatement(sqlText);
  return preparedNames.get(sqlText);
}

type PgResult = { command: string; rowCount: number | null; rows: unknown[] };

/**
 * One pooled client while it is checked out: a transaction, or a single statement outside one.
 * Statements are written in the order they are issued; a statement issued while another burst is
 * being flushed joins the next write.
 */
class PgSession implements DatabaseConnection {
  #flushScheduled = false;
  /** Statements sent and not yet answered. */
  #inFlight = 0;
  #idle: Array<() => void> = [];
  /** A COPY holds the connection alone: statements issued meanwhile wait for it, in order. */
  #exclusive: Promise<void> | null = null;
  /** Set when the connection failed: the pool must not hand it out again. */
  broken = false;

  constructor(
    readonly client: pg.PoolClient,
    readonly stats: StatementStats,
  ) {}

  #stream(): { cork(): void; uncork(): void } | null {
    const stream = (this.client as unknown as { connection?: { stream?: { cork?(): void; uncork?(): void } } })
      .connection?.stream;
    return stream?.cork && stream.uncork ? (stream as { cork(): void; uncork(): void }) : null;
  }

  /** Corks the socket until every statement issued in this turn of the event loop is written. */
  #batch(): void {
    if (this.#flushScheduled) return;
    const stream = this.#stream();
    if (!stream) return;
    this.#flushScheduled = true;
    this.stats.roundTrips += 1;
    stream.cork();
    // After the microtasks queued now, and the ones they queue: what a `Promise.all` issues.
    queueMicrotask(() =>
      process.nextTick(() => {
        this.#flushScheduled = false;
        stream.uncork();
      }),
    );
  }

  send(sqlText: string, parameters: readonly unknown[]): Promise<PgResult> {
    if (this.#exclusive) {
      const after = this.#exclusive;
      return after.then(() => this.send(sqlText, parameters));
    }
    this.#batch();
    this.stats.statements += 1;
    this.#inFlight += 1;
    const name = statementName(sqlText, parameters.length);
    const values = parameters as unknown[];
    const sent = this.client.query<never>(name ? { name, text: sqlText, values } : { text: sqlText, values });
    return sent.then(
      (result) => {
        this.#settled();
        return result as unknown as PgResult;
      },
      (error: unknown) => {
        this.#settled();
        throw error;
      },
    );
  }

  #settled(): void {
    this.#inFlight -= 1;
    if (this.#inFlight === 0) for (const resolve of this.#idle.splice(0)) resolve();
  }

  async executeQuery<R>(compiledQuery: CompiledQuery): Promise<QueryResult<R>> {
    const { command, rowCount, rows } = await this.send(compiledQuery.sql, compiledQuery.parameters);
    const writes = command === 'INSERT' || command === 'UPDATE' || command === 'DELETE' || command === 'MERGE';
    return {
      ...(writes ? { numAffectedRows: BigInt(rowCount ?? 0) } : {}),
      rows: (rows ?? []) as R[],
    };
  }

  // biome-ignore lint/correctness/useYield: the server never streams results from PostgreSQL.
  async *streamQuery<R>(): AsyncIterableIterator<QueryResult<R>> {
    throw new Error('Streaming queries is not supported on this connection');
  }

  /**
   * Runs `rows` into `table` with COPY, on this connection alone: pg refuses COPY in pipeline mode,
   * so the client leaves it once the statements before have been answered, and returns to it after.
   */
  async copy(table: string, columns: string[], lines: Iterable<string>): Promise<void> {
    while (this.#exclusive) await this.#exclusive;
    let release = () => {};
    this.#exclusive = new Promise<void>((resolve) => {
      release = resolve;
    });
    try {
      if (this.#inFlight > 0) await new Promise<void>((resolve) => this.#idle.push(resolve));
      const client = this.client as unknown as { pipeline: boolean };
      client.pipeline = false;
      this.stats.statements += 1;
      this.stats.roundTrips += 1;
      try {
        const copy = this.client.query(copyFrom(`copy ${quote(table)} (${columns.map(quote).join(', ')}) from stdin`));
        await pipeline(Readable.from(lines), copy);
      } finally {
        client.pipeline = true;
      }
    } finally {
      this.#exclusive = null;
      release();
    }
  }
}

const quote = (name: string) => `"${name.replaceAll('"', '""')}"`;

/** One value in COPY's text format: `\N` for null, backslash escapes for the few special characters. */
function copyField(value: unknown): string {
  if (value === null || value === undefined) return '\\N';
  const text = String(value);
  return /[\\\n\r\t]/.test(text)
    ? text.replace(/[\\\n\r\t]/g, (ch) => (ch === '\\' ? '\\\\' : ch === '\n' ? '\\n' : ch === '\r' ? '\\r' : '\\t'))
    : text;
}

/** COPY's text format for `rows`, a chunk at a time. */
export function* copyLines(columns: string[], rows: Record<string, unknown>[]): Generator<string> {
  for (let i = 0; i < rows.length; i += COPY_CHUNK) {
    let text = '';
    for (const row of rows.slice(i, i + COPY_CHUNK)) text += `${columns.map((c) => copyField(row[c])).join('\t')}\n`;
    yield text;
  }
}

export type Postgres = {
  db: Kysely<DB>;
  transaction<T>(fn: (trx: Transaction<DB>) => Promise<T>): Promise<T>;
  /** The session a transaction runs on (COPY needs the client itself). */
  sessionOf(trx: Transaction<DB>): PgSession | undefined;
  stats: StatementStats;
};

export function openPostgres(url: string): Postgres {
  const pool = new pg.Pool({
    connectionString: url,
    max: POOL_SIZE,
    connectionTimeoutMillis: 5000,
    // pg's client option, passed on by the pool to every client it opens.
    ...({ pipeline: true } as object),
  });
  // A client that loses its server emits 'error'; without a listener the process dies. The pool
  // listens only while a client is idle, so each client also gets its own listener for the time
  // it is checked out (between two queries of a transaction, when PostgreSQL shuts down). Such a
  // client is no longer queryable: its next query fails, and the pool discards it on release.
  pool.on('error', () => {});
  pool.on('connect', (client) => {
    client.on('error', () => {});
  });
  const stats: StatementStats = { statements: 0, roundTrips: 0 };
  const sessions = new WeakMap<pg.PoolClient, PgSession>();
  async function checkout(): Promise<PgSession> {
    const client = await pool.connect();
    let session = sessions.get(client);
    if (!session) {
      session = new PgSession(client, stats);
      sessions.set(client, session);
    }
    return session;
  }
  const checkin = (session: PgSession) => session.client.release(session.broken);

  const driver: Driver = {
    async init() {},
    acquireConnection: checkout,
    async beginTransaction(connection) {
      await (connection as PgSession).send('begin', []);
    },
    async commitTransaction(connection) {
      await (connection as PgSession).send('commit', []);
    },
    async rollbackTransaction(connection) {
      await (connection as PgSession).send('rollback', []);
    },
    async releaseConnection(connection) {
      checkin(connection as PgSession);
    },
    async destroy() {
      await pool.end();
    },
  };
  const dialect = {
    createAdapter: () => new PostgresAdapter(),
    createDriver: () => driver,
    createIntrospector: (db: Kysely<unknown>) => new PostgresIntrospector(db),
    createQueryCompiler: () => new PostgresQueryCompiler(),
  };
  const config = { dialect };
  const db = new Kysely<DB>(config);
  const trxSessions = new WeakMap<Transaction<DB>, PgSession>();

  /**
   * A transaction whose statements are not queued behind each other (see the top of this file).
   * Kysely's own `db.transaction()` sends each statement only after the previous one is answered.
   */
  async function transaction<T>(fn: (trx: Transaction<DB>) => Promise<T>): Promise<T> {
    const session = await checkout();
    const executor = db.getExecutor().withConnectionProvider({ provideConnection: (consume) => consume(session) });
    const trx = new Transaction<DB>({ config, dialect, driver, executor });
    trxSessions.set(trx, session);
    // Not awaited: BEGIN goes out with the first statement. Only a connection that fails can make
    // BEGIN fail, and then every statement after it fails too.
    const begun = session.send('begin', []);
    begun.catch(() => {});
    try {
      let result: T;
      try {
        result = await fn(trx);
      } catch (error) {
        await session.send('rollback', []).catch(() => {
          session.broken = true;
        });
        throw error;
      }
      await begun;
      const { command } = await session.send('commit', []);
      // PostgreSQL ends a transaction that an error aborted with ROLLBACK, whatever was asked.
      if (command === 'ROLLBACK') throw new Error('The transaction was rolled back: a statement in it failed');
      return result;
    } finally {
      checkin(session);
    }
  }

  return { db, transaction, sessionOf: (trx) => trxSessions.get(trx), stats };
}
