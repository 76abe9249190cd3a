import { z } from 'zod';
import { ROLES } from '../../../shared/roles.js';
import { idName, limitSchema, listOf } from '../users/users.schemas.js';
import type { PersonRow } from './people.repository.js';

export const personSchema = z
  .object({
    id: z.string(),
    name: z.string(),
    role: z.enum(ROLES),
    team: idName.nullable(),
    photoUrl: z.string().nullable(),
    joinedAt: z.string().nullable().describe('When they accepted their invitation (or created the workspace).'),
  })
  .meta({
    id: 'Person',
    description:
      'An active member as every member of the workspace sees them: no email, phone or status (those are in User, for admins).',
  });
export type Person = z.infer<typeof personSchema>;

export const peopleQuery = z.object({
  limit: limitSchema,
  cursor: z.string().max(500).optional(),
  q: z
    .string()
    .trim()
    .max(100, 'At most 100 characters.')
    .optional()
    .describe(
      'Name prefix, without regard to case: matches the start of the name or of any later word in it (“gr” finds Grace Hopper, “hop” too).',
    ),
});

export const peopleList = listOf(personSchema);

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
