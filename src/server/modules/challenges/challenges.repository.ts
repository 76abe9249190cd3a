import type { Executor } from '../../db/executor.js';
import type { Row } from '../../db/schema.js';

export type ChallengeRow = Row<'challenges'>;

/** A member and the earliest moment of each fact a challenge step is made of (null: not done). */
export type MemberFacts = {
  id: string;
  name: string;
  name_key: string;
  accepted_at: string | null;
  profile_completed_at: string | null;
  tour_completed_at: string | null;
  tour_status: string | null;
  updated_at: string;
};

export type FirstActs = Map<string, string>;

const firstBy = (rows: { who: string | null; first: string | null }[]): FirstActs =>
  new Map(rows.flatMap((r) => (r.who && r.first ? [[r.who, r.first] as const] : [])));

/** Queries only: challenges, and the facts progress is derived from, for a whole workspace at once. */
export const challengesRepository = {
  async list(db: Executor, workspaceId: string): Promise<ChallengeRow[]> {
    return db
      .selectFrom('challenges')
      .selectAll()
      .where('workspace_id', '=', workspaceId)
      .orderBy('created_at', 'desc')
      .orderBy('id', 'desc')
      .limit(200)
      .execute();
  },

  async find(db: Executor, workspaceId: string, id: string): Promise<ChallengeRow | undefined> {
    return db
      .selectFrom('challenges')
      .selectAll()
      .where('workspace_id', '=', workspaceId)
      .where('id', '=', id)
      .executeTakeFirst();
  },

  async findActive(db: Executor, workspaceId: string): Promise<ChallengeRow | undefined> {
    return db
      .selectFrom('challenges')
      .selectAll()
      .where('workspace_id', '=', workspaceId)
      .where('active', '=', 1)
      .executeTakeFirst();
  },

  async insert(db: Executor, row: ChallengeRow): Promise<void> {
    await db.insertInto('challenges').values(row).execute();
  },

  async update(db: Executor, workspaceId: string, id: string, set: Partial<ChallengeRow>): Promise<void> {
    await db.updateTable('challenges').set(set).where('workspace_id', '=', workspaceId).where('id', '=', id).execute();
  },

  /** Makes every other challenge of the workspace inactive (before one is activated). */
  async deactivateOthers(db: Executor, workspaceId: string, keepId: string, now: string): Promise<void> {
    await db
      .updateTable('challenges')
      .set({ active: 0, updated_at: now })
      .where('workspace_id', '=', workspaceId)
      .where('active', '=', 1)
      .where('id', '!=', keepId)
      .execute();
  },

  /** The active members (or one of them), with their profile and tour facts. */
  async members(db: Executor, workspaceId: string, userId: string | null): Promise<MemberFacts[]> {
    let query = db
      .selectFrom('workspace_users')
      .select([
        'id',
        'name',
        'name_key',
        'accepted_at',
        'profile_completed_at',
        'tour_completed_at',
        'tour_status',
        'updated_at',
      ])
      .where('workspace_id', '=', workspaceId)
      .where('status', '=', 'active');
    if (userId) query = query.where('id', '=', userId);
    const rows = await query.execute();
    return rows.map((r) => ({ ...r, tour_completed_at: r.tour_completed_at ?? null }));
  },

  /** Each person's first lead or deal they created themselves (not one given to them). */
  async firstCreated(
    db: Executor,
    kind: 'deals' | 'leads',
    workspaceId: string,
    userId: string | null,
  ): Promise<FirstActs> {
    let query = db
      .selectFrom(kind as 'deals')
      .select((eb) => ['created_by_id as who', eb.fn.min<string>('created_at').as('first')])
      .where('workspace_id', '=', workspaceId)
      .where('created_by_id', 'is not', null)
      .groupBy('created_by_id');
    if (userId) query = query.where('created_by_id', '=', userId);
    return firstBy(await query.execute());
  },

  /** Each person's first message in the workspace's #general. */
  async firstGeneralPost(db: Executor, workspaceId: string, userId: string | null): Promise<FirstActs> {
    let query = db
      .selectFrom('messages as m')
      .innerJoin('channels as c', 'c.id', 'm.channel_id')
      .select((eb) => ['m.author_id as who', eb.fn.min<string>('m.created_at').as('first')])
      .where('m.workspace_id', '=', workspaceId)
      .where('c.workspace_id', '=', workspaceId)
      .where('c.name', '=', 'general')
      .where('m.author_id', 'is not', null)
      .groupBy('m.author_id');
    if (userId) query = query.where('m.author_id', '=', userId);
    return firstBy(await query.execute());
  },
};
