import type { FastifyError, FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { ssoSettingsAnswer, ssoSettingsBody, ssoStartQuery } from '../../../shared/api/sso.js';
import { AppError } from '../../lib/app-error.js';
import { htmlPage, problems, redirect } from '../../lib/route-schemas.js';
import { clientMeta, requireAuth, setSessionCookies } from '../../plugins/auth.js';
import type { RouteOptions } from '../../services.js';
import { ssoCallbackQuery } from './sso.schemas.js';
import { SSO_ATTEMPT_TTL_SECONDS, ssoCookieName } from './sso.service.js';
import { sendSsoErrorPage } from './sso-error-page.js';

/** GET and PUT /api/v1/sso: the workspace's OpenID Connect provider (admins). */
export async function ssoRoutes(fastify: FastifyInstance, { services }: RouteOptions) {
  const app = fastify.withTypeProvider<ZodTypeProvider>();
  const { sso } = services;
  const tags = ['SSO'];
  const denied = problems('unauthenticated', 'forbidden');

  app.get(
    '/sso',
    {
      config: { permission: 'settings:manage' },
      schema: {
        tags,
        summary: 'Single sign-on settings (the client secret is never returned)',
        response: { 200: ssoSettingsAnswer, ...denied },
      },
    },
    async (request) => sso.getSettings(requireAuth(request)),
  );

  app.put(
    '/sso',
    {
      config: { permission: 'settings:manage' },
      schema: {
        tags,
        summary: 'Save single sign-on settings; the issuer is checked by OpenID Connect discovery when enabled',
        body: ssoSettingsBody,
        response: {
          200: ssoSettingsAnswer,
          ...denied,
          ...problems('validation_failed', 'sso_discovery_failed', 'secrets_key_missing'),
        },
      },
    },
    async (request) => sso.saveSettings(requireAuth(request), request.body),
  );
}

/** No caching and no referrer for anything that carries a state, a code or an invitation. */
function noStore(reply: FastifyReply): FastifyReply {
  return reply.header('cache-control', 'no-store').header('referrer-policy', 'no-referrer');
}

/**
 * GET /auth/sso/start and /auth/sso/callback: browser navigations, outside /api/v1. They answer
 * with redirects, or with an HTML page that says what went wrong (never problem+json).
 */
export async function ssoAuthRoutes(fastify: FastifyInstance, { ctx, services }: RouteOptions) {
  const app = fastify.withTypeProvider<ZodTypeProvider>();
  const { sso } = services;
  const cookieName = ssoCookieName(ctx.config.secureCookies);
  const cookieOptions = { path: '/', sameSite: 'lax' as const, secure: ctx.config.secureCookies, httpOnly: true };
  const tags = ['Accounts and sessions'];
  const page = htmlPage('An HTML page saying why single sign-on did not work');
  // A malformed link is a page too, not a JSON problem.
  const errorHandler = (_error: FastifyError, _request: FastifyRequest, reply: FastifyReply) =>
    sendSsoErrorPage(
      reply,
      new AppError('sso_failed', {
        detail: 'This sign-in link is not valid. Start again from the sign-in page.',
        reason: 'malformed_link',
      }),
    );

  app.get(
    '/auth/sso/start',
    {
      config: { public: true },
      errorHandler,
      schema: {
        tags,
        summary: 'Start an SSO sign-in to a workspace, or the acceptance of an invitation through SSO',
        querystring: ssoStartQuery,
        response: { 302: redirect, 400: page, 403: page, 429: page, 500: page },
      },
    },
    async (request, reply) => {
      noStore(reply);
      try {
        const { location, browserValue } = await sso.start(
          { workspaceId: request.query.workspace, invitationToken: request.query.invitation },
          clientMeta(request),
        );
        reply.setCookie(cookieName, browserValue, { ...cookieOptions, maxAge: SSO_ATTEMPT_TTL_SECONDS });
        return reply.redirect(location, 302);
      } catch (error) {
        return sendSsoErrorPage(reply, sso.startFailure(error));
      }
    },
  );

  app.get(
    '/auth/sso/callback',
    {
      config: { public: true },
      errorHandler,
      schema: {
        tags,
        summary: 'Where the identity provider sends the browser back; signs in and redirects into the app',
        querystring: ssoCallbackQuery,
        response: { 302: redirect, 400: page, 403: page, 500: page },
      },
    },
    async (request, reply) => {
      noStore(reply);
      const browserValue = request.cookies[cookieName];
      // The binding cookie has done its work, whatever happens next.
      reply.clearCookie(cookieName, cookieOptions);
      try {
        const { session, next } = await sso.callback(
          { query: request.query as Record<string, unknown>, browserValue, sessionIdHash: request.sessionIdHash },
          clientMeta(request),
        );
        setSessionCookies(reply, ctx, session);
        return reply.redirect(next, 302);
      } catch (error) {
        // The service has already logged and audited it.
        return sendSsoErrorPage(reply, error instanceof AppError ? error : sso.startFailure(error));
      }
    },
  );
}
