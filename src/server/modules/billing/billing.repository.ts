import type { Executor } from '../../db/executor.js';

/** Queries only: what counts against a plan's seat limit. */
export const billingRepository = {
  /** Seats used = active users + pending (unexpired) invitations + seats reserved by running bulk sends. */
  async seatUsage(
    db: Executor,
    workspaceId: string,
    now: string,
  ): Promise<{ active: number; pending: number; reserved: number }> {
    const row = await db
      .selectFrom('workspace_users')
      .select((eb) => [
        eb.fn.sum<number>(eb.case().when('status', '=', 'active').then(1).else(0).end()).as('active'),
        eb.fn
          .sum<number>(
            eb
              .case()
              .when(eb.and([eb('status', '=', 'pending'), eb('expires_at', '>', now)]))
              .then(1)
              .else(0)
              .end(),
          )
          .as('pending'),
        // Seats Send All holds for rows its job has not written yet, in the same statement: a chunk
        // that turns reserved seats into invitations is seen whole or not at all.
        eb
          .selectFrom('bulk_imports')
          .select((sub) => sub.fn.sum<number>('bulk_imports.reserved_seats').as('n'))
          .where('bulk_imports.workspace_id', '=', workspaceId)
          .where('bulk_imports.status', '=', 'sending')
          .as('reserved'),
      ])
      .where('workspace_id', '=', workspaceId)
      .where('status', 'in', ['active', 'pending'])
      .executeTakeFirstOrThrow();
    return { active: Number(row.active ?? 0), pending: Number(row.pending ?? 0), reserved: Number(row.reserved ?? 0) };
  },

  /** The workspaces where this email is an active admin, oldest first (the operator's `npm run plan`). */
  async workspacesAdministeredBy(db: Executor, email: string): Promise<{ id: string; name: string }[]> {
    return db
      .selectFrom('workspace_users as u')
      .innerJoin('workspaces as w', 'w.id', 'u.workspace_id')
      .select(['w.id', 'w.name'])
      .where('u.email', '=', email)
      .where('u.role', '=', 'admin')
      .where('u.status', '=', 'active')
      .orderBy('w.created_at')
      .orderBy('w.id')
      .execute();
  },
};
