import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import {
  type ChallengeBody,
  type ChallengePatch,
  challengeBody,
  challengePatch,
  challengeSchema,
  progressSchema,
} from '../../../shared/api/challenges.js';
import { listOf } from '../../../shared/api/pagination.js';
import { idParams, problems } from '../../lib/route-schemas.js';
import { requireAuth } from '../../plugins/auth.js';
import type { RouteOptions } from '../../services.js';

export async function challengesRoutes(fastify: FastifyInstance, { services }: RouteOptions) {
  const app = fastify.withTypeProvider<ZodTypeProvider>();
  const { challenges } = services;
  const tags = ['Onboarding'];
  const read = { permission: 'challenges:read' } as const;
  const manage = { permission: 'settings:manage' } as const;
  const denied = problems('unauthenticated', 'forbidden', 'validation_failed');

  app.get(
    '/challenges',
    {
      config: read,
      schema: {
        tags,
        summary: 'The workspace’s Getting Started challenges, newest first',
        response: { 200: listOf(challengeSchema), ...denied },
      },
    },
    async (request) => challenges.list(requireAuth(request)),
  );

  app.post(
    '/challenges',
    {
      config: manage,
      schema: {
        tags,
        summary: 'Create a Getting Started challenge',
        description: 'Creating it active makes the workspace’s other challenge inactive: one is active at a time.',
        body: challengeBody,
        response: { 201: challengeSchema, ...denied },
      },
    },
    async (request, reply) =>
      reply.code(201).send(await challenges.create(requireAuth(request), request.body as ChallengeBody)),
  );

  app.patch(
    '/challenges/:id',
    {
      config: manage,
      schema: {
        tags,
        summary: 'Edit a Getting Started challenge',
        description: 'Activating it makes the workspace’s other challenge inactive.',
        params: idParams,
        body: challengePatch,
        response: { 200: challengeSchema, ...denied, ...problems('not_found') },
      },
    },
    async (request) => challenges.update(requireAuth(request), request.params.id, request.body as ChallengePatch),
  );

  app.get(
    '/challenges/:id/progress',
    {
      config: read,
      schema: {
        tags,
        summary: 'Progress in a challenge: the leaderboard for admins, one’s own for everyone else',
        description:
          'Derived from what people did, never reported by the client. Admins get every active member: finished first (earliest first), then by steps done.',
        params: idParams,
        response: { 200: progressSchema, ...denied, ...problems('not_found') },
      },
    },
    async (request) => challenges.progress(requireAuth(request), request.params.id),
  );
}
