import type { Executor } from '../../db/executor.js';
import type { Row } from '../../db/schema.js';

export const guideRepository = {
  async find(db: Executor, workspaceId: string): Promise<Row<'guides'> | undefined> {
    return db.selectFrom('guides').selectAll().where('workspace_id', '=', workspaceId).executeTakeFirst();
  },

  async upsert(db: Executor, row: Row<'guides'>): Promise<void> {
    await db
      .insertInto('guides')
      .values(row)
      .onConflict((oc) =>
        oc.column('workspace_id').doUpdateSet({
          markdown: row.markdown,
          html: row.html,
          updated_at: row.updated_at,
          updated_by: row.updated_by,
        }),
      )
      .execute();
  },

  /** The newcomer, their workspace and team, and their buddy while the buddy is active. */
  async buddyOfNewcomer(db: Executor, userId: string) {
    return db
      .selectFrom('workspace_users as u')
      .innerJoin('workspaces as w', 'w.id', 'u.workspace_id')
      .innerJoin('workspace_users as b', 'b.id', 'u.buddy_id')
      .leftJoin('teams as t', 't.id', 'u.team_id')
      .select([
        'u.workspace_id',
        'u.name',
        'u.email',
        'u.role',
        'w.name as workspace_name',
        't.name as team_name',
        'b.id as buddy_id',
        'b.name as buddy_name',
        'b.email as buddy_email',
      ])
      .where('u.id', '=', userId)
      .where('b.status', '=', 'active')
      .executeTakeFirst();
  },

  /** A deactivated or deleted person is nobody's buddy any more; returns how many lost theirs. */
  async clearBuddy(db: Executor, workspaceId: string, buddyId: string, now: string): Promise<number> {
    const result = await db
      .updateTable('workspace_users')
      .set({ buddy_id: null, updated_at: now })
      .where('workspace_id', '=', workspaceId)
      .where('buddy_id', '=', buddyId)
      .executeTakeFirst();
    return Number(result.numUpdatedRows);
  },
};
