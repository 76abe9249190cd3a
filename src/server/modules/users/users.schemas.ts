// Server-only: a user row as the wire's User (src/shared/api/users.ts holds the schemas).
import type { User } from '../../../shared/api/users.js';
import type { UserStatus } from '../../../shared/roles.js';
import type { UserView } from './users.repository.js';

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
