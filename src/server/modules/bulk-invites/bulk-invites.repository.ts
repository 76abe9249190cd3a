import { type ExpressionBuilder, sql, type Transaction } from 'kysely';
import type { Database, Dialect } from '../../db/database.js';
import type { Executor } from '../../db/executor.js';
import type { DB, Row } from '../../db/schema.js';

/** A row of `bulk_import_rows` as the sending side reads it (its issues are irrelevant there). */
export type SendRow = Pick<Row<'bulk_import_rows'>, 'row_number' | 'email' | 'name' | 'role' | 'team_id'>;

/**
 * A valid row that could still be sent now: nobody with its email is a member or holds a live
 * invitation (invitation-core `standingOf`: member or invited), and its team, if it had one, still
 * exists (the team the row was matched to when the file was checked).
 */
function stillSendable(workspaceId: string, now: string) {
  return (eb: ExpressionBuilder<DB & { r: DB['bulk_import_rows'] }, 'r'>) =>
    eb.and([
      eb.or([
        eb('r.team_id', 'is', null),
        eb.exists(eb.selectFrom('teams as t').select('t.id').whereRef('t.id', '=', 'r.team_id')),
      ]),
      eb.not(
        eb.exists(
          eb
            .selectFrom('workspace_users as u')
            .select('u.id')
            .where('u.workspace_id', '=', workspaceId)
            .whereRef('u.email', '=', 'r.email')
            .where((w) =>
              w.or([
                w('u.status', 'in', ['active', 'deactivated']),
                w.and([w('u.status', '=', 'pending'), w('u.expires_at', '>', now)]),
              ]),
            ),
        ),
      ),
    ]);
}

/** Queries only: bulk imports and their rows. */
export const bulkInvitesRepository = {
  async insertImport(db: Executor, row: Row<'bulk_imports'>): Promise<void> {
    await db.insertInto('bulk_imports').values(row).execute();
  },

  async insertRows(database: Database, trx: Transaction<DB>, rows: Row<'bulk_import_rows'>[]): Promise<void> {
    await database.bulkInsert(trx, 'bulk_import_rows', rows);
  },

  /** The end of an upload: its counts, and `checking` becomes `draft` (the preview exists from now on). */
  async completeUpload(
    db: Executor,
    args: { id: string; rows: number; valid: number; issues: string; warnings: string },
  ): Promise<void> {
    await db
      .updateTable('bulk_imports')
      .set({
        status: 'draft',
        rows_count: args.rows,
        valid_count: args.valid,
        invalid_count: args.rows - args.valid,
        skipped_count: 0,
        issues: args.issues,
        warnings: args.warnings,
      })
      .where('id', '=', args.id)
      .where('status', '=', 'checking')
      .execute();
  },

  async deleteImport(db: Executor, id: string): Promise<void> {
    await db.deleteFrom('bulk_imports').where('id', '=', id).execute();
  },

  findImport(db: Executor, workspaceId: string, id: string): Promise<Row<'bulk_imports'> | undefined> {
    return db
      .selectFrom('bulk_imports')
      .selectAll()
      .where('workspace_id', '=', workspaceId)
      .where('id', '=', id)
      .executeTakeFirst();
  },

  /** The import for its send job, its row locked for the rest of the transaction on PostgreSQL. */
  lockImport(trx: Transaction<DB>, dialect: Dialect, id: string): Promise<Row<'bulk_imports'> | undefined> {
    const query = trx.selectFrom('bulk_imports').selectAll().where('id', '=', id);
    // SQLite's write transaction is already exclusive.
    return (dialect === 'postgres' ? query.forUpdate() : query).executeTakeFirst();
  },

  listRows(db: Executor, args: { importId: string; valid: boolean | null; afterRow: number; limit: number }) {
    let query = db
      .selectFrom('bulk_import_rows')
      .selectAll()
      .where('import_id', '=', args.importId)
      .where('row_number', '>', args.afterRow);
    if (args.valid !== null) query = query.where('valid', '=', args.valid ? 1 : 0);
    return query.orderBy('row_number').limit(args.limit).execute();
  },

  /** The next valid rows to send, after row `afterRow`, in file order. */
  rowsToSend(db: Executor, args: { importId: string; afterRow: number; limit: number }): Promise<SendRow[]> {
    return db
      .selectFrom('bulk_import_rows')
      .select(['row_number', 'email', 'name', 'role', 'team_id'])
      .where('import_id', '=', args.importId)
      .where('valid', '=', 1)
      .where('row_number', '>', args.afterRow)
      .orderBy('row_number')
      .limit(args.limit)
      .execute();
  },

  /**
   * How many valid rows could be sent now, counting no further than `limit` (a seat check needs
   * to know only whether one more than the free seats can), among rows `afterRow` < row ≤ `uptoRow`.
   */
  async countSendable(
    db: Executor,
    args: { importId: string; workspaceId: string; now: string; limit?: number; afterRow?: number; uptoRow?: number },
  ): Promise<number> {
    let rows = db
      .selectFrom('bulk_import_rows as r')
      .select('r.row_number')
      .where('r.import_id', '=', args.importId)
      .where('r.valid', '=', 1)
      .where(stillSendable(args.workspaceId, args.now));
    if (args.afterRow !== undefined) rows = rows.where('r.row_number', '>', args.afterRow);
    if (args.uptoRow !== undefined) rows = rows.where('r.row_number', '<=', args.uptoRow);
    if (args.limit !== undefined) rows = rows.limit(args.limit);
    const row = await db
      .selectFrom(rows.as('s'))
      .select((eb) => eb.fn.countAll<number>().as('n'))
      .executeTakeFirstOrThrow();
    return Number(row.n);
  },

  /** The highest row number of an import (rows are numbered as in the spreadsheet, with gaps). */
  async lastRowNumber(db: Executor, importId: string): Promise<number> {
    const row = await db
      .selectFrom('bulk_import_rows')
      .select((eb) => eb.fn.max<number>('row_number').as('n'))
      .where('import_id', '=', importId)
      .executeTakeFirst();
    return Number(row?.n ?? 0);
  },

  /**
   * How each of `emails` stands in the workspace now (emails nobody has are left out). On SQLite
   * the emails are a JSON list walked first (CROSS JOIN fixes that order), each looked up by the
   * (workspace, email) index: offered `email IN (…)`, SQLite without statistics reads the whole
   * workspace through the Users list's covering index instead (30 ms a slice at 100,000 people).
   */
  standings(db: Executor, dialect: Dialect, workspaceId: string, emails: string[]) {
    if (emails.length === 0) return Promise.resolve([]);
    if (dialect === 'sqlite') {
      return sql<
        Pick<Row<'workspace_users'>, 'id' | 'email' | 'status' | 'expires_at'>
      >`select u.id, u.email, u.status, u.expires_at from json_each(${JSON.stringify(emails)}) as j cross join workspace_users as u where u.workspace_id = ${workspaceId} and u.email = j.value`
        .execute(db)
        .then((result) => result.rows);
    }
    return db
      .selectFrom('workspace_users')
      .select(['id', 'email', 'status', 'expires_at'])
      .where('workspace_id', '=', workspaceId)
      .where('email', 'in', emails)
      .execute();
  },

  workspaceTeams(db: Executor, workspaceId: string) {
    return db.selectFrom('teams').select(['id', 'name_key']).where('workspace_id', '=', workspaceId).execute();
  },

  /** Which of these teams of the workspace still exist. */
  async existingTeams(db: Executor, workspaceId: string, ids: string[]): Promise<Set<string>> {
    if (ids.length === 0) return new Set();
    const rows = await db
      .selectFrom('teams')
      .select('id')
      .where('workspace_id', '=', workspaceId)
      .where('id', 'in', ids)
      .execute();
    return new Set(rows.map((r) => r.id));
  },

  /**
   * The one guarded transition of Send All: draft → sending, holding `reserved` seats for the
   * send job `jobId`. 0 rows means it was sent (or is being sent) already.
   */
  async markSending(
    db: Executor,
    args: { id: string; reserved: number; jobId: string; sentById: string; skipped: number },
  ): Promise<number> {
    const result = await db
      .updateTable('bulk_imports')
      .set({
        status: 'sending',
        reserved_seats: args.reserved,
        send_job_id: args.jobId,
        send_cursor: 0,
        sent_by_id: args.sentById,
        sent_count: 0,
        skipped_count: args.skipped,
      })
      .where('id', '=', args.id)
      .where('status', '=', 'draft')
      .executeTakeFirst();
    return Number(result.numUpdatedRows);
  },

  /**
   * One chunk of the send written: its counts added, the cursor moved past it and the seats it
   * took released from the reservation; with `sentAt`, the send is over and the rest released.
   */
  async advance(
    db: Executor,
    args: { id: string; sent: number; skipped: number; cursor: number; reserved: number; sentAt: string | null },
  ): Promise<void> {
    await db
      .updateTable('bulk_imports')
      .set((eb) => ({
        sent_count: eb('sent_count', '+', args.sent),
        skipped_count: eb('skipped_count', '+', args.skipped),
        send_cursor: args.cursor,
        reserved_seats: args.sentAt ? 0 : args.reserved,
        ...(args.sentAt ? { status: 'sent' as const, sent_at: args.sentAt } : {}),
      }))
      .where('id', '=', args.id)
      .where('status', '=', 'sending')
      .execute();
  },

  /** Drafts nobody sent within a day, and uploads a crash left half-written, are removed with their rows. */
  async deleteStaleDrafts(db: Executor, olderThan: string): Promise<void> {
    await db
      .deleteFrom('bulk_imports')
      .where('status', 'in', ['draft', 'checking'])
      .where('created_at', '<', olderThan)
      .execute();
  },
};
