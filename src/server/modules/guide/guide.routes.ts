import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { guideBody, guideSchema } from '../../../shared/api/guide.js';
import { problems } from '../../lib/route-schemas.js';
import { requireAuth } from '../../plugins/auth.js';
import type { RouteOptions } from '../../services.js';

/** GET (every member) and PUT (admins) /api/v1/onboarding/guide: the Getting Started guide. */
export async function guideRoutes(fastify: FastifyInstance, { services }: RouteOptions) {
  const app = fastify.withTypeProvider<ZodTypeProvider>();
  const { guide } = services;
  const tags = ['Onboarding'];

  app.get(
    '/onboarding/guide',
    {
      config: { permission: 'self' },
      schema: {
        tags,
        summary: 'The Getting Started guide: its Markdown and sanitised HTML (empty while none is written)',
        response: { 200: guideSchema, ...problems('unauthenticated') },
      },
    },
    async (request) => guide.get(requireAuth(request)),
  );

  app.put(
    '/onboarding/guide',
    {
      config: { permission: 'settings:manage' },
      schema: {
        tags,
        summary: 'Save the Getting Started guide (Markdown, at most 50,000 characters); answers the sanitised HTML',
        description:
          'Rendered on the server and sanitised: scripts, event handlers, styles, images, frames and links other than http, https and mailto are removed; links open in a new tab with rel="noopener noreferrer".',
        body: guideBody,
        response: { 200: guideSchema, ...problems('unauthenticated', 'forbidden', 'validation_failed') },
      },
    },
    async (request) => guide.save(requireAuth(request), request.body),
  );
}
