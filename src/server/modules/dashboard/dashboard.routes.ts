import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { dashboardSchema } from '../../../shared/api/dashboard.js';
import { problems } from '../../lib/route-schemas.js';
import { requireAuth } from '../../plugins/auth.js';
import type { RouteOptions } from '../../services.js';

export async function dashboardRoutes(fastify: FastifyInstance, { services }: RouteOptions) {
  const app = fastify.withTypeProvider<ZodTypeProvider>();
  const { dashboard } = services;

  app.get(
    '/me/dashboard',
    {
      config: { permission: 'self' },
      schema: {
        tags: ['Onboarding'],
        summary: 'The signed-in person’s home: their open deals and leads, buddy, and for admins seats',
        description:
          'Only the person’s own records, whatever their role lets them see on the Deals and Leads pages. `admin` is present for admins only.',
        response: { 200: dashboardSchema, ...problems('unauthenticated') },
      },
    },
    async (request) => dashboard.forUser(requireAuth(request)),
  );
}
