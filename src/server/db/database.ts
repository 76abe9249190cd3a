import { mkdirSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname } from 'node:path';
import SqliteDatabase from 'better-sqlite3';
import {
  CompiledQuery,
  type DatabaseConnection,
  type Driver,
  Kysely,
  Migrator,
  SqliteDialect,
  type SqliteDialectConfig,
  SqliteDriver,
  sql,
  type Transaction,
} from 'kysely';
import { migrations } from './migrations/index.js';
import { copyLines, openPostgres } from './postgres.js';
import type { DB, Row } from './schema.js';
import { startCheckpointer } from './sqlite-checkpointer.js';

export type Dialect = 'sqlite' | 'postgres';

/** Where the database is: DATABASE_URL as config.ts parsed it. */
export type DatabaseConfig = { dialect: 'sqlite'; path: string } | { dialect: 'postgres'; url: string };

export type Database = {
  db: Kysely<DB>;
  dialect: Dialect;
  /** Runs `fn` in one transaction: `BEGIN IMMEDIATE` on SQLite, so writers never deadlock or race. */
  transaction<T>(fn: (trx: Transaction<DB>) => Promise<T>): Promise<T>;
  /**
   * Locks the workspace row against other lockers for the rest of the transaction (seat checks;
   * SQLite's write transaction is already exclusive).
   */
  lockWorkspace(trx: Transaction<DB>, workspaceId: string): Promise<void>;
  /**
   * Inserts many rows fast, inside `trx`: one prepared statement run per row on SQLite, one
   * `unnest` statement per 5,000 rows on PostgreSQL (no 65,535-parameter cap, no giant SQL text).
   */
  bulkInsert<T extends keyof DB & string>(trx: Transaction<DB>, table: T, rows: Row<T>[]): Promise<void>;
  ping(): Promise<boolean>;
  close(): Promise<void>;
};

/** SQLite's plain BEGIN takes the write lock lazily; IMMEDIATE takes it up front. */
class ImmediateSqliteDriver extends SqliteDriver {
  readonly #inTransaction: () => boolean;
  constructor(config: SqliteDialectConfig, inTransaction: () => boolean) {
    super(config);
    this.#inTransaction = inTransaction;
  }
  override async beginTransaction(connection: DatabaseConnection): Promise<void> {
    await connection.executeQuery(CompiledQuery.raw('begin immediate'));
  }
  /**
   * A full disk or an I/O error makes SQLite roll the transaction back by itself: a ROLLBACK
   * then fails ("no transaction is active") and would hide the error that ended it.
   */
  override async rollbackTransaction(connection: DatabaseConnection): Promise<void> {
    if (this.#inTransaction()) await super.rollbackTransaction(connection);
  }
}

class ImmediateSqliteDialect extends SqliteDialect {
  readonly #config: SqliteDialectConfig;
  readonly #inTransaction: () => boolean;
  constructor(config: SqliteDialectConfig, inTransaction: () => boolean) {
    super(config);
    this.#config = config;
    this.#inTransaction = inTransaction;
  }
  override createDriver(): Driver {
    return new ImmediateSqliteDriver(this.#config, this.#inTransaction);
  }
}

const STATEMENT_CACHE_SIZE = 500;

/**
 * better-sqlite3 compiles a statement on every `prepare`; Kysely prepares each query anew. The
 * same SQL text always compiles to the same statement, so keep the most recent ones.
 */
function withStatementCache(
  database: SqliteDatabase.Database,
  close: () => Promise<void>,
): SqliteDialectConfig['database'] & { prepare(sqlText: string): SqliteDatabase.Statement } {
  const cache = new Map<string, SqliteDatabase.Statement>();
  return {
    close,
    prepare(sqlText: string) {
      const cached = cache.get(sqlText);
      if (cached) return cached;
      // The app's queries are a few hundred shapes: when the cache is full, the oldest goes.
      if (cache.size >= STATEMENT_CACHE_SIZE) {
        const oldest = cache.keys().next().value;
        if (oldest !== undefined) cache.delete(oldest);
      }
      const statement = database.prepare(sqlText);
      cache.set(sqlText, statement);
      return statement;
    },
  };
}

function openSqlite(path: string): {
  db: Kysely<DB>;
  raw: SqliteDatabase.Database;
  prepare(sqlText: string): SqliteDatabase.Statement;
} {
  if (path !== ':memory:') mkdirSync(dirname(path), { recursive: true });
  const raw = new SqliteDatabase(path);
  raw.pragma('journal_mode = WAL');
  raw.pragma('synchronous = NORMAL');
  raw.pragma('foreign_keys = ON');
  raw.pragma('busy_timeout = 5000');
  // 16 MB of page cache instead of SQLite's 2 MB: a workspace's hot indexes stay in memory
  // instead of being read back from the OS on every insert (about 10% of an invitation's CPU).
  raw.pragma('cache_size = -16000');
  // Every transaction of a group commit runs in its own savepoint, and SQLite keeps the original
  // of each page a savepoint changes in a statement journal: a temporary file by default, one
  // write per page (about 0.11 ms of an invitation's 0.8 ms). In memory it costs a page copy.
  raw.pragma('temp_store = MEMORY');
  const checkpointer =
    path === ':memory:' ? null : startCheckpointer(raw, path, createRequire(import.meta.url).resolve('better-sqlite3'));
  const cached = withStatementCache(raw, async () => {
    await checkpointer?.stop();
    raw.close();
  });
  return {
    db: new Kysely<DB>({ dialect: new ImmediateSqliteDialect({ database: cached }, () => raw.inTransaction) }),
    raw,
    prepare: cached.prepare,
  };
}

type PendingTransaction = {
  fn: (trx: Transaction<DB>) => Promise<unknown>;
  resolve(value: unknown): void;
  reject(error: unknown): void;
};

const GROUP_COMMIT_MAX = 64;

/**
 * Group commit for SQLite's single writer. Transactions that arrive while one is running wait,
 * then run together in one `BEGIN IMMEDIATE … COMMIT`, each inside its own savepoint: one that
 * fails is rolled back alone and rejects at once; the others resolve only after the shared
 * COMMIT, so no caller ever sees a result that is not durable. Each runs after the previous one,
 * on the same connection, exactly as if they had queued for it one by one; what they share is the
 * commit (its WAL write of every page the batch touched). A batch waits for nothing but the end
 * of the current turn of the event loop.
 */
function groupCommitter(db: Kysely<DB>, raw: SqliteDatabase.Database) {
  const queue: PendingTransaction[] = [];
  let draining = false;

  async function runAlone(op: PendingTransaction): Promise<void> {
    try {
      op.resolve(await db.transaction().execute(op.fn));
    } catch (error) {
      op.reject(error);
    }
  }

  async function runBatch(batch: PendingTransaction[]): Promise<void> {
    let trx: Awaited<ReturnType<ReturnType<Kysely<DB>['startTransaction']>['execute']>>;
    try {
      trx = await db.startTransaction().execute();
    } catch (error) {
      for (const op of batch) op.reject(error);
      return;
    }
    const succeeded: Array<{ op: PendingTransaction; value: unknown }> = [];
    const rollback = async () => {
      if (raw.inTransaction)
        await trx
          .rollback()
          .execute()
          .catch(() => {});
    };
    // Ends the batch when the transaction itself is gone: the ones already run are lost with it
    // (rejected), the rest start over in a new one.
    const abandon = async (error: unknown, rest: PendingTransaction[]) => {
      await rollback();
      for (const done of succeeded) done.op.reject(error);
      queue.unshift(...rest);
    };
    for (let i = 0; i < batch.length; i++) {
      const op = batch[i] as PendingTransaction;
      try {
        await sql`savepoint grouped`.execute(trx);
      } catch (error) {
        await abandon(error, batch.slice(i));
        return;
      }
      let value: unknown;
      try {
        value = await op.fn(trx);
      } catch (error) {
        op.reject(error);
        try {
          // A failed statement leaves the transaction open; a full disk or an I/O error ends it.
          if (!raw.inTransaction) throw error;
          await sql`rollback to grouped`.execute(trx);
          await sql`release grouped`.execute(trx);
        } catch (broken) {
          await abandon(broken, batch.slice(i + 1));
          return;
        }
        continue;
      }
      try {
        await sql`release grouped`.execute(trx);
      } catch (error) {
        op.reject(error);
        await abandon(error, batch.slice(i + 1));
        return;
      }
      succeeded.push({ op, value });
    }
    try {
      await trx.commit().execute();
    } catch (error) {
      await rollback();
      for (const done of succeeded) done.op.reject(error);
      return;
    }
    for (const done of succeeded) done.op.resolve(done.value);
  }

  async function drain(): Promise<void> {
    try {
      while (queue.length > 0) {
        const batch = queue.splice(0, GROUP_COMMIT_MAX);
        if (batch.length === 1) await runAlone(batch[0] as PendingTransaction);
        else await runBatch(batch);
      }
    } finally {
      draining = false;
    }
  }

  return function transaction<T>(fn: (trx: Transaction<DB>) => Promise<T>): Promise<T> {
    return new Promise<T>((resolve, reject) => {
      queue.push({ fn, resolve: resolve as (value: unknown) => void, reject });
      if (draining) return;
      draining = true;
      // A transaction on better-sqlite3 runs in microtasks only: started at once, it would end
      // before the event loop reads the next request. Starting after the requests already read
      // in this turn of the loop have queued theirs is what lets a batch form.
      setImmediate(() => void drain());
    });
  };
}

// Columns that are integers; every other column is text (see schema.ts).
const INTEGER_COLUMNS = new Set([
  'row_number',
  'valid',
  'attempts',
  'count',
  'rows_count',
  'valid_count',
  'invalid_count',
  'sent_count',
  'skipped_count',
]);
const PG_BULK_CHUNK = 5000;
const COPY_MIN_ROWS = 50;

const quoteIdent = (name: string) => `"${name.replaceAll('"', '""')}"`;

export function openDatabase(config: DatabaseConfig): Database {
  const sqlite = config.dialect === 'sqlite' ? openSqlite(config.path) : null;
  const postgres = sqlite ? null : openPostgres((config as { url: string }).url);
  const db = sqlite ? sqlite.db : (postgres as NonNullable<typeof postgres>).db;
  const dialect = config.dialect;
  return {
    db,
    dialect,
    async bulkInsert(trx, table, rows) {
      const first = rows[0];
      if (!first) return;
      const columns = Object.keys(first);
      const columnList = columns.map(quoteIdent).join(', ');
      if (sqlite) {
        // The transaction holds SQLite's only connection: running on it directly is inside it.
        const statement = sqlite.prepare(
          `insert into ${quoteIdent(table)} (${columnList}) values (${columns.map(() => '?').join(', ')})`,
        );
        for (const row of rows) statement.run(columns.map((c) => (row as Record<string, unknown>)[c]));
        return;
      }
      const session = rows.length >= COPY_MIN_ROWS ? postgres?.sessionOf(trx) : undefined;
      if (session) {
        // COPY, streamed a chunk at a time: less of PostgreSQL's time and of ours than unnest (it
        // costs one more round trip, so a few rows still go in one statement).
        await session.copy(table, columns, copyLines(columns, rows as Record<string, unknown>[]));
        return;
      }
      const casts = columns.map((c, i) => `$${i + 1}::${INTEGER_COLUMNS.has(c) ? 'integer' : 'text'}[]`).join(', ');
      const text = `insert into ${quoteIdent(table)} (${columnList}) select * from unnest(${casts})`;
      for (let i = 0; i < rows.length; i += PG_BULK_CHUNK) {
        const chunk = rows.slice(i, i + PG_BULK_CHUNK) as Record<string, unknown>[];
        const arrays = columns.map((c) => chunk.map((row) => row[c] ?? null));
        await trx.executeQuery(CompiledQuery.raw(text, arrays));
      }
    },
    transaction: sqlite ? groupCommitter(db, sqlite.raw) : (postgres as NonNullable<typeof postgres>).transaction,
    async lockWorkspace(trx, workspaceId) {
      if (dialect === 'postgres') {
        // NO KEY UPDATE: lockers wait for each other, but rows written meanwhile that point at the
        // workspace (their foreign key takes KEY SHARE) do not conflict with it. With FOR UPDATE an
        // invitation that writes its row first and locks last would deadlock with another.
        await trx.selectFrom('workspaces').select('id').where('id', '=', workspaceId).forNoKeyUpdate().execute();
      }
    },
    async ping() {
      try {
        await sql`select 1`.execute(db);
        return true;
      } catch {
        return false;
      }
    },
    close: () => db.destroy(),
  };
}

/** Applies every pending migration; safe to run again and from several processes at once. */
export async function migrate(database: Database): Promise<void> {
  const migrator = new Migrator({
    db: database.db,
    provider: { getMigrations: async () => migrations },
  });
  const { error, results } = await migrator.migrateToLatest();
  const failed = results?.find((r) => r.status === 'Error');
  if (error || failed) {
    throw new Error(`Migration ${failed?.migrationName ?? ''} failed`, { cause: error });
  }
}
