// Server-only: team rows as the wire's Team, and the name rule (src/shared/api/teams.ts holds the schemas).
import type { Team } from '../../../shared/api/teams.js';
import type { TeamRow } from './teams.repository.js';

/** Team names are unique in a workspace without regard to case or surrounding spaces. */
export const teamNameKey = (name: string) => name.trim().toLowerCase();

export function toTeam(row: TeamRow): Team {
  return { id: row.id, name: row.name, memberCount: row.member_count };
}
