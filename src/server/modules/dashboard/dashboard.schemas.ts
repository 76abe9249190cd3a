import { z } from 'zod';
import { myChallengeSchema } from '../challenges/challenges.schemas.js';
import { dashboardGuideSchema } from '../guide/guide.schemas.js';
import { idName } from '../users/users.schemas.js';
import { dealSchema, leadSchema } from '../work-records/work-records.schemas.js';

export const dashboardBuddySchema = z
  .object({ id: z.string(), name: z.string(), email: z.string(), photoUrl: z.string().nullable() })
  .describe('The person’s buddy, while the buddy is an active member; null otherwise.');
export type DashboardBuddy = z.infer<typeof dashboardBuddySchema>;

/** API.md "Message"; the #general module will own this shape once it exists. */
const generalMessageSchema = z.object({
  id: z.string(),
  channelId: z.string(),
  body: z.string(),
  author: idName.nullable(),
  createdAt: z.string(),
});

const adminSchema = z
  .object({
    counts: z.object({
      pending: z.number().int(),
      expired: z.number().int(),
      active: z.number().int(),
      deactivated: z.number().int(),
    }),
    seats: z.object({
      limit: z.number().int().nullable(),
      used: z.number().int(),
      active: z.number().int(),
      pending: z.number().int(),
    }),
  })
  .describe('Admins only (absent for everyone else): people by status and the seats in use, as in /users/summary.');

export const dashboardSchema = z
  .object({
    deals: z
      .object({
        items: z.array(dealSchema),
        open: z.number().int(),
        openAmount: z.number(),
      })
      .describe(
        'The person’s own open deals (not won or lost), newest first, at most 5; `open` and `openAmount` count them all.',
      ),
    leads: z
      .object({ items: z.array(leadSchema), total: z.number().int() })
      .describe('The person’s own leads, newest first, at most 5; `total` counts them all.'),
    challenge: myChallengeSchema.nullable(),
    guide: dashboardGuideSchema.nullable(),
    buddy: dashboardBuddySchema.nullable(),
    general: z.array(generalMessageSchema).describe('The newest #general messages; empty until #general exists.'),
    admin: adminSchema.optional(),
  })
  .meta({ id: 'Dashboard' });
export type Dashboard = z.infer<typeof dashboardSchema>;
