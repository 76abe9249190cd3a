import type { Executor } from '../../db/executor.js';
import type { Row } from '../../db/schema.js';

export type RecordKind = 'deals' | 'leads';

/** Which records a person sees: admins all, managers their team's, sales reps their own. */
export type RecordScope =
  | { kind: 'all' }
  | { kind: 'team'; userId: string; teamId: string | null }
  | { kind: 'own'; userId: string };

export type DealRow = Row<'deals'> & { owner_name: string | null };
export type LeadRow = Row<'leads'> & { owner_name: string | null };
export type RecordRow<K extends RecordKind> = K extends 'deals' ? DealRow : LeadRow;

// Both tables share id, workspace_id, owner_id and created_at; queries are written once, against
// `deals`, and typed per kind at the edge.
function base(db: Executor, kind: RecordKind, workspaceId: string, scope: RecordScope) {
  let query = db
    .selectFrom(`${kind as 'deals'} as r`)
    .leftJoin('workspace_users as o', 'o.id', 'r.owner_id')
    .selectAll('r')
    .select('o.name as owner_name')
    .where('r.workspace_id', '=', workspaceId);
  if (scope.kind === 'own') query = query.where('r.owner_id', '=', scope.userId);
  if (scope.kind === 'team') {
    const { userId, teamId } = scope;
    query = query.where((eb) =>
      teamId === null
        ? eb('r.owner_id', '=', userId)
        : eb.or([
            eb('r.owner_id', '=', userId),
            eb(
              'r.owner_id',
              'in',
              eb
                .selectFrom('workspace_users as m')
                .select('m.id')
                .where('m.workspace_id', '=', workspaceId)
                .where('m.team_id', '=', teamId),
            ),
          ]),
    );
  }
  return query;
}

export const workRecordsRepository = {
  async list<K extends RecordKind>(
    db: Executor,
    kind: K,
    args: {
      workspaceId: string;
      scope: RecordScope;
      ownerId: string | null;
      after: { value: string; id: string } | null;
      limit: number;
    },
  ): Promise<RecordRow<K>[]> {
    let query = base(db, kind, args.workspaceId, args.scope);
    if (args.ownerId) query = query.where('r.owner_id', '=', args.ownerId);
    const { after } = args;
    if (after) {
      query = query.where((eb) =>
        eb.or([
          eb('r.created_at', '<', after.value),
          eb.and([eb('r.created_at', '=', after.value), eb('r.id', '<', after.id)]),
        ]),
      );
    }
    const rows = await query.orderBy('r.created_at', 'desc').orderBy('r.id', 'desc').limit(args.limit).execute();
    return rows as unknown as RecordRow<K>[];
  },

  async find<K extends RecordKind>(
    db: Executor,
    kind: K,
    workspaceId: string,
    id: string,
    scope: RecordScope,
  ): Promise<RecordRow<K> | undefined> {
    const row = await base(db, kind, workspaceId, scope).where('r.id', '=', id).executeTakeFirst();
    return row as unknown as RecordRow<K> | undefined;
  },

  async insert<K extends RecordKind>(db: Executor, kind: K, row: Row<K>): Promise<void> {
    await db
      .insertInto(kind as 'deals')
      .values(row as Row<'deals'>)
      .execute();
  },

  async update(
    db: Executor,
    kind: RecordKind,
    workspaceId: string,
    id: string,
    set: Partial<Row<'deals'>> | Partial<Row<'leads'>>,
  ) {
    await db
      .updateTable(kind as 'deals')
      .set(set as Partial<Row<'deals'>>)
      .where('workspace_id', '=', workspaceId)
      .where('id', '=', id)
      .execute();
  },

  async remove(db: Executor, kind: RecordKind, workspaceId: string, id: string): Promise<void> {
    await db
      .deleteFrom(kind as 'deals')
      .where('workspace_id', '=', workspaceId)
      .where('id', '=', id)
      .execute();
  },

  async countOwnedBy(db: Executor, workspaceId: string, userId: string): Promise<{ deals: number; leads: number }> {
    const [deals, leads] = await Promise.all(
      (['deals', 'leads'] as const).map((kind) =>
        db
          .selectFrom(kind as 'deals')
          .select((eb) => eb.fn.countAll<number>().as('n'))
          .where('workspace_id', '=', workspaceId)
          .where('owner_id', '=', userId)
          .executeTakeFirstOrThrow(),
      ),
    );
    return { deals: Number(deals?.n ?? 0), leads: Number(leads?.n ?? 0) };
  },

  /** Gives every deal and lead of `fromId` to `toId` (or to nobody); returns how many moved. */
  async reassign(
    db: Executor,
    workspaceId: string,
    fromId: string,
    toId: string | null,
    now: string,
  ): Promise<{ deals: number; leads: number }> {
    const moved = { deals: 0, leads: 0 };
    for (const kind of ['deals', 'leads'] as const) {
      const result = await db
        .updateTable(kind as 'deals')
        .set({ owner_id: toId, updated_at: now })
        .where('workspace_id', '=', workspaceId)
        .where('owner_id', '=', fromId)
        .executeTakeFirst();
      moved[kind] = Number(result.numUpdatedRows);
    }
    return moved;
  },
};
