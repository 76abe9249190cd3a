import type { Role } from '../../../shared/roles.js';
import type { Executor } from '../../db/executor.js';
import { precompiled } from '../../db/precompiled.js';
import type { Row } from '../../db/schema.js';

/** What a live stream needs to know about its session, for many sessions at once. */
export type StreamSessionRow = {
  id_hash: string;
  workspace_id: string | null;
  last_seen_at: string;
  expires_at: string;
  /** The active membership of the session's account in the session's workspace, if any. */
  user_id: string | null;
  role: Role | null;
};

// Well under SQLite's and PostgreSQL's limits on bound parameters.
const HASHES_PER_QUERY = 500;

export type SessionRow = {
  id_hash: string;
  last_seen_at: string;
  workspace_id: string | null;
  account_id: string;
};

/** Queries only: accounts, sessions and rate-limit counters. */
/** On every request with a session cookie: compiled once (see precompiled.ts). */
const sessionContextQuery = precompiled((db: Executor, idHash: string, now: string) =>
  db
    .selectFrom('sessions as s')
    .innerJoin('accounts as a', 'a.id', 's.account_id')
    .leftJoin('workspaces as w', 'w.id', 's.workspace_id')
    .selectAll('a')
    .select([
      's.last_seen_at as session_last_seen_at',
      's.workspace_id as session_workspace_id',
      'w.name as workspace_name',
      'w.plan_id as workspace_plan_id',
      'w.created_at as workspace_created_at',
      'w.updated_at as workspace_updated_at',
    ])
    .where('s.id_hash', '=', idHash)
    .where('s.expires_at', '>', now),
);

export const authRepository = {
  findAccountByEmail(db: Executor, email: string): Promise<Row<'accounts'> | undefined> {
    return db.selectFrom('accounts').selectAll().where('email', '=', email).executeTakeFirst();
  },

  findAccount(db: Executor, id: string): Promise<Row<'accounts'> | undefined> {
    return db.selectFrom('accounts').selectAll().where('id', '=', id).executeTakeFirst();
  },

  async insertAccount(db: Executor, row: Row<'accounts'>): Promise<void> {
    await db.insertInto('accounts').values(row).execute();
  },

  async setLastWorkspace(db: Executor, accountId: string, workspaceId: string): Promise<void> {
    await db.updateTable('accounts').set({ last_workspace_id: workspaceId }).where('id', '=', accountId).execute();
  },

  async insertSession(db: Executor, row: Row<'sessions'>): Promise<void> {
    await db.insertInto('sessions').values(row).execute();
  },

  findSession(db: Executor, idHash: string, now: string): Promise<SessionRow | undefined> {
    return db
      .selectFrom('sessions')
      .select(['id_hash', 'last_seen_at', 'workspace_id', 'account_id'])
      .where('id_hash', '=', idHash)
      .where('expires_at', '>', now)
      .executeTakeFirst();
  },

  /** A live session with its account and current workspace, in one query. */
  async findSessionContext(db: Executor, idHash: string, now: string) {
    return (await sessionContextQuery(db, idHash, now))[0];
  },

  async touchSession(db: Executor, idHash: string, now: string): Promise<void> {
    await db.updateTable('sessions').set({ last_seen_at: now }).where('id_hash', '=', idHash).execute();
  },

  async setSessionWorkspace(db: Executor, idHash: string, workspaceId: string): Promise<void> {
    await db.updateTable('sessions').set({ workspace_id: workspaceId }).where('id_hash', '=', idHash).execute();
  },

  async deleteSession(db: Executor, idHash: string): Promise<void> {
    await db.deleteFrom('sessions').where('id_hash', '=', idHash).execute();
  },

  /**
   * The sessions of a process's open streams with the member each is in now: one query (per 500
   * sessions) for all of them, the heartbeat's and each delivery's check. Absent: the session ended.
   */
  async findStreamSessions(db: Executor, idHashes: readonly string[]): Promise<StreamSessionRow[]> {
    const rows: StreamSessionRow[] = [];
    for (let i = 0; i < idHashes.length; i += HASHES_PER_QUERY) {
      const chunk = idHashes.slice(i, i + HASHES_PER_QUERY);
      rows.push(
        ...(await db
          .selectFrom('sessions as s')
          .leftJoin('workspace_users as wu', (join) =>
            join
              .onRef('wu.workspace_id', '=', 's.workspace_id')
              .onRef('wu.account_id', '=', 's.account_id')
              .on('wu.status', '=', 'active'),
          )
          .select(['s.id_hash', 's.workspace_id', 's.last_seen_at', 's.expires_at', 'wu.id as user_id', 'wu.role'])
          .where('s.id_hash', 'in', chunk)
          .execute()),
      );
    }
    return rows;
  },

  /** Housekeeping: sessions past their absolute lifetime, and (when `idleSince` is given) those unused since then. */
  async deleteExpiredSessions(db: Executor, now: string, idleSince?: string): Promise<number> {
    const result = await db
      .deleteFrom('sessions')
      .where((eb) =>
        idleSince === undefined
          ? eb('expires_at', '<=', now)
          : eb.or([eb('expires_at', '<=', now), eb('last_seen_at', '<', idleSince)]),
      )
      .executeTakeFirst();
    return Number(result.numDeletedRows);
  },

  /** One atomic fixed-window counter step; returns the count in the window and when it resets. */
  async hitRateLimit(
    db: Executor,
    /** `amount`: how much this hit counts (1 unless a request stands for several, as a bulk send). */
    args: { key: string; now: string; resetAt: string; amount?: number },
  ): Promise<{ count: number; reset_at: string }> {
    const amount = args.amount ?? 1;
    const row = await db
      .insertInto('rate_limits')
      .values({ key: args.key, count: amount, reset_at: args.resetAt })
      .onConflict((oc) =>
        oc.column('key').doUpdateSet((eb) => ({
          count: eb
            .case()
            .when('rate_limits.reset_at', '<=', args.now)
            .then(amount)
            .else(eb('rate_limits.count', '+', amount))
            .end(),
          reset_at: eb
            .case()
            .when('rate_limits.reset_at', '<=', args.now)
            .then(args.resetAt)
            .else(eb.ref('rate_limits.reset_at'))
            .end(),
        })),
      )
      .returning(['count', 'reset_at'])
      .executeTakeFirstOrThrow();
    return { count: Number(row.count), reset_at: row.reset_at };
  },

  async clearRateLimit(db: Executor, key: string): Promise<void> {
    await db.deleteFrom('rate_limits').where('key', '=', key).execute();
  },

  async deleteStaleRateLimits(db: Executor, now: string): Promise<void> {
    await db.deleteFrom('rate_limits').where('reset_at', '<=', now).execute();
  },
};
