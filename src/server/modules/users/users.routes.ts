import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { listOf } from '../../../shared/api/pagination.js';
import {
  deleteUserBody,
  editUserBody,
  userRecordsSchema,
  userSchema,
  usersListQuery,
  usersSummarySchema,
} from '../../../shared/api/users.js';
import { idParams, noContent, problems } from '../../lib/route-schemas.js';
import { requireAuth } from '../../plugins/auth.js';
import type { RouteOptions } from '../../services.js';

export async function usersRoutes(fastify: FastifyInstance, { services }: RouteOptions) {
  const app = fastify.withTypeProvider<ZodTypeProvider>();
  const { users } = services;
  const tags = ['Users'];
  const denied = problems('unauthenticated', 'forbidden', 'validation_failed');

  app.get(
    '/users',
    {
      config: { permission: 'users:read' },
      schema: {
        tags,
        summary: 'List the people of the workspace',
        description: '`status` may repeat; revoked invitations only when asked for; `q` matches name or email.',
        querystring: usersListQuery,
        response: { 200: listOf(userSchema), ...denied },
      },
    },
    async (request) => users.list(requireAuth(request).workspace.id, request.query),
  );

  app.get(
    '/users/summary',
    {
      config: { permission: 'users:read' },
      schema: { tags, summary: 'Counts by status and seats', response: { 200: usersSummarySchema, ...denied } },
    },
    async (request) => {
      const { workspace } = requireAuth(request);
      return users.summary(workspace.id, workspace.plan_id);
    },
  );

  app.get(
    '/users/:id',
    {
      config: { permission: 'users:read' },
      schema: {
        tags,
        summary: 'One user',
        params: idParams,
        response: { 200: userSchema, ...denied, ...problems('not_found') },
      },
    },
    async (request) => users.get(requireAuth(request).workspace.id, request.params.id),
  );

  app.patch(
    '/users/:id',
    {
      config: { permission: 'users:manage' },
      schema: {
        tags,
        summary: 'Edit a user: role, team and buddy; the name too while the invitation is pending or expired',
        params: idParams,
        body: editUserBody,
        response: {
          200: userSchema,
          ...denied,
          ...problems('not_found', 'last_admin', 'not_pending', 'team_not_found'),
        },
      },
    },
    async (request) => users.edit(requireAuth(request), request.params.id, request.body),
  );

  app.post(
    '/users/:id/deactivate',
    {
      config: { permission: 'users:manage' },
      schema: {
        tags,
        summary: 'Deactivate: sign-in refused, sessions end, data kept, seat freed',
        params: idParams,
        response: {
          200: userSchema,
          ...denied,
          ...problems('not_found', 'not_active', 'last_admin', 'cannot_modify_self'),
        },
      },
    },
    async (request) => users.deactivate(requireAuth(request), request.params.id),
  );

  app.post(
    '/users/:id/reactivate',
    {
      config: { permission: 'users:manage' },
      schema: {
        tags,
        summary: 'Reactivate a deactivated user (needs a free seat)',
        params: idParams,
        response: { 200: userSchema, ...denied, ...problems('not_found', 'not_deactivated', 'seat_limit_reached') },
      },
    },
    async (request) => users.reactivate(requireAuth(request), request.params.id),
  );

  app.get(
    '/users/:id/records',
    {
      config: { permission: 'users:manage' },
      schema: {
        tags,
        summary: 'How many deals and leads the user owns (what a delete hands on)',
        params: idParams,
        response: { 200: userRecordsSchema, ...denied, ...problems('not_found') },
      },
    },
    async (request) => users.records(requireAuth(request), request.params.id),
  );

  app.delete(
    '/users/:id',
    {
      config: { permission: 'users:manage' },
      schema: {
        tags,
        summary: 'Delete a member: their deals and leads go to `reassignTo`, or to nobody when it is null',
        description:
          'Without `reassignTo`, a user who owns deals or leads is not deleted: 409 `reassignment_required` with the counts. Pending invitations are revoked, not deleted.',
        params: idParams,
        body: deleteUserBody,
        response: {
          204: noContent,
          ...denied,
          ...problems(
            'not_found',
            'invalid_reassignee',
            'reassignment_required',
            'last_admin',
            'cannot_modify_self',
            'not_a_member',
          ),
        },
      },
    },
    async (request, reply) => {
      await users.remove(requireAuth(request), request.params.id, request.body?.reassignTo);
      return reply.code(204).send(null);
    },
  );
}
