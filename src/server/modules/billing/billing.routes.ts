import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { billingSchema, planBody } from '../../../shared/api/billing.js';
import { problems } from '../../lib/route-schemas.js';
import { requireAuth } from '../../plugins/auth.js';
import type { RouteOptions } from '../../services.js';

export async function billingRoutes(fastify: FastifyInstance, { services }: RouteOptions) {
  const app = fastify.withTypeProvider<ZodTypeProvider>();
  const { billing } = services;
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
        body: planBody,
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
