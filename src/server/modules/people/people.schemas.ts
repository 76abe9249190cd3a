// Server-only: a member row as the wire's Person (src/shared/api/people.ts holds the schemas).
import type { Person } from '../../../shared/api/people.js';
import type { PersonRow } from './people.repository.js';

export function toPerson(row: PersonRow): Person {
  return {
    id: row.id,
    name: row.name,
    role: row.role,
    team: row.team_id && row.team_name !== null ? { id: row.team_id, name: row.team_name } : null,
    photoUrl: row.photo_key ? `/api/v1/photos/${row.photo_key}` : null,
    joinedAt: row.accepted_at,
  };
}
