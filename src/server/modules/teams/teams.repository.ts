import type { Executor } from '../../db/executor.js';
import type { Row } from '../../db/schema.js';

export type TeamRow = Row<'teams'> & { member_count: number };

function withCounts(db: Executor) {
  return db
    .selectFrom('teams')
    .selectAll('teams')
    .select((eb) =>
      eb
        .selectFrom('workspace_users')
        .select(eb.fn.countAll<number>().as('n'))
        .whereRef('workspace_users.team_id', '=', 'teams.id')
        .where('workspace_users.status', '!=', 'revoked')
        .as('member_count'),
    );
}

const normalise = (row: Row<'teams'> & { member_count: number | string | null }): TeamRow => ({
  ...row,
  member_count: Number(row.member_count ?? 0),
});

/** Queries only: teams. */
export const teamsRepository = {
  async list(
    db: Executor,
    args: { workspaceId: string; after: { value: string; id: string } | null; limit: number },
  ): Promise<TeamRow[]> {
    let query = withCounts(db).where('teams.workspace_id', '=', args.workspaceId);
    const after = args.after;
    if (after) {
      query = query.where((eb) =>
        eb.or([
          eb('teams.name_key', '>', after.value),
          eb.and([eb('teams.name_key', '=', after.value), eb('teams.id', '>', after.id)]),
        ]),
      );
    }
    const rows = await query.orderBy('teams.name_key').orderBy('teams.id').limit(args.limit).execute();
    return rows.map(normalise);
  },

  async findById(db: Executor, workspaceId: string, id: string): Promise<TeamRow | undefined> {
    const row = await withCounts(db)
      .where('teams.workspace_id', '=', workspaceId)
      .where('teams.id', '=', id)
      .executeTakeFirst();
    return row && normalise(row);
  },

  findByNameKey(db: Executor, workspaceId: string, nameKey: string): Promise<Row<'teams'> | undefined> {
    return db
      .selectFrom('teams')
      .selectAll()
      .where('workspace_id', '=', workspaceId)
      .where('name_key', '=', nameKey)
      .executeTakeFirst();
  },

  async insert(db: Executor, row: Row<'teams'>): Promise<void> {
    await db.insertInto('teams').values(row).execute();
  },

  async rename(db: Executor, args: { workspaceId: string; id: string; name: string; nameKey: string; now: string }) {
    await db
      .updateTable('teams')
      .set({ name: args.name, name_key: args.nameKey, updated_at: args.now })
      .where('workspace_id', '=', args.workspaceId)
      .where('id', '=', args.id)
      .execute();
  },

  /** Removes the team; its people stay, with no team. */
  async delete(db: Executor, workspaceId: string, id: string): Promise<number> {
    await db
      .updateTable('workspace_users')
      .set({ team_id: null })
      .where('workspace_id', '=', workspaceId)
      .where('team_id', '=', id)
      .execute();
    const result = await db
      .deleteFrom('teams')
      .where('workspace_id', '=', workspaceId)
      .where('id', '=', id)
      .executeTakeFirst();
    return Number(result.numDeletedRows);
  },
};
