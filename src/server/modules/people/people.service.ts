import type { Person } from '../../../shared/api/people.js';
import type { AppContext, AuthContext } from '../../context.js';
import { AppError } from '../../lib/app-error.js';
import { readCursor, toPage } from '../../lib/pagination.js';
import { peopleRepository } from './people.repository.js';
import { toPerson } from './people.schemas.js';

export function createPeopleService(ctx: AppContext) {
  const { db } = ctx.database;

  return {
    /** The active members of the caller's workspace, by name; `q` narrows them to a name prefix. */
    async list(actor: AuthContext, args: { limit: number; cursor?: string | undefined; q?: string | undefined }) {
      const after = readCursor(args.cursor);
      const prefix = args.q ? args.q.toLowerCase() : null;
      const rows = await peopleRepository.list(db, {
        workspaceId: actor.workspace.id,
        prefix,
        after,
        limit: args.limit + 1,
      });
      return toPage(rows, args.limit, toPerson, (r) => r.name_key);
    },

    /** One active member; anyone else (another workspace's, pending, deactivated, revoked) is not found. */
    async get(actor: AuthContext, id: string): Promise<Person> {
      const row = await peopleRepository.findActive(db, actor.workspace.id, id);
      if (!row) throw new AppError('not_found', { detail: 'No active member of this workspace has that id.' });
      return toPerson(row);
    },
  };
}
