import { z } from 'zod';
import { ROLES } from '../roles.js';
import { idName } from './common.js';
import { type ListParams, listOf, pageQuery } from './pagination.js';

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

export const peopleQuery = pageQuery().extend({
  q: z
    .string()
    .trim()
    .max(100, 'At most 100 characters.')
    .optional()
    .describe(
      'Name prefix, without regard to case: matches the start of the name or of any later word in it (“gr” finds Grace Hopper, “hop” too).',
    ),
});

export type PeopleParams = ListParams<typeof peopleQuery>;
export const peopleList = listOf(personSchema);
