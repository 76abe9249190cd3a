import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { peopleList, peopleQuery, personSchema } from '../../../shared/api/people.js';
import { idParams, problems } from '../../lib/route-schemas.js';
import { requireAuth } from '../../plugins/auth.js';
import type { RouteOptions } from '../../services.js';

/** The member directory: who is in the workspace, for mentions and a person's page. */
export async function peopleRoutes(fastify: FastifyInstance, { services }: RouteOptions) {
  const app = fastify.withTypeProvider<ZodTypeProvider>();
  const { people } = services;
  const config = { permission: 'people:read' } as const;
  const tags = ['People'];
  const denied = problems('unauthenticated', 'forbidden', 'validation_failed');

  app.get(
    '/people',
    {
      config,
      schema: {
        tags,
        summary: 'The active members of the workspace, by name',
        description:
          'Every member may read it. Pending invitations, deactivated and revoked people are left out. `q` narrows the list to a name prefix (mention autocomplete).',
        querystring: peopleQuery,
        response: { 200: peopleList, ...denied },
      },
    },
    async (request) => people.list(requireAuth(request), request.query),
  );

  app.get(
    '/people/:id',
    {
      config,
      schema: {
        tags,
        summary: 'One active member',
        description: 'Not found for another workspace’s id and for anyone who is not an active member.',
        params: idParams,
        response: { 200: personSchema, ...denied, ...problems('not_found') },
      },
    },
    async (request) => people.get(requireAuth(request), request.params.id),
  );
}
