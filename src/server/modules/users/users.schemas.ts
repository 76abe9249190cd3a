import { z } from 'zod';
import { EMAIL_STATUSES, ROLES, USER_STATUSES, type UserStatus } from '../../../shared/roles.js';
import { AppError } from '../../lib/app-error.js';
import type { UserView } from './users.repository.js';

export const idName = z.object({ id: z.string(), name: z.string() });

export const userSchema = z
  .object({
    id: z.string(),
    email: z.string(),
    name: z.string(),
    role: z.enum(ROLES),
    team: idName.nullable(),
    status: z.enum(USER_STATUSES),
    invitedAt: z.string(),
    invitedBy: idName.nullable(),
    expiresAt: z.string().nullable(),
    acceptedAt: z.string().nullable(),
    deactivatedAt: z.string().nullable(),
    emailStatus: z.enum(EMAIL_STATUSES).nullable(),
    buddy: idName.nullable(),
    phone: z.string().nullable(),
    photoUrl: z.string().nullable(),
  })
  .meta({ id: 'User' });
export type User = z.infer<typeof userSchema>;

export function listOf<T extends z.ZodType>(item: T) {
  return z.object({ items: z.array(item), nextCursor: z.string().nullable() });
}

export const limitSchema = z.coerce.number().int().min(1).max(200).default(50);

export function displayedStatus(row: Pick<UserView, 'status' | 'expires_at'>, now: string): UserStatus {
  if (row.status === 'pending' && row.expires_at !== null && row.expires_at <= now) return 'expired';
  return row.status;
}

const ref = (id: string | null, name: string | null) => (id && name !== null ? { id, name } : null);

export function toUser(row: UserView, now: string): User {
  return {
    id: row.id,
    email: row.email,
    name: row.name,
    role: row.role,
    team: ref(row.team_id, row.team_name),
    status: displayedStatus(row, now),
    invitedAt: row.invited_at,
    invitedBy: ref(row.invited_by_id, row.invited_by_name),
    expiresAt: row.expires_at,
    acceptedAt: row.accepted_at,
    deactivatedAt: row.deactivated_at,
    emailStatus: (row.email_status as User['emailStatus']) ?? null,
    buddy: ref(row.buddy_id, row.buddy_name),
    phone: row.phone,
    photoUrl: row.photo_key ? `/api/v1/photos/${row.photo_key}` : null,
  };
}

/** An opaque keyset cursor: the sort value and id of the last row of the page. */
export function encodeCursor(value: string, id: string): string {
  return Buffer.from(JSON.stringify([value, id]), 'utf8').toString('base64url');
}

export function decodeCursor(cursor: string): { value: string; id: string } | null {
  try {
    const parsed: unknown = JSON.parse(Buffer.from(cursor, 'base64url').toString('utf8'));
    if (Array.isArray(parsed) && typeof parsed[0] === 'string' && typeof parsed[1] === 'string') {
      return { value: parsed[0], id: parsed[1] };
    }
  } catch {
    // fall through: a malformed cursor is a validation error for the caller
  }
  return null;
}

/** The position a `?cursor=` names, or null for the first page; a malformed cursor is a 400. */
export function readCursor(cursor: string | undefined): { value: string; id: string } | null {
  if (!cursor) return null;
  const after = decodeCursor(cursor);
  if (!after)
    throw new AppError('validation_failed', { errors: [{ path: 'cursor', message: 'This cursor is not valid.' }] });
  return after;
}

/** One page of a list fetched with `limit + 1` rows: the items and the cursor of the next page. */
export function toPage<R extends { id: string }, T>(
  rows: R[],
  limit: number,
  map: (row: R) => T,
  sortValue: (row: R) => string,
): { items: T[]; nextCursor: string | null } {
  const page = rows.slice(0, limit);
  const last = page.at(-1);
  return {
    items: page.map(map),
    nextCursor: rows.length > limit && last ? encodeCursor(sortValue(last), last.id) : null,
  };
}
