import { sql } from 'kysely';
import type { Executor } from '../../db/executor.js';
import { escapeLike } from '../../db/like.js';
import type { Row } from '../../db/schema.js';

export type PersonRow = Pick<
  Row<'workspace_users'>,
  'id' | 'name' | 'name_key' | 'role' | 'team_id' | 'photo_key' | 'accepted_at'
> & { team_name: string | null };

/** Active members only: pending invitations and people who have left are not in the directory. */
function activeMembers(db: Executor, workspaceId: string) {
  return db
    .selectFrom('workspace_users as u')
    .leftJoin('teams as t', 't.id', 'u.team_id')
    .select([
      'u.id',
      'u.name',
      'u.name_key',
      'u.role',
      'u.team_id',
      'u.photo_key',
      'u.accepted_at',
      't.name as team_name',
    ])
    .where('u.workspace_id', '=', workspaceId)
    .where('u.status', '=', 'active');
}

/** Queries only: the workspace's member directory. */
export const peopleRepository = {
  /** By name, then id; `prefix` (lower case) matches the start of the name or of any later word in it. */
  list(
    db: Executor,
    args: { workspaceId: string; prefix: string | null; after: { value: string; id: string } | null; limit: number },
  ): Promise<PersonRow[]> {
    let query = activeMembers(db, args.workspaceId);
    if (args.prefix) {
      const start = `${escapeLike(args.prefix)}%`;
      const word = `% ${escapeLike(args.prefix)}%`;
      query = query.where((eb) =>
        eb.or([
          eb('u.name_key', 'like', sql<string>`${start} escape '\\'`),
          eb('u.name_key', 'like', sql<string>`${word} escape '\\'`),
        ]),
      );
    }
    const after = args.after;
    if (after) {
      query = query.where((eb) =>
        eb.or([
          eb('u.name_key', '>', after.value),
          eb.and([eb('u.name_key', '=', after.value), eb('u.id', '>', after.id)]),
        ]),
      );
    }
    return query.orderBy('u.name_key').orderBy('u.id').limit(args.limit).execute();
  },

  findActive(db: Executor, workspaceId: string, id: string): Promise<PersonRow | undefined> {
    return activeMembers(db, workspaceId).where('u.id', '=', id).executeTakeFirst();
  },
};
