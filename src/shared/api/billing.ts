import { z } from 'zod';
import { PLAN_CHANGERS, PLAN_IDS } from '../plans.js';

export const planSchema = z.object({ id: z.enum(PLAN_IDS), name: z.string(), seatLimit: z.number().int().nullable() });
export type BillingPlan = z.infer<typeof planSchema>;

export const billingSchema = z
  .object({
    plan: planSchema,
    seats: z.object({
      used: z.number().int(),
      active: z.number().int(),
      pending: z.number().int(),
      available: z.number().int().nullable(),
    }),
    plans: z.array(planSchema),
    planChanges: z
      .enum(PLAN_CHANGERS)
      .describe('Who may change the plan: `admins` (PUT /billing/plan), or only `operator` (`npm run plan`).'),
  })
  .meta({ id: 'Billing' });
export type Billing = z.infer<typeof billingSchema>;

export const planBody = z.object({ planId: z.enum(PLAN_IDS) });
