import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { teamBody, teamList, teamListQuery, teamSchema } from '../../../shared/api/teams.js';
import { idParams, noContent, problems } from '../../lib/route-schemas.js';
import { requireAuth } from '../../plugins/auth.js';
import type { RouteOptions } from '../../services.js';

export async function teamsRoutes(fastify: FastifyInstance, { services }: RouteOptions) {
  const app = fastify.withTypeProvider<ZodTypeProvider>();
  const { teams } = services;
  const tags = ['Teams'];
  const denied = problems('unauthenticated', 'forbidden', 'validation_failed');

  app.get(
    '/teams',
    {
      config: { permission: 'teams:read' },
      schema: { tags, summary: 'List teams', querystring: teamListQuery, response: { 200: teamList, ...denied } },
    },
    async (request) => teams.list(requireAuth(request).workspace.id, request.query),
  );

  app.post(
    '/teams',
    {
      config: { permission: 'teams:manage' },
      schema: {
        tags,
        summary: 'Create a team',
        body: teamBody,
        response: { 201: teamSchema, ...denied, ...problems('team_exists') },
      },
    },
    async (request, reply) => reply.code(201).send(await teams.create(requireAuth(request), request.body.name)),
  );

  app.get(
    '/teams/:id',
    {
      config: { permission: 'teams:read' },
      schema: {
        tags,
        summary: 'One team',
        params: idParams,
        response: { 200: teamSchema, ...denied, ...problems('not_found') },
      },
    },
    async (request) => teams.get(requireAuth(request).workspace.id, request.params.id),
  );

  app.patch(
    '/teams/:id',
    {
      config: { permission: 'teams:manage' },
      schema: {
        tags,
        summary: 'Rename a team',
        params: idParams,
        body: teamBody,
        response: { 200: teamSchema, ...denied, ...problems('not_found', 'team_exists') },
      },
    },
    async (request) => teams.rename(requireAuth(request), request.params.id, request.body.name),
  );

  app.delete(
    '/teams/:id',
    {
      config: { permission: 'teams:manage' },
      schema: {
        tags,
        summary: 'Delete a team (its people keep working, with no team)',
        params: idParams,
        response: { 204: noContent, ...denied, ...problems('not_found') },
      },
    },
    async (request, reply) => {
      await teams.remove(requireAuth(request), request.params.id);
      return reply.code(204).send(null);
    },
  );
}
