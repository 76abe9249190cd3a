import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import type { AppContext } from '../../context.js';
import { problems } from '../../lib/route-schemas.js';
import { requireAuth } from '../../plugins/auth.js';
import { dashboardSchema } from './dashboard.schemas.js';
import { createDashboardService } from './dashboard.service.js';

export async function dashboardRoutes(fastify: FastifyInstance, { ctx }: { ctx: AppContext }) {
  const app = fastify.withTypeProvider<ZodTypeProvider>();
  const dashboard = createDashboardService(ctx);

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
