import { z } from 'zod';
import { PLAN_IDS } from '../plans.js';
import { ROLES } from '../roles.js';

export const workspaceSchema = z
  .object({ id: z.string(), name: z.string(), planId: z.enum(PLAN_IDS) })
  .meta({ id: 'Workspace' });
export type Workspace = z.infer<typeof workspaceSchema>;

/** A workspace the signed-in person belongs to, and their role there. */
export const membershipSchema = z.object({ id: z.string(), name: z.string(), role: z.enum(ROLES) });
export type WorkspaceMembership = z.infer<typeof membershipSchema>;
