import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { PLAN_CHANGERS, PLAN_IDS } from '../../../shared/plans.js';
import type { AppContext } from '../../context.js';
import { problems } from '../../lib/route-schemas.js';
import { requireAuth } from '../../plugins/auth.js';
import { createBillingService } from './billing.service.js';

const planSchema = z.object({ id: z.enum(PLAN_IDS), name: z.string(), seatLimit: z.number().int().nullable() });
const billingSchema = z
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

export async function billingRoutes(fastify: FastifyInstance, { ctx }: { ctx: AppContext }) {
  const app = fastify.withTypeProvider<ZodTypeProvider>();
  const billing = createBillingService(ctx);
  const tags = ['Billing'];
  const denied = problems('unauthenticated', 'forbidden');

  app.get(
    '/billing',
    {
      config: { permission: 'billing:read' },
      schema: { tags, summary: 'Plan and seats', response: { 200: billingSchema, ...denied } },
    },
    async (request) => billing.describe(requireAuth(request).workspace.id),
  );

  app.put(
    '/billing/plan',
    {
      config: { permission: 'billing:manage' },
      schema: {
        tags,
        summary: 'Change plan (takes effect at once)',
        description: 'With PLAN_CHANGES=operator only the operator changes plans: 403 `plan_change_by_operator`.',
        body: z.object({ planId: z.enum(PLAN_IDS) }),
        response: {
          200: billingSchema,
          ...problems('unauthenticated', 'forbidden', 'plan_change_by_operator', 'seats_in_use', 'validation_failed'),
        },
      },
    },
    async (request) =>
      billing.changePlan(requireAuth(request), request.body.planId, `${request.method} ${request.routeOptions.url}`),
  );
}
