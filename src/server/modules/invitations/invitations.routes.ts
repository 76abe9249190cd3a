import type { FastifyInstance, FastifyReply } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { sessionAnswer } from '../../../shared/api/auth.js';
import {
  acceptBody,
  INVITATION_TOKEN_PROBLEMS,
  invitationSummary,
  inviteBody,
  lookupBody,
} from '../../../shared/api/invitations.js';
import { userSchema } from '../../../shared/api/users.js';
import { idParams, problems } from '../../lib/route-schemas.js';
import { clientMeta, requireAuth, setSessionCookies } from '../../plugins/auth.js';
import type { RouteOptions } from '../../services.js';

/** Answers that carry or follow from a token are never cached and never leak a referrer. */
function noStore(reply: FastifyReply) {
  reply.header('cache-control', 'no-store').header('referrer-policy', 'no-referrer');
}

export async function invitationsRoutes(fastify: FastifyInstance, { ctx, services }: RouteOptions) {
  const app = fastify.withTypeProvider<ZodTypeProvider>();
  const { invitations } = services;
  const tags = ['Invitations'];
  const denied = problems('unauthenticated', 'forbidden', 'validation_failed');

  app.post(
    '/invitations',
    {
      config: { permission: 'invitations:manage' },
      schema: {
        tags,
        summary: 'Invite one person',
        body: inviteBody,
        response: {
          201: userSchema,
          ...denied,
          ...problems(
            'already_member',
            'already_invited',
            'seat_limit_reached',
            'team_not_found',
            'email_not_verified',
            'rate_limited',
          ),
        },
      },
    },
    async (request, reply) => reply.code(201).send(await invitations.invite(requireAuth(request), request.body)),
  );

  app.post(
    '/users/:id/resend',
    {
      config: { permission: 'invitations:manage' },
      schema: {
        tags,
        summary: 'Send a pending or expired invitation again (new link, timer reset)',
        params: idParams,
        response: {
          200: userSchema,
          ...denied,
          ...problems('not_found', 'not_pending', 'seat_limit_reached', 'rate_limited', 'email_not_verified'),
        },
      },
    },
    async (request) => invitations.resend(requireAuth(request), request.params.id),
  );

  app.post(
    '/users/:id/revoke',
    {
      config: { permission: 'invitations:manage' },
      schema: {
        tags,
        summary: 'Revoke a pending or expired invitation (the link dies, the seat is freed)',
        params: idParams,
        response: { 200: userSchema, ...denied, ...problems('not_found', 'not_pending') },
      },
    },
    async (request) => invitations.revoke(requireAuth(request), request.params.id),
  );

  app.post(
    '/invitations/lookup',
    {
      config: { public: true },
      schema: {
        tags: ['Invitation acceptance'],
        summary: 'What an invitation link is for',
        body: lookupBody,
        response: { 200: invitationSummary, ...problems('validation_failed', ...INVITATION_TOKEN_PROBLEMS) },
      },
    },
    async (request, reply) => {
      noStore(reply);
      return invitations.lookup(request.body.token);
    },
  );

  app.post(
    '/invitations/accept',
    {
      config: { public: true },
      schema: {
        tags: ['Invitation acceptance'],
        summary: 'Accept an invitation: set a password, or sign in with an existing account',
        body: acceptBody,
        response: {
          201: sessionAnswer,
          ...problems(
            'validation_failed',
            'weak_password',
            'invalid_credentials',
            'rate_limited',
            'sso_required',
            ...INVITATION_TOKEN_PROBLEMS,
          ),
        },
      },
    },
    async (request, reply) => {
      noStore(reply);
      const { session, ...answer } = await invitations.accept(request.body, clientMeta(request));
      setSessionCookies(reply, ctx, session);
      return reply.code(201).send(answer);
    },
  );
}
