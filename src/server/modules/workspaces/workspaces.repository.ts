import type { Executor } from '../../db/executor.js';
import { precompiled } from '../../db/precompiled.js';
import type { Row } from '../../db/schema.js';

/** Read inside every invitation and seat check: compiled once. */
const byIdQuery = precompiled((db: Executor, id: string) =>
  db.selectFrom('workspaces').selectAll().where('id', '=', id),
);

/** Queries only: workspaces. */
export const workspacesRepository = {
  async findById(db: Executor, id: string): Promise<Row<'workspaces'> | undefined> {
    return (await byIdQuery(db, id))[0];
  },

  async insert(db: Executor, row: Row<'workspaces'>): Promise<void> {
    await db.insertInto('workspaces').values(row).execute();
  },

  async setPlan(db: Executor, id: string, planId: string, now: string): Promise<void> {
    await db.updateTable('workspaces').set({ plan_id: planId, updated_at: now }).where('id', '=', id).execute();
  },
};
