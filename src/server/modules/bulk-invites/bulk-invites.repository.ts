import type { Transaction } from 'kysely';
import type { Database } from '../../db/database.js';
import type { Executor } from '../../db/executor.js';
import type { DB, Row } from '../../db/schema.js';

/** Queries only: bulk imports and their rows. */
export const bulkInvitesRepository = {
  async insertImport(db: Executor, row: Row<'bulk_imports'>): Promise<void> {
    await db.insertInto('bulk_imports').values(row).execute();
  },

  async insertRows(database: Database, trx: Transaction<DB>, rows: Row<'bulk_import_rows'>[]): Promise<void> {
    await database.bulkInsert(trx, 'bulk_import_rows', rows);
  },

  findImport(db: Executor, workspaceId: string, id: string): Promise<Row<'bulk_imports'> | undefined> {
    return db
      .selectFrom('bulk_imports')
      .selectAll()
      .where('workspace_id', '=', workspaceId)
      .where('id', '=', id)
      .executeTakeFirst();
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

  /** Email → how it stands in the workspace now, for every email of the workspace at once. */
  workspaceEmails(db: Executor, workspaceId: string) {
    return db
      .selectFrom('workspace_users')
      .select(['id', 'email', 'status', 'expires_at'])
      .where('workspace_id', '=', workspaceId)
      .execute();
  },

  workspaceTeams(db: Executor, workspaceId: string) {
    return db.selectFrom('teams').select(['id', 'name_key']).where('workspace_id', '=', workspaceId).execute();
  },

  /** The one guarded transition of Send All: draft → sent. 0 rows means it was sent already. */
  async markSent(db: Executor, args: { id: string; now: string }): Promise<number> {
    const result = await db
      .updateTable('bulk_imports')
      .set({ status: 'sent', sent_at: args.now })
      .where('id', '=', args.id)
      .where('status', '=', 'draft')
      .executeTakeFirst();
    return Number(result.numUpdatedRows);
  },

  async setSentCounts(db: Executor, args: { id: string; sent: number; skipped: number }): Promise<void> {
    await db
      .updateTable('bulk_imports')
      .set({ sent_count: args.sent, skipped_count: args.skipped })
      .where('id', '=', args.id)
      .execute();
  },

  /** Drafts nobody sent within a day are removed with their rows. */
  async deleteStaleDrafts(db: Executor, olderThan: string): Promise<void> {
    await db.deleteFrom('bulk_imports').where('status', '=', 'draft').where('created_at', '<', olderThan).execute();
  },
};
