import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { loginAnswer, loginBody, meAnswer, sessionAnswer, signupBody, switchBody } from '../../../shared/api/auth.js';
import { noContent, problems } from '../../lib/route-schemas.js';
import { clearSessionCookies, clientMeta, requireAuth, setSessionCookies } from '../../plugins/auth.js';
import type { RouteOptions } from '../../services.js';

export async function authRoutes(fastify: FastifyInstance, { ctx, services }: RouteOptions) {
  const app = fastify.withTypeProvider<ZodTypeProvider>();
  const { auth } = services;
  const tags = ['Accounts and sessions'];

  app.post(
    '/auth/signup',
    {
      config: { public: true },
      schema: {
        tags,
        summary: 'Create a workspace and its first admin',
        body: signupBody,
        response: {
          201: sessionAnswer,
          ...problems('validation_failed', 'weak_password', 'email_taken', 'signup_disabled', 'rate_limited'),
        },
      },
    },
    async (request, reply) => {
      const { session, ...answer } = await auth.signup(request.body, clientMeta(request));
      setSessionCookies(reply, ctx, session);
      return reply.code(201).send(answer);
    },
  );

  app.post(
    '/auth/login',
    {
      config: { public: true },
      schema: {
        tags,
        summary: 'Sign in',
        body: loginBody,
        response: {
          200: loginAnswer,
          ...problems('validation_failed', 'invalid_credentials', 'user_deactivated', 'sso_required', 'rate_limited'),
        },
      },
    },
    async (request, reply) => {
      const { session, ...answer } = await auth.login(request.body, clientMeta(request));
      setSessionCookies(reply, ctx, session);
      return answer;
    },
  );

  app.post(
    '/auth/logout',
    { config: { public: true }, schema: { tags, summary: 'Sign out', response: { 204: noContent } } },
    async (request, reply) => {
      await auth.logout(request.sessionIdHash);
      clearSessionCookies(reply, ctx);
      return reply.code(204).send(null);
    },
  );

  app.post(
    '/auth/switch',
    {
      config: { permission: 'self' },
      schema: {
        tags,
        summary: 'Change the current workspace of this session',
        body: switchBody,
        response: {
          200: sessionAnswer,
          ...problems('unauthenticated', 'not_found', 'validation_failed', 'forbidden', 'sso_required'),
        },
      },
    },
    async (request) => auth.switchWorkspace(requireAuth(request), request.body.workspaceId),
  );

  app.get(
    '/me',
    {
      config: { permission: 'self' },
      schema: { tags, summary: 'The signed-in person', response: { 200: meAnswer, ...problems('unauthenticated') } },
    },
    async (request) => auth.me(requireAuth(request)),
  );
}
