import type { Role, UserStatus } from '../../../shared/roles.js';
import type { AppContext } from '../../context.js';
import { AppError } from '../../lib/app-error.js';
import { nowIso } from '../../lib/time.js';
import type { AuthContext } from '../../plugins/auth.js';
import type { Executor } from '../auth/auth.repository.js';
import { assertSeatsAvailable, seatUsage } from '../billing/billing.service.js';
import { assertTeamExists } from '../teams/teams.service.js';
import { workspacesRepository } from '../workspaces/workspaces.repository.js';
import { type UserRow, type UserSort, userEditsRepository, usersRepository } from './users.repository.js';
import { decodeCursor, encodeCursor, toUser, type User } from './users.schemas.js';

/** A buddy is another active member of the same workspace. */
export async function assertBuddy(
  trx: Executor,
  workspaceId: string,
  buddyId: string | null | undefined,
  selfId?: string,
) {
  if (!buddyId) return;
  const buddy = await usersRepository.findById(trx, workspaceId, buddyId);
  if (buddy?.status !== 'active' || buddy.id === selfId) {
    throw new AppError('validation_failed', {
      errors: [{ path: 'buddyId', message: 'A buddy must be another active member of this workspace.' }],
    });
  }
}

export type ListUsersInput = {
  status?: UserStatus[] | undefined;
  role?: Role | undefined;
  teamId?: string | undefined;
  q?: string | undefined;
  sort: UserSort;
  order: 'asc' | 'desc';
  limit: number;
  cursor?: string | undefined;
};

const sortValue = (row: UserRow, sort: UserSort) =>
  sort === 'name' ? row.name_key : sort === 'email' ? row.email : row.invited_at;

export type EditUserInput = {
  role?: Role | undefined;
  teamId?: string | null | undefined;
  name?: string | undefined;
  buddyId?: string | null | undefined;
};

export function createUsersService(ctx: AppContext) {
  const { db } = ctx.database;
  return {
    /**
     * Deactivate: sign-in refused here, every session of the person in this workspace ends at
     * once, the data stays, the seat is freed. Not oneself, not the last active admin.
     */
    async deactivate(actor: AuthContext, id: string): Promise<User> {
      const workspaceId = actor.workspace.id;
      if (id === actor.user.id) throw new AppError('cannot_modify_self', { detail: 'You cannot deactivate yourself.' });
      await ctx.database.transaction(async (trx) => {
        await ctx.database.lockWorkspace(trx, workspaceId);
        const row = await usersRepository.findById(trx, workspaceId, id);
        if (!row) throw new AppError('not_found', { detail: 'That user does not exist in this workspace.' });
        if (row.status !== 'active') throw new AppError('not_active');
        if (row.role === 'admin' && (await userEditsRepository.countActiveAdmins(trx, workspaceId)) <= 1) {
          throw new AppError('last_admin', { detail: 'This is the last active admin: make someone else admin first.' });
        }
        if (
          (await userEditsRepository.transition(trx, {
            workspaceId,
            id,
            from: 'active',
            to: 'deactivated',
            now: nowIso(),
          })) === 0
        ) {
          throw new AppError('not_active');
        }
        if (row.account_id)
          await userEditsRepository.endSessionsInWorkspace(trx, { accountId: row.account_id, workspaceId });
      });
      ctx.log.info({ event: 'user_deactivated', workspaceId, userId: id, by: actor.user.id }, 'user deactivated');
      return this.get(workspaceId, id);
    },

    /** Reactivate: everything as it was, if the plan has a free seat. */
    async reactivate(actor: AuthContext, id: string): Promise<User> {
      const workspaceId = actor.workspace.id;
      await ctx.database.transaction(async (trx) => {
        await ctx.database.lockWorkspace(trx, workspaceId);
        const row = await usersRepository.findById(trx, workspaceId, id);
        if (!row) throw new AppError('not_found', { detail: 'That user does not exist in this workspace.' });
        if (row.status !== 'deactivated') throw new AppError('not_deactivated');
        const workspace = await workspacesRepository.findById(trx, workspaceId);
        if (!workspace) throw new AppError('not_found');
        await assertSeatsAvailable(trx, workspace, 1);
        if (
          (await userEditsRepository.transition(trx, {
            workspaceId,
            id,
            from: 'deactivated',
            to: 'active',
            now: nowIso(),
          })) === 0
        ) {
          throw new AppError('not_deactivated');
        }
      });
      ctx.log.info({ event: 'user_reactivated', workspaceId, userId: id, by: actor.user.id }, 'user reactivated');
      return this.get(workspaceId, id);
    },

    /**
     * Edit: name, role, team and buddy while an invitation is pending or expired; role, team and
     * buddy once active. The last active admin keeps the admin role.
     */
    async edit(actor: AuthContext, id: string, input: EditUserInput): Promise<User> {
      const workspaceId = actor.workspace.id;
      await ctx.database.transaction(async (trx) => {
        await ctx.database.lockWorkspace(trx, workspaceId);
        const row = await usersRepository.findById(trx, workspaceId, id);
        if (!row) throw new AppError('not_found', { detail: 'That user does not exist in this workspace.' });
        if (row.status === 'revoked') {
          throw new AppError('not_pending', {
            detail: 'This invitation was revoked: invite the person again instead.',
          });
        }
        if (input.name !== undefined && row.status !== 'pending') {
          throw new AppError('validation_failed', {
            errors: [{ path: 'name', message: 'A name can only be changed before the invitation is accepted.' }],
          });
        }
        if (input.teamId !== undefined) await assertTeamExists(trx, workspaceId, input.teamId);
        if (input.buddyId !== undefined) await assertBuddy(trx, workspaceId, input.buddyId, row.id);
        if (input.role && input.role !== 'admin' && row.role === 'admin' && row.status === 'active') {
          if ((await userEditsRepository.countActiveAdmins(trx, workspaceId)) <= 1) {
            throw new AppError('last_admin', {
              detail: 'This is the last active admin: make someone else admin first.',
            });
          }
        }
        await userEditsRepository.update(trx, {
          workspaceId,
          id,
          set: {
            ...(input.name !== undefined ? { name: input.name, name_key: input.name.toLowerCase() } : {}),
            ...(input.role !== undefined ? { role: input.role } : {}),
            ...(input.teamId !== undefined ? { team_id: input.teamId } : {}),
            ...(input.buddyId !== undefined ? { buddy_id: input.buddyId } : {}),
            updated_at: nowIso(),
          },
        });
      });
      ctx.log.info({ event: 'user_edited', workspaceId, userId: id, fields: Object.keys(input) }, 'user edited');
      return this.get(workspaceId, id);
    },

    async list(workspaceId: string, input: ListUsersInput) {
      const after = input.cursor ? decodeCursor(input.cursor) : null;
      if (input.cursor && !after) {
        throw new AppError('validation_failed', { errors: [{ path: 'cursor', message: 'This cursor is not valid.' }] });
      }
      const now = nowIso();
      const rows = await usersRepository.list(db, {
        workspaceId,
        now,
        statuses: input.status?.length ? input.status : null,
        role: input.role ?? null,
        teamId: input.teamId ?? null,
        q: input.q?.trim() || null,
        sort: input.sort,
        order: input.order,
        after,
        limit: input.limit + 1,
      });
      const page = rows.slice(0, input.limit);
      const last = page.at(-1);
      return {
        items: page.map((row) => toUser(row, now)),
        nextCursor: rows.length > input.limit && last ? encodeCursor(sortValue(last, input.sort), last.id) : null,
      };
    },

    async get(workspaceId: string, id: string): Promise<User> {
      const row = await usersRepository.findById(db, workspaceId, id);
      if (!row) throw new AppError('not_found', { detail: 'That user does not exist in this workspace.' });
      return toUser(row, nowIso());
    },

    async summary(workspaceId: string, planId: string) {
      const [counts, seats] = await Promise.all([
        usersRepository.countByStatus(db, workspaceId, nowIso()),
        seatUsage(db, workspaceId, planId),
      ]);
      return {
        counts: {
          pending: counts.pending,
          expired: counts.expired,
          active: counts.active,
          deactivated: counts.deactivated,
          revoked: counts.revoked,
        },
        seats: { limit: seats.limit, used: seats.used, active: seats.active, pending: seats.pending },
      };
    },
  };
}
