import { z } from 'zod';
import { PLAN_IDS } from '../../../shared/plans.js';
import { ROLES } from '../../../shared/roles.js';
import type { Row } from '../../db/schema.js';

export const workspaceSchema = z
  .object({ id: z.string(), name: z.string(), planId: z.enum(PLAN_IDS) })
  .meta({ id: 'Workspace' });
export type Workspace = z.infer<typeof workspaceSchema>;

export const membershipSchema = z.object({ id: z.string(), name: z.string(), role: z.enum(ROLES) });

export function toWorkspace(row: Row<'workspaces'>): Workspace {
  return { id: row.id, name: row.name, planId: row.plan_id as Workspace['planId'] };
}
