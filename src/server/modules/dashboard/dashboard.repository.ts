import type { Executor } from '../../db/executor.js';
import type { DealRow, LeadRow } from '../work-records/work-records.repository.js';

/** Stages after which a deal is no longer worked: the dashboard shows the others. */
const CLOSED_STAGES = ['won', 'lost'] as const;

/** Queries only: what the home dashboard reads about the signed-in person's own records. */
export const dashboardRepository = {
  /** The person's newest open deals (not won, not lost). */
  async openDeals(db: Executor, args: { workspaceId: string; ownerId: string; limit: number }): Promise<DealRow[]> {
    return db
      .selectFrom('deals as r')
      .leftJoin('workspace_users as o', 'o.id', 'r.owner_id')
      .selectAll('r')
      .select('o.name as owner_name')
      .where('r.workspace_id', '=', args.workspaceId)
      .where('r.owner_id', '=', args.ownerId)
      .where('r.stage', 'not in', CLOSED_STAGES)
      .orderBy('r.created_at', 'desc')
      .orderBy('r.id', 'desc')
      .limit(args.limit)
      .execute();
  },

  /** How many open deals the person owns, and their total amount. */
  async openDealTotals(
    db: Executor,
    args: { workspaceId: string; ownerId: string },
  ): Promise<{ count: number; amount: number }> {
    const row = await db
      .selectFrom('deals')
      .select((eb) => [
        eb.fn.countAll<number | string>().as('n'),
        eb.fn.sum<number | string | null>('amount').as('total'),
      ])
      .where('workspace_id', '=', args.workspaceId)
      .where('owner_id', '=', args.ownerId)
      .where('stage', 'not in', CLOSED_STAGES)
      .executeTakeFirstOrThrow();
    // count(*) is a string on PostgreSQL, and sum() is null when there is nothing to add.
    return { count: Number(row.n), amount: Number(row.total ?? 0) };
  },

  /** The person's newest leads. */
  async leads(db: Executor, args: { workspaceId: string; ownerId: string; limit: number }): Promise<LeadRow[]> {
    return db
      .selectFrom('leads as r')
      .leftJoin('workspace_users as o', 'o.id', 'r.owner_id')
      .selectAll('r')
      .select('o.name as owner_name')
      .where('r.workspace_id', '=', args.workspaceId)
      .where('r.owner_id', '=', args.ownerId)
      .orderBy('r.created_at', 'desc')
      .orderBy('r.id', 'desc')
      .limit(args.limit)
      .execute();
  },

  async leadCount(db: Executor, args: { workspaceId: string; ownerId: string }): Promise<number> {
    const row = await db
      .selectFrom('leads')
      .select((eb) => eb.fn.countAll<number | string>().as('n'))
      .where('workspace_id', '=', args.workspaceId)
      .where('owner_id', '=', args.ownerId)
      .executeTakeFirstOrThrow();
    return Number(row.n);
  },
};
