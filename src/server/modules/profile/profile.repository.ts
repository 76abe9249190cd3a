import type { Executor } from '../../db/executor.js';
import type { Row } from '../../db/schema.js';

type Target = { workspaceId: string; userId: string };

/** Queries only: the signed-in person's own profile, photo and onboarding steps. */
export const profileRepository = {
  /** Name and phone as given; the profile step is done from the first save on (its date kept). */
  async saveProfile(
    db: Executor,
    args: Target & {
      set: Partial<Pick<Row<'workspace_users'>, 'name' | 'name_key' | 'search_name' | 'phone'>>;
      now: string;
    },
  ): Promise<void> {
    await db
      .updateTable('workspace_users')
      .set((eb) => ({
        ...args.set,
        profile_completed_at: eb.fn.coalesce('profile_completed_at', eb.val(args.now)),
        updated_at: args.now,
      }))
      .where('workspace_id', '=', args.workspaceId)
      .where('id', '=', args.userId)
      .where('status', '=', 'active')
      .execute();
  },

  /** "Skip for now": recorded once, and only while the step is not done. */
  async skipProfile(db: Executor, args: Target & { now: string }): Promise<void> {
    await db
      .updateTable('workspace_users')
      .set({ profile_skipped_at: args.now, updated_at: args.now })
      .where('workspace_id', '=', args.workspaceId)
      .where('id', '=', args.userId)
      .where('profile_completed_at', 'is', null)
      .where('profile_skipped_at', 'is', null)
      .execute();
  },

  /** `completed` is final: a later `skipped` (closing a tour taken again from the help menu) keeps it. */
  async setTour(db: Executor, args: Target & { status: 'completed' | 'skipped'; now: string }): Promise<void> {
    let update = db
      .updateTable('workspace_users')
      .set((eb) => ({
        tour_status: args.status,
        updated_at: args.now,
        // The first finish is the one the Getting Started challenge dates.
        ...(args.status === 'completed'
          ? { tour_completed_at: eb.fn.coalesce('tour_completed_at', eb.val(args.now)) }
          : {}),
      }))
      .where('workspace_id', '=', args.workspaceId)
      .where('id', '=', args.userId);
    if (args.status === 'skipped') {
      update = update.where((eb) => eb.or([eb('tour_status', 'is', null), eb('tour_status', '!=', 'completed')]));
    }
    await update.execute();
  },

  /**
   * Points the person at a new photo. Run first in the transaction: on PostgreSQL the row lock it
   * takes makes a second upload by the same person wait, so each deletes only what it replaced.
   */
  async setPhotoKey(db: Executor, args: Target & { key: string | null; now: string }): Promise<number> {
    const result = await db
      .updateTable('workspace_users')
      .set({ photo_key: args.key, updated_at: args.now })
      .where('workspace_id', '=', args.workspaceId)
      .where('id', '=', args.userId)
      .where('status', '=', 'active')
      .executeTakeFirst();
    return Number(result.numUpdatedRows);
  },

  async insertPhoto(db: Executor, row: Row<'photos'>): Promise<void> {
    await db.insertInto('photos').values(row).execute();
  },

  /** Every photo of the person but `keep` (the one in use), or all of them when `keep` is null. */
  async deletePhotosExcept(db: Executor, args: { userId: string; keep: string | null }): Promise<void> {
    let remove = db.deleteFrom('photos').where('user_id', '=', args.userId);
    if (args.keep) remove = remove.where('key', '!=', args.keep);
    await remove.execute();
  },

  findPhoto(db: Executor, workspaceId: string, key: string) {
    return db
      .selectFrom('photos')
      .select(['bytes', 'content_type', 'created_at'])
      .where('workspace_id', '=', workspaceId)
      .where('key', '=', key)
      .executeTakeFirst();
  },

  async hasInvitation(db: Executor, userId: string): Promise<boolean> {
    const row = await db
      .selectFrom('invitation_tokens')
      .select('user_id')
      .where('user_id', '=', userId)
      .limit(1)
      .executeTakeFirst();
    return row !== undefined;
  },

  async hasSsoIdentity(db: Executor, accountId: string): Promise<boolean> {
    const row = await db
      .selectFrom('sso_identities')
      .select('account_id')
      .where('account_id', '=', accountId)
      .limit(1)
      .executeTakeFirst();
    return row !== undefined;
  },
};
