import type { EditUserChanges, User, UsersListParams } from '../../../shared/api/users.js';
import type { AppContext, AuthContext } from '../../context.js';
import type { Executor } from '../../db/executor.js';
import { AppError } from '../../lib/app-error.js';
import { readCursor, toPage } from '../../lib/pagination.js';
import { nowIso } from '../../lib/time.js';
import { type AuditRecord, actorOf, recordAudit, userTarget } from '../audit/audit.js';
import { assertSeatsAvailable, seatUsage } from '../billing/billing.service.js';
import { endMemberStreams, recheckMemberStreams } from '../chat/chat.live.js';
import { guideRepository } from '../guide/guide.repository.js';
import { assertTeamExists } from '../teams/teams.service.js';
import { workRecordsRepository } from '../work-records/work-records.repository.js';
import { workspacesRepository } from '../workspaces/workspaces.repository.js';
import { nameColumns } from './search-words.js';
import {
  type UserRow,
  type UserSort,
  type UserView,
  userEditsRepository,
  usersRepository,
} from './users.repository.js';
import { toUser } from './users.schemas.js';

/** A buddy is another active member of the same workspace. */
export async function assertBuddy(
  trx: Executor,
  workspaceId: string,
  buddyId: string | null | undefined,
  selfId?: string,
) {
  if (!buddyId) return null;
  const buddy = await usersRepository.findById(trx, workspaceId, buddyId);
  if (buddy?.status !== 'active' || buddy.id === selfId) {
    throw new AppError('validation_failed', {
      errors: [{ path: 'buddyId', message: 'A buddy must be another active member of this workspace.' }],
    });
  }
  return buddy;
}

const sortValue = (row: UserView, sort: UserSort) =>
  sort === 'name' ? row.name_key : sort === 'email' ? row.email : row.invited_at;

function statusEvent(
  actor: AuthContext,
  row: UserRow,
  action: 'user.deactivated' | 'user.reactivated',
  to: string,
): AuditRecord {
  return {
    workspaceId: actor.workspace.id,
    actor: actorOf(actor),
    action,
    target: userTarget(row),
    before: { status: row.status },
    after: { status: to },
    ip: actor.ip,
  };
}

const teamOf = (row: UserRow) => (row.team_id ? { id: row.team_id, name: row.team_name } : null);
const buddyOf = (row: UserRow) => (row.buddy_id ? { id: row.buddy_id, name: row.buddy_name } : null);

/** What an edit changed, as audit events: one per kind of change, with before and after. */
function editEvents(actor: AuthContext, before: UserRow, after: UserRow): AuditRecord[] {
  const event = (action: AuditRecord['action'], from: Record<string, unknown>, to: Record<string, unknown>) => ({
    workspaceId: actor.workspace.id,
    actor: actorOf(actor),
    action,
    target: userTarget(after),
    before: from,
    after: to,
    ip: actor.ip,
  });
  if (before.status === 'pending') {
    const from: Record<string, unknown> = {};
    const to: Record<string, unknown> = {};
    if (before.name !== after.name) [from.name, to.name] = [before.name, after.name];
    if (before.role !== after.role) [from.role, to.role] = [before.role, after.role];
    if (before.team_id !== after.team_id) [from.team, to.team] = [teamOf(before), teamOf(after)];
    if (before.buddy_id !== after.buddy_id) [from.buddy, to.buddy] = [buddyOf(before), buddyOf(after)];
    return Object.keys(to).length ? [event('invitation.edited', from, to)] : [];
  }
  const events: AuditRecord[] = [];
  if (before.role !== after.role) events.push(event('user.role_changed', { role: before.role }, { role: after.role }));
  if (before.team_id !== after.team_id) {
    events.push(event('user.team_changed', { team: teamOf(before) }, { team: teamOf(after) }));
  }
  if (before.buddy_id !== after.buddy_id) {
    events.push(event('user.buddy_changed', { buddy: buddyOf(before) }, { buddy: buddyOf(after) }));
  }
  return events;
}

const plural = (n: number, word: string) => `${n} ${word}${n === 1 ? '' : 's'}`;

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
        // A deactivated person cannot be anyone's buddy (deletion clears it by the foreign key).
        await guideRepository.clearBuddy(trx, workspaceId, id, nowIso());
        await recordAudit(trx, statusEvent(actor, row, 'user.deactivated', 'deactivated'));
      });
      endMemberStreams(ctx, id);
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
        await recordAudit(trx, statusEvent(actor, row, 'user.reactivated', 'active'));
      });
      ctx.log.info({ event: 'user_reactivated', workspaceId, userId: id, by: actor.user.id }, 'user reactivated');
      return this.get(workspaceId, id);
    },

    /**
     * Edit: name, role, team and buddy while an invitation is pending or expired; role, team and
     * buddy once active. The last active admin keeps the admin role.
     */
    async edit(actor: AuthContext, id: string, input: EditUserChanges): Promise<User> {
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
            ...(input.name !== undefined ? nameColumns(input.name) : {}),
            ...(input.role !== undefined ? { role: input.role } : {}),
            ...(input.teamId !== undefined ? { team_id: input.teamId } : {}),
            ...(input.buddyId !== undefined ? { buddy_id: input.buddyId } : {}),
            updated_at: nowIso(),
          },
        });
        const updated = await usersRepository.findById(trx, workspaceId, id);
        if (updated) await recordAudit(trx, editEvents(actor, row, updated));
      });
      if (input.role !== undefined) await recheckMemberStreams(ctx, id);
      ctx.log.info({ event: 'user_edited', workspaceId, userId: id, fields: Object.keys(input) }, 'user edited');
      return this.get(workspaceId, id);
    },

    /** How many deals and leads the person owns: what a delete must hand on. */
    async records(actor: AuthContext, id: string) {
      const row = await usersRepository.findById(db, actor.workspace.id, id);
      if (!row) throw new AppError('not_found', { detail: 'That user does not exist in this workspace.' });
      return workRecordsRepository.countOwnedBy(db, actor.workspace.id, id);
    },

    /**
     * Delete, in one transaction: hand the person's deals and leads to `reassignTo` (or to nobody
     * when it is null), end their sessions here, and remove the membership with its personal data
     * (name, photo, phone). The account goes too when it belongs to no other workspace. The audit
     * log keeps the event.
     */
    async remove(actor: AuthContext, id: string, reassignTo: string | null | undefined): Promise<void> {
      const workspaceId = actor.workspace.id;
      if (id === actor.user.id) throw new AppError('cannot_modify_self', { detail: 'You cannot delete yourself.' });
      await ctx.database.transaction(async (trx) => {
        await ctx.database.lockWorkspace(trx, workspaceId);
        const row = await usersRepository.findById(trx, workspaceId, id);
        if (!row) throw new AppError('not_found', { detail: 'That user does not exist in this workspace.' });
        if (row.status !== 'active' && row.status !== 'deactivated') {
          throw new AppError('not_a_member', {
            detail:
              row.status === 'pending'
                ? 'This person has not joined yet: revoke the invitation instead.'
                : 'This invitation was revoked: there is no member to delete.',
          });
        }
        if (
          row.role === 'admin' &&
          row.status === 'active' &&
          (await userEditsRepository.countActiveAdmins(trx, workspaceId)) <= 1
        ) {
          throw new AppError('last_admin', { detail: 'This is the last active admin: make someone else admin first.' });
        }
        const owned = await workRecordsRepository.countOwnedBy(trx, workspaceId, id);
        if (reassignTo === undefined && owned.deals + owned.leads > 0) {
          throw new AppError('reassignment_required', {
            detail: `${row.name} owns ${plural(owned.deals, 'deal')} and ${plural(owned.leads, 'lead')}: choose who receives them, or leave them unassigned.`,
            extra: owned,
          });
        }
        const receiver = reassignTo ? await usersRepository.findById(trx, workspaceId, reassignTo) : null;
        if (reassignTo && (receiver?.status !== 'active' || receiver.id === id)) {
          throw new AppError('invalid_reassignee', {
            errors: [{ path: 'reassignTo', message: 'Choose another active user of this workspace.' }],
          });
        }
        const now = nowIso();
        const moved = await workRecordsRepository.reassign(trx, workspaceId, id, receiver?.id ?? null, now);
        let accountRemoved = false;
        if (row.account_id) {
          await userEditsRepository.endSessionsInWorkspace(trx, { accountId: row.account_id, workspaceId });
        }
        await userEditsRepository.remove(trx, workspaceId, id);
        if (row.account_id && (await userEditsRepository.countMemberships(trx, row.account_id)) === 0) {
          await userEditsRepository.removeAccount(trx, row.account_id);
          accountRemoved = true;
        }
        await recordAudit(trx, {
          workspaceId,
          actor: actorOf(actor),
          action: 'user.deleted',
          target: userTarget(row),
          before: { status: row.status, role: row.role, team: teamOf(row) },
          after: {
            reassignedTo: receiver ? { id: receiver.id, name: receiver.name } : null,
            deals: moved.deals,
            leads: moved.leads,
            accountRemoved,
          },
          ip: actor.ip,
        });
      });
      endMemberStreams(ctx, id);
      ctx.log.info({ event: 'user_deleted', workspaceId, userId: id, by: actor.user.id }, 'user deleted');
    },

    async list(workspaceId: string, input: UsersListParams) {
      const after = readCursor(input.cursor);
      const now = nowIso();
      const rows = await usersRepository.list(db, ctx.database.dialect, {
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
      return toPage(
        rows,
        input.limit,
        (row) => toUser(row, now),
        (row) => sortValue(row, input.sort),
      );
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

export type UsersService = ReturnType<typeof createUsersService>;
