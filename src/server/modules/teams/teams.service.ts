import type { Team } from '../../../shared/api/teams.js';
import type { AppContext, AuthContext } from '../../context.js';
import type { Executor } from '../../db/executor.js';
import { AppError } from '../../lib/app-error.js';
import { isUniqueViolation } from '../../lib/db-errors.js';
import { readCursor, toPage } from '../../lib/pagination.js';
import { newId } from '../../lib/secrets.js';
import { nowIso } from '../../lib/time.js';
import { type AuditRecord, actorOf, recordAudit } from '../audit/audit.js';
import { teamsRepository } from './teams.repository.js';
import { teamNameKey, toTeam } from './teams.schemas.js';

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

function teamEvent(
  actor: AuthContext,
  action: 'team.created' | 'team.renamed' | 'team.deleted',
  team: { id: string; name: string },
  before: Record<string, unknown> | null,
  after: Record<string, unknown> | null,
): AuditRecord {
  return {
    workspaceId: actor.workspace.id,
    actor: actorOf(actor),
    action,
    target: { type: 'team', id: team.id, label: team.name },
    before,
    after,
    ip: actor.ip,
  };
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
      const after = readCursor(args.cursor);
      const rows = await teamsRepository.list(db, { workspaceId, after, limit: args.limit + 1 });
      return toPage(rows, args.limit, toTeam, (r) => r.name_key);
    },

    async create(actor: AuthContext, name: string): Promise<Team> {
      const workspaceId = actor.workspace.id;
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
          await recordAudit(trx, teamEvent(actor, 'team.created', { id, name }, null, { name }));
        });
      } catch (error) {
        if (isUniqueViolation(error)) throw teamExists(name);
        throw error;
      }
      return get(workspaceId, id);
    },

    async rename(actor: AuthContext, id: string, name: string): Promise<Team> {
      const workspaceId = actor.workspace.id;
      try {
        await ctx.database.transaction(async (trx) => {
          const current = await teamsRepository.findById(trx, workspaceId, id);
          if (!current) throw new AppError('not_found', { detail: 'That team does not exist.' });
          const clash = await teamsRepository.findByNameKey(trx, workspaceId, teamNameKey(name));
          if (clash && clash.id !== id) throw teamExists(name);
          await teamsRepository.rename(trx, { workspaceId, id, name, nameKey: teamNameKey(name), now: nowIso() });
          if (current.name !== name) {
            await recordAudit(trx, teamEvent(actor, 'team.renamed', { id, name }, { name: current.name }, { name }));
          }
        });
      } catch (error) {
        if (isUniqueViolation(error)) throw teamExists(name);
        throw error;
      }
      return get(workspaceId, id);
    },

    async remove(actor: AuthContext, id: string): Promise<void> {
      const workspaceId = actor.workspace.id;
      await ctx.database.transaction(async (trx) => {
        const team = await teamsRepository.findById(trx, workspaceId, id);
        if (!team || (await teamsRepository.delete(trx, workspaceId, id)) === 0) {
          throw new AppError('not_found', { detail: 'That team does not exist.' });
        }
        await recordAudit(trx, teamEvent(actor, 'team.deleted', team, { name: team.name }, null));
      });
    },
  };
}
