import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { ROLES, USER_STATUSES } from '../../../shared/roles.js';
import type { AppContext } from '../../context.js';
import { personName } from '../../lib/fields.js';
import { idParams, noContent, problems } from '../../lib/route-schemas.js';
import { requireAuth } from '../../plugins/auth.js';
import { limitSchema, listOf, userSchema } from './users.schemas.js';
import { createUsersService } from './users.service.js';

const statusList = z
  .union([z.enum(USER_STATUSES), z.array(z.enum(USER_STATUSES))])
  .transform((v) => (Array.isArray(v) ? v : [v]));

const listQuery = z.object({
  status: statusList.optional(),
  role: z.enum(ROLES).optional(),
  teamId: z.string().max(100).optional(),
  q: z.string().max(200).optional(),
  sort: z.enum(['name', 'email', 'invitedAt']).default('name'),
  order: z.enum(['asc', 'desc']).default('asc'),
  limit: limitSchema,
  cursor: z.string().max(1000).optional(),
});

const summarySchema = z.object({
  counts: z.object({
    pending: z.number().int(),
    expired: z.number().int(),
    active: z.number().int(),
    deactivated: z.number().int(),
    revoked: z.number().int(),
  }),
  seats: z.object({
    limit: z.number().int().nullable(),
    used: z.number().int(),
    active: z.number().int(),
    pending: z.number().int(),
  }),
});

const editBody = z
  .object({
    role: z.enum(ROLES).optional(),
    teamId: z.string().min(1).max(100).nullable().optional(),
    name: personName.optional(),
    buddyId: z.string().min(1).max(100).nullable().optional(),
  })
  .refine((b) => Object.values(b).some((v) => v !== undefined), 'Send at least one of role, teamId, name, buddyId.');

const ownedSchema = z.object({ deals: z.number().int(), leads: z.number().int() });

const deleteBody = z
  .object({ reassignTo: z.string().min(1).max(100).nullable().optional() })
  // A DELETE without a body arrives as null: the same as sending no choice.
  .nullish()
  .describe('`reassignTo`: the active user who receives the deals and leads, or null to leave them unassigned.');

export async function usersRoutes(fastify: FastifyInstance, { ctx }: { ctx: AppContext }) {
  const app = fastify.withTypeProvider<ZodTypeProvider>();
  const users = createUsersService(ctx);
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
        querystring: listQuery,
        response: { 200: listOf(userSchema), ...denied },
      },
    },
    async (request) => users.list(requireAuth(request).workspace.id, request.query),
  );

  app.get(
    '/users/summary',
    {
      config: { permission: 'users:read' },
      schema: { tags, summary: 'Counts by status and seats', response: { 200: summarySchema, ...denied } },
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
        body: editBody,
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
        response: { 200: ownedSchema, ...denied, ...problems('not_found') },
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
        body: deleteBody,
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
