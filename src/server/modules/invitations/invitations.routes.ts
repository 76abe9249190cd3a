import type { FastifyInstance, FastifyReply } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import type { AppContext } from '../../context.js';
import { idParams, problems } from '../../lib/route-schemas.js';
import { requireAuth, setSessionCookies } from '../../plugins/auth.js';
import { clientMeta } from '../auth/auth.routes.js';
import { sessionAnswer } from '../auth/auth.schemas.js';
import { userSchema } from '../users/users.schemas.js';
import { acceptBody, invitationSummary, inviteBody, lookupBody } from './invitations.schemas.js';
import { createInvitationsService } from './invitations.service.js';

const TOKEN_ERRORS = [
  'invitation_not_found',
  'invitation_expired',
  'invitation_revoked',
  'invitation_superseded',
  'invitation_already_accepted',
] as const;

/** Answers that carry or follow from a token are never cached and never leak a referrer. */
function noStore(reply: FastifyReply) {
  reply.header('cache-control', 'no-store').header('referrer-policy', 'no-referrer');
}

export async function invitationsRoutes(fastify: FastifyInstance, { ctx }: { ctx: AppContext }) {
  const app = fastify.withTypeProvider<ZodTypeProvider>();
  const invitations = createInvitationsService(ctx);
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
          ...problems('already_member', 'already_invited', 'seat_limit_reached', 'team_not_found'),
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
          ...problems('not_found', 'not_pending', 'seat_limit_reached', 'rate_limited'),
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
        response: { 200: invitationSummary, ...problems('validation_failed', ...TOKEN_ERRORS) },
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
            ...TOKEN_ERRORS,
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
