import { type ExpressionBuilder, type SqlBool, sql } from 'kysely';
import type { Role, UserStatus } from '../../../shared/roles.js';
import type { Dialect } from '../../db/database.js';
import type { Executor } from '../../db/executor.js';
import { precompiled } from '../../db/precompiled.js';
import type { DB, Row } from '../../db/schema.js';
import { ftsQuery, likePattern, queryWords } from './search-words.js';

export type UserRow = Row<'workspace_users'> & {
  team_name: string | null;
  invited_by_name: string | null;
  buddy_name: string | null;
};

/** The columns a person is shown with (`toUser`), plus `name_key` for the list's cursor. */
const SHOWN_COLUMNS = [
  'id',
  'email',
  'name',
  'name_key',
  'role',
  'team_id',
  'status',
  'invited_at',
  'invited_by_id',
  'expires_at',
  'accepted_at',
  'deactivated_at',
  'email_status',
  'buddy_id',
  'phone',
  'photo_key',
] as const satisfies readonly (keyof Row<'workspace_users'>)[];

/** A person as lists show them: no token hash, account or onboarding columns. */
export type UserView = Pick<UserRow, (typeof SHOWN_COLUMNS)[number] | 'team_name' | 'invited_by_name' | 'buddy_name'>;

export type UserSort = 'name' | 'email' | 'invitedAt';
export type UserListQuery = {
  workspaceId: string;
  now: string;
  statuses: UserStatus[] | null;
  role: Role | null;
  teamId: string | null;
  q: string | null;
  sort: UserSort;
  order: 'asc' | 'desc';
  after: { value: string; id: string } | null;
  limit: number;
};

const SORT_COLUMN = { name: 'u.name_key', email: 'u.email', invitedAt: 'u.invited_at' } as const;

type UsersEb = ExpressionBuilder<DB & { u: DB['workspace_users'] }, 'u'>;

/**
 * `expires_at` as an expression rather than the bare column, so that no index range is built on
 * it: SQLite keeps no statistics here and, offered `workspace_users_by_status` with a range on its
 * last column, took it and sorted every pending invitation for one page (about a second at
 * 100,000 people). Without it the list walks the index of its sort order and tests status and
 * expiry inside that index. NULL stays NULL, so a row without an expiry is never pending nor expired.
 */
const expiresAt = sql<string | null>`(${sql.ref('u.expires_at')} || '')`;

/** `expired` is not stored: it is a pending row whose `expires_at` has passed. */
function statusCondition(eb: UsersEb, status: UserStatus, now: string) {
  switch (status) {
    case 'pending':
      return eb.and([eb('u.status', '=', 'pending'), eb(expiresAt, '>', now)]);
    case 'expired':
      return eb.and([eb('u.status', '=', 'pending'), eb(expiresAt, '<=', now)]);
    default:
      return eb('u.status', '=', status);
  }
}

function joinedNames(db: Executor) {
  return db
    .selectFrom('workspace_users as u')
    .leftJoin('teams as t', 't.id', 'u.team_id')
    .leftJoin('workspace_users as inviter', 'inviter.id', 'u.invited_by_id')
    .leftJoin('workspace_users as buddy', 'buddy.id', 'u.buddy_id')
    .select(['t.name as team_name', 'inviter.name as invited_by_name', 'buddy.name as buddy_name']);
}

function baseQuery(db: Executor) {
  return joinedNames(db).selectAll('u');
}

/**
 * The list reads only what it shows: turning a row's 27 columns into a JavaScript object costs
 * more than finding it, and a page is 51 rows.
 */
function viewQuery(db: Executor) {
  return joinedNames(db).select(SHOWN_COLUMNS.map((column) => `u.${column}` as const));
}

/** The signed-in member, on every request (role and status are read fresh): compiled once. */
const activeByAccountQuery = precompiled((db: Executor, workspaceId: string, accountId: string) =>
  baseQuery(db)
    .where('u.workspace_id', '=', workspaceId)
    .where('u.account_id', '=', accountId)
    .where('u.status', '=', 'active'),
);

/** PostgreSQL: rows of the sort order a search tests before it asks the trigram indexes (see `list`). */
const SEARCH_WINDOW = 1000;
/** SQLite: at most this many rows matching in the FTS5 index, and only those are read and sorted. */
const FEW_MATCHES = 2000;

/** What the list asks of every row but the search words: workspace, statuses, role, team, cursor. */
function listConditions(eb: UsersEb, query: UserListQuery) {
  const conditions = [eb('u.workspace_id', '=', query.workspaceId)];
  const statuses = query.statuses;
  conditions.push(
    statuses ? eb.or(statuses.map((s) => statusCondition(eb, s, query.now))) : eb('u.status', '!=', 'revoked'),
  );
  if (query.role) conditions.push(eb('u.role', '=', query.role));
  if (query.teamId) conditions.push(eb('u.team_id', '=', query.teamId));
  const after = query.after;
  if (after) {
    const column = SORT_COLUMN[query.sort];
    const op = query.order === 'asc' ? '>' : '<';
    conditions.push(
      eb.or([eb(column, op, after.value), eb.and([eb(column, '=', after.value), eb('u.id', op, after.id)])]),
    );
  }
  return eb.and(conditions);
}

/** Every word of the search at the start of a word of the name or of the email (search-words.ts). */
function wordConditions(table: 'u' | 'w', words: string[][]) {
  const tests = words.map((parts) => {
    const pattern = likePattern(parts);
    return sql<SqlBool>`(${sql.ref(`${table}.search_name`)} like ${pattern} or ${sql.ref(`${table}.search_email`)} like ${pattern})`;
  });
  return sql<SqlBool>`(${sql.join(tests, sql` and `)})`;
}

/** Queries only: the people of a workspace (invitations and members are one row per email). */
export const usersRepository = {
  findById(db: Executor, workspaceId: string, id: string): Promise<UserRow | undefined> {
    return baseQuery(db).where('u.workspace_id', '=', workspaceId).where('u.id', '=', id).executeTakeFirst();
  },

  async findActiveByAccount(db: Executor, workspaceId: string, accountId: string): Promise<UserRow | undefined> {
    return (await activeByAccountQuery(db, workspaceId, accountId))[0];
  },

  async insert(db: Executor, row: Row<'workspace_users'>): Promise<void> {
    await db.insertInto('workspace_users').values(row).execute();
  },

  /**
   * A page of the list in its sort order, after the cursor. Without `q` it walks the index of the
   * sort order. With `q` (search-words.ts) the word tests decide, one condition, and the question
   * is only how to reach the rows, for the two extremes of a search box:
   * - a word many people have (`P`, `Pe`): walk the index of the sort order from the cursor,
   *   testing each row, until the page is full (usually soon);
   * - a word few people have (`Person 12345`): the databases' text index gives the candidates
   *   (FTS5 on SQLite, trigrams on PostgreSQL), and only those are sorted.
   * SQLite asks its FTS5 index how many rows match, counting no further than `FEW_MATCHES`, and
   * takes the text index below that. PostgreSQL tests a window of the sort order first and takes
   * the trigram indexes when the window holds no full page.
   */
  async list(db: Executor, dialect: Dialect, query: UserListQuery): Promise<UserView[]> {
    const column = SORT_COLUMN[query.sort];
    const direction = query.order;
    const words = query.q ? queryWords(query.q) : [];
    if (words.length === 0) {
      return viewQuery(db)
        .where((eb) => listConditions(eb, query))
        .orderBy(column, direction)
        .orderBy('u.id', direction)
        .limit(query.limit)
        .execute();
    }
    const searched = () =>
      viewQuery(db)
        .where((eb) => listConditions(eb, query))
        .where(wordConditions('u', words));
    if (dialect === 'sqlite') {
      // The FTS5 index's candidates, as rowids (it indexes workspace_users itself, rowid for
      // rowid), no more than one past `FEW_MATCHES`.
      const candidates = await sql<{
        rowid: number;
      }>`select rowid from workspace_users_search where workspace_users_search match ${ftsQuery(words)} limit ${FEW_MATCHES + 1}`.execute(
        db,
      );
      const select = searched();
      if (candidates.rows.length <= FEW_MATCHES) {
        if (candidates.rows.length === 0) return [];
        // A list of literal rowids: SQLite reads exactly those rows, whatever it knows of the table.
        const rowids = candidates.rows.map((r) => Number(r.rowid));
        // Sorted as an expression (the same text order), so SQLite sorts these few rows instead of
        // walking the sort order's index through the whole workspace to spare a sort.
        return select
          .where(sql<boolean>`u.rowid in (${sql.join(rowids.map((id) => sql.lit(id)))})`)
          .orderBy(sql`${sql.ref(column)} || ''`, direction)
          .orderBy(sql`u.id || ''`, direction)
          .limit(query.limit)
          .execute();
      }
      return select.orderBy(column, direction).orderBy('u.id', direction).limit(query.limit).execute();
    }
    const window = db
      .selectFrom('workspace_users as u')
      .select(['u.id', 'u.search_name', 'u.search_email', sql<string>`${sql.ref(column)}`.as('sort_key')])
      .where((eb) => listConditions(eb, query))
      .orderBy(column, direction)
      .orderBy('u.id', direction)
      .limit(SEARCH_WINDOW);
    const found = await db
      .selectFrom(window.as('w'))
      .select('w.id')
      .where(wordConditions('w', words))
      .orderBy('w.sort_key', direction)
      .orderBy('w.id', direction)
      .limit(query.limit)
      .execute();
    let exhausted = found.length === query.limit;
    if (!exhausted) {
      const seen = await db
        .selectFrom(window.as('w'))
        .select((eb) => eb.fn.countAll<number>().as('n'))
        .executeTakeFirstOrThrow();
      exhausted = Number(seen.n) < SEARCH_WINDOW;
    }
    if (exhausted) {
      if (found.length === 0) return [];
      return viewQuery(db)
        .where(
          'u.id',
          'in',
          found.map((r) => r.id),
        )
        .orderBy(column, direction)
        .orderBy('u.id', direction)
        .execute();
    }
    return searched().orderBy(column, direction).orderBy('u.id', direction).limit(query.limit).execute();
  },

  /** Counts by displayed status, `expired` split from `pending` by `expires_at`. */
  async countByStatus(db: Executor, workspaceId: string, now: string): Promise<Record<UserStatus, number>> {
    const rows = await db
      .selectFrom('workspace_users')
      .select((eb) => [
        eb
          .case()
          .when(eb.and([eb('status', '=', 'pending'), eb('expires_at', '<=', now)]))
          .then('expired')
          .else(eb.ref('status'))
          .end()
          .as('shown'),
        eb.fn.countAll().as('n'),
      ])
      .where('workspace_id', '=', workspaceId)
      .groupBy('shown')
      .execute();
    const counts: Record<UserStatus, number> = { pending: 0, expired: 0, active: 0, deactivated: 0, revoked: 0 };
    for (const row of rows) counts[row.shown as UserStatus] = Number(row.n);
    return counts;
  },

  /** Every workspace the account is active in, for sign-in and the workspace switcher. */
  listMemberships(db: Executor, accountId: string) {
    return db
      .selectFrom('workspace_users as u')
      .innerJoin('workspaces as w', 'w.id', 'u.workspace_id')
      .select(['u.id', 'u.status', 'u.role', 'u.accepted_at', 'w.id as workspace_id', 'w.name as workspace_name'])
      .where('u.account_id', '=', accountId)
      .where('u.status', 'in', ['active', 'deactivated'])
      .orderBy('u.accepted_at', 'asc')
      .execute();
  },
};

export const userEditsRepository = {
  /** The guarded lifecycle step: only from `from`; returns rows changed (0: someone got there first). */
  async transition(
    db: Executor,
    args: {
      workspaceId: string;
      id: string;
      from: 'active' | 'deactivated';
      to: 'active' | 'deactivated';
      now: string;
    },
  ): Promise<number> {
    const result = await db
      .updateTable('workspace_users')
      .set({ status: args.to, deactivated_at: args.to === 'deactivated' ? args.now : null, updated_at: args.now })
      .where('workspace_id', '=', args.workspaceId)
      .where('id', '=', args.id)
      .where('status', '=', args.from)
      .executeTakeFirst();
    return Number(result.numUpdatedRows);
  },

  /** Ends every session of the account that is in this workspace. */
  async endSessionsInWorkspace(db: Executor, args: { accountId: string; workspaceId: string }): Promise<void> {
    await db
      .deleteFrom('sessions')
      .where('account_id', '=', args.accountId)
      .where('workspace_id', '=', args.workspaceId)
      .execute();
  },

  async update(
    db: Executor,
    args: {
      workspaceId: string;
      id: string;
      set: Partial<
        Pick<
          Row<'workspace_users'>,
          'name' | 'name_key' | 'search_name' | 'role' | 'team_id' | 'buddy_id' | 'updated_at'
        >
      >;
    },
  ): Promise<void> {
    await db
      .updateTable('workspace_users')
      .set(args.set)
      .where('workspace_id', '=', args.workspaceId)
      .where('id', '=', args.id)
      .execute();
  },

  /** Removes the membership; tokens go with it, references to it (inviter, buddy) become empty. */
  async remove(db: Executor, workspaceId: string, id: string): Promise<void> {
    await db.deleteFrom('workspace_users').where('workspace_id', '=', workspaceId).where('id', '=', id).execute();
  },

  async countMemberships(db: Executor, accountId: string): Promise<number> {
    const row = await db
      .selectFrom('workspace_users')
      .select((eb) => eb.fn.countAll().as('n'))
      .where('account_id', '=', accountId)
      .executeTakeFirstOrThrow();
    return Number(row.n);
  },

  /** The account itself, with its sessions. */
  async removeAccount(db: Executor, accountId: string): Promise<void> {
    await db.deleteFrom('accounts').where('id', '=', accountId).execute();
  },

  async countActiveAdmins(db: Executor, workspaceId: string): Promise<number> {
    const row = await db
      .selectFrom('workspace_users')
      .select((eb) => eb.fn.countAll().as('n'))
      .where('workspace_id', '=', workspaceId)
      .where('status', '=', 'active')
      .where('role', '=', 'admin')
      .executeTakeFirstOrThrow();
    return Number(row.n);
  },
};
