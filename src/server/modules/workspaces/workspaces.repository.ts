import type { Row } from '../../db/schema.js';
import type { Executor } from '../auth/auth.repository.js';

/** Queries only: workspaces. */
export const workspacesRepository = {
  findById(db: Executor, id: string): Promise<Row<'workspaces'> | undefined> {
    return db.selectFrom('workspaces').selectAll().where('id', '=', id).executeTakeFirst();
  },

  async insert(db: Executor, row: Row<'workspaces'>): Promise<void> {
    await db.insertInto('workspaces').values(row).execute();
  },

  async setPlan(db: Executor, id: string, planId: string, now: string): Promise<void> {
    await db.updateTable('workspaces').set({ plan_id: planId, updated_at: now }).where('id', '=', id).execute();
  },
};
