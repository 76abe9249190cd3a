import { z } from 'zod';
import { lineOfText } from '../../lib/fields.js';
import { limitSchema, listOf } from '../users/users.schemas.js';
import type { TeamRow } from './teams.repository.js';

export const teamSchema = z
  .object({ id: z.string(), name: z.string(), memberCount: z.number().int() })
  .meta({ id: 'Team' });
export type Team = z.infer<typeof teamSchema>;

export const teamBody = z.object({ name: lineOfText(80) });
export const teamListQuery = z.object({ limit: limitSchema, cursor: z.string().max(500).optional() });
export const teamList = listOf(teamSchema);

/** Team names are unique in a workspace without regard to case or surrounding spaces. */
export const teamNameKey = (name: string) => name.trim().toLowerCase();

export function toTeam(row: TeamRow): Team {
  return { id: row.id, name: row.name, memberCount: row.member_count };
}
