import { z } from 'zod';
import { myChallengeSchema } from './challenges.js';
import { messageSchema } from './chat.js';
import { dashboardGuideSchema } from './guide.js';
import { usersSummarySchema } from './users.js';
import { dealSchema, leadSchema } from './work-records.js';

export const dashboardBuddySchema = z
  .object({ id: z.string(), name: z.string(), email: z.string(), photoUrl: z.string().nullable() })
  .describe('The person’s buddy, while the buddy is an active member; null otherwise.');
export type DashboardBuddy = z.infer<typeof dashboardBuddySchema>;

const adminSchema = usersSummarySchema
  .extend({ counts: usersSummarySchema.shape.counts.omit({ revoked: true }) })
  .describe('Admins only (absent for everyone else): people by status and the seats in use, as in /users/summary.');
export type DashboardAdmin = z.infer<typeof adminSchema>;

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
    general: z.array(messageSchema).describe('The newest #general messages; empty until #general exists.'),
    admin: adminSchema.optional(),
  })
  .meta({ id: 'Dashboard' });
export type Dashboard = z.infer<typeof dashboardSchema>;
