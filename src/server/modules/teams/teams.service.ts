import type { AppContext } from '../../context.js';
import { AppError } from '../../lib/app-error.js';
import { isUniqueViolation } from '../../lib/db-errors.js';
import { newId } from '../../lib/secrets.js';
import { nowIso } from '../../lib/time.js';
import type { Executor } from '../auth/auth.repository.js';
import { decodeCursor, encodeCursor } from '../users/users.schemas.js';
import { teamsRepository } from './teams.repository.js';
import { type Team, teamNameKey, toTeam } from './teams.schemas.js';

const teamExists = (name: string) =>
  new AppError('team_exists', {
    detail: `A team named “${name}” already exists.`,
    errors: [{ path: 'name', message: 'A team with this name already exists.' }],
  });

/** A team id sent with an invitation or an edit must name a team of this workspace. */
export async function assertTeamExists(trx: Executor, workspaceId: string, teamId: string | null | undefined) {
  if (!teamId) return null;
  const team = await teamsRepository.findById(trx, workspaceId, teamId);
  if (!team) {
    throw new AppError('team_not_found', { errors: [{ path: 'teamId', message: 'That team does not exist.' }] });
  }
  return team;
}

export function createTeamsService(ctx: AppContext) {
  const { db } = ctx.database;

  async function get(workspaceId: string, id: string): Promise<Team> {
    const row = await teamsRepository.findById(db, workspaceId, id);
    if (!row) throw new AppError('not_found', { detail: 'That team does not exist.' });
    return toTeam(row);
  }

  return {
    get,

    async list(workspaceId: string, args: { limit: number; cursor?: string | undefined }) {
      const after = args.cursor ? decodeCursor(args.cursor) : null;
      if (args.cursor && !after) {
        throw new AppError('validation_failed', { errors: [{ path: 'cursor', message: 'This cursor is not valid.' }] });
      }
      const rows = await teamsRepository.list(db, { workspaceId, after, limit: args.limit + 1 });
      const page = rows.slice(0, args.limit);
      const last = page.at(-1);
      return {
        items: page.map(toTeam),
        nextCursor: rows.length > args.limit && last ? encodeCursor(last.name_key, last.id) : null,
      };
    },

    async create(workspaceId: string, name: string): Promise<Team> {
      const now = nowIso();
      const id = newId();
      try {
        await ctx.database.transaction(async (trx) => {
          if (await teamsRepository.findByNameKey(trx, workspaceId, teamNameKey(name))) throw teamExists(name);
          await teamsRepository.insert(trx, {
            id,
            workspace_id: workspaceId,
            name,
            name_key: teamNameKey(name),
            created_at: now,
            updated_at: now,
          });
        });
      } catch (error) {
        if (isUniqueViolation(error)) throw teamExists(name);
        throw error;
      }
      return get(workspaceId, id);
    },

    async rename(workspaceId: string, id: string, name: string): Promise<Team> {
      try {
        await ctx.database.transaction(async (trx) => {
          const current = await teamsRepository.findById(trx, workspaceId, id);
          if (!current) throw new AppError('not_found', { detail: 'That team does not exist.' });
          const clash = await teamsRepository.findByNameKey(trx, workspaceId, teamNameKey(name));
          if (clash && clash.id !== id) throw teamExists(name);
          await teamsRepository.rename(trx, { workspaceId, id, name, nameKey: teamNameKey(name), now: nowIso() });
        });
      } catch (error) {
        if (isUniqueViolation(error)) throw teamExists(name);
        throw error;
      }
      return get(workspaceId, id);
    },

    async remove(workspaceId: string, id: string): Promise<void> {
      const deleted = await ctx.database.transaction((trx) => teamsRepository.delete(trx, workspaceId, id));
      if (deleted === 0) throw new AppError('not_found', { detail: 'That team does not exist.' });
    },
  };
}
