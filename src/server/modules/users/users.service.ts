import type { Role, UserStatus } from '../../../shared/roles.js';
import type { AppContext } from '../../context.js';
import { AppError } from '../../lib/app-error.js';
import { nowIso } from '../../lib/time.js';
import { seatUsage } from '../billing/billing.service.js';
import { type UserRow, type UserSort, usersRepository } from './users.repository.js';
import { decodeCursor, encodeCursor, toUser, type User } from './users.schemas.js';

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

export function createUsersService(ctx: AppContext) {
  const { db } = ctx.database;
  return {
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
        },
        seats: { limit: seats.limit, used: seats.used, active: seats.active, pending: seats.pending },
      };
    },
  };
}
