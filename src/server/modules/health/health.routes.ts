import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { AppError } from '../../lib/app-error.js';
import { problems } from '../../lib/route-schemas.js';
import type { RouteOptions } from '../../services.js';

const status = z.object({ status: z.literal('ok') });

export async function healthRoutes(fastify: FastifyInstance, { ctx }: RouteOptions) {
  const app = fastify.withTypeProvider<ZodTypeProvider>();
  const tags = ['Health'];
  app.get('/healthz', { schema: { tags, summary: 'The process is up', response: { 200: status } } }, async () => ({
    status: 'ok' as const,
  }));
  app.get(
    '/readyz',
    {
      schema: { tags, summary: 'The database answers', response: { 200: status, ...problems('service_unavailable') } },
    },
    async () => {
      if (!(await ctx.database.ping()))
        throw new AppError('service_unavailable', { detail: 'The database does not answer.' });
      return { status: 'ok' as const };
    },
  );
}
