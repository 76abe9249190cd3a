import { z } from 'zod';
import { lineOfText } from './fields.js';
import { type ListParams, listOf, pageQuery } from './pagination.js';

export const teamSchema = z
  .object({ id: z.string(), name: z.string(), memberCount: z.number().int() })
  .meta({ id: 'Team' });
export type Team = z.infer<typeof teamSchema>;

export const teamBody = z.object({ name: lineOfText(80) });
export const teamListQuery = pageQuery();
export type TeamListParams = ListParams<typeof teamListQuery>;
export const teamList = listOf(teamSchema);
