import { existsSync, readFileSync } from 'node:fs';
import { createServer, type Server } from 'node:http';
import { resolve } from 'node:path';
import type { Duplex } from 'node:stream';
import fastifyStatic from '@fastify/static';
import swagger from '@fastify/swagger';
import swaggerUi from '@fastify/swagger-ui';
import Fastify, {
  type FastifyBaseLogger,
  type FastifyInstance,
  type FastifyServerFactory,
  type FastifyServerOptions,
  LogController,
} from 'fastify';
import { jsonSchemaTransformObject, serializerCompiler, validatorCompiler } from 'fastify-type-provider-zod';
import type { Config, TrustProxy } from './config.js';
import type { AppContext } from './context.js';
import { type Database, migrate, openDatabase } from './db/database.js';
import { type JobWorker, startJobWorker } from './jobs/jobs.js';
import { AppError } from './lib/app-error.js';
import { REDACT_PATHS, serializeRequest } from './lib/log-redaction.js';
import { openApiTransform } from './lib/route-schemas.js';
import { newId } from './lib/secrets.js';
import { type SecurityHeaders, securityHeaders } from './lib/security-headers.js';
import { isoAfterSeconds, nowIso } from './lib/time.js';
import { accountRecoveryRepository } from './modules/account-recovery/account-recovery.repository.js';
import { accountRecoveryRoutes } from './modules/account-recovery/account-recovery.routes.js';
import { auditRoutes } from './modules/audit/audit.routes.js';
import { authRepository } from './modules/auth/auth.repository.js';
import { authRoutes } from './modules/auth/auth.routes.js';
import { billingRoutes } from './modules/billing/billing.routes.js';
import { bulkInvitesRepository } from './modules/bulk-invites/bulk-invites.repository.js';
import { bulkInvitesRoutes } from './modules/bulk-invites/bulk-invites.routes.js';
import { BULK_SEND_JOB } from './modules/bulk-invites/bulk-send.js';
import { challengesRoutes } from './modules/challenges/challenges.routes.js';
import { chatRoutes } from './modules/chat/chat.routes.js';
import { welcomeJob } from './modules/chat/chat.service.js';
import { WELCOME_JOB } from './modules/chat/welcome.js';
import { dashboardRoutes } from './modules/dashboard/dashboard.routes.js';
import { devMailboxRoutes } from './modules/dev-mailbox/dev-mailbox.routes.js';
import { guideRoutes } from './modules/guide/guide.routes.js';
import { healthRoutes } from './modules/health/health.routes.js';
import { invitationsRoutes } from './modules/invitations/invitations.routes.js';
import { peopleRoutes } from './modules/people/people.routes.js';
import { profileRoutes } from './modules/profile/profile.routes.js';
import { ssoAuthRoutes, ssoRoutes } from './modules/sso/sso.routes.js';
import { teamsRoutes } from './modules/teams/teams.routes.js';
import { usersRoutes } from './modules/users/users.routes.js';
import { workRecordsRoutes } from './modules/work-records/work-records.routes.js';
import { type OutboxWorker, startOutboxWorker } from './outbox/outbox.worker.js';
import { createTransport } from './outbox/transport.js';
import { authPlugin } from './plugins/auth.js';
import { clientErrorHandler, errorsPlugin, frameworkErrorHandler, sendProblem } from './plugins/errors.js';
import { buildServices, type RouteOptions } from './services.js';

export type BuildOptions = {
  /** An already-open database (tests share one across restarts); otherwise opened from config. */
  database?: Database;
  /** Where log lines go; defaults to stdout. */
  logStream?: NodeJS.WritableStream;
};

const HOUSEKEEPING_MS = 60 * 60 * 1000;

declare module 'fastify' {
  interface FastifyInstance {
    ctx: AppContext;
    /** Every route as registered (method and URL pattern), for the authorization matrix test. */
    routeList: { method: string; url: string }[];
  }
}

/** The whole server as one Fastify instance: integrations first, then modules. Used by main.ts and tests. */
export async function buildApp(config: Config, options: BuildOptions = {}): Promise<FastifyInstance> {
  const logger: FastifyServerOptions['logger'] = {
    level: config.logLevel,
    redact: { paths: REDACT_PATHS, censor: '[redacted]' },
    serializers: { req: serializeRequest },
    ...(options.logStream ? { stream: options.logStream } : {}),
  };
  // Security headers on every answer, from one set built once (lib/security-headers.ts): written on
  // the raw response before Fastify routes the request, so the router's own refusals, 404s and
  // every route get them alike, and by hand on the answers to requests Node cannot parse.
  const headers = securityHeaders(config);
  let log: FastifyBaseLogger | undefined;
  const onClientError = clientErrorHandler(headers, () => log);
  const app = Fastify({
    logger,
    genReqId: () => newId(),
    logController: new LogController({ requestIdLogLabel: 'requestId' }),
    bodyLimit: 1024 * 1024,
    routerOptions: { ignoreTrailingSlash: true },
    // Off, proxy addresses, or a hop count: request.ip (limits, audit log) is then the forwarded
    // client address; without it X-Forwarded-For is ignored.
    trustProxy: fastifyTrustProxy(config.trustProxy),
    frameworkErrors: frameworkErrorHandler,
    serverFactory: httpServerFactory(headers, onClientError),
    // The factory's servers answer client errors themselves (see httpServerFactory).
    clientErrorHandler: () => {},
    // Fastify's 503 while closing is bare JSON: the onRequest hook below answers problem+json.
    return503OnClosing: false,
  });
  log = app.log;
  app.setValidatorCompiler(validatorCompiler);
  app.setSerializerCompiler(serializerCompiler);

  const ownsDatabase = !options.database;
  const database = options.database ?? openDatabase(config.database);
  await migrate(database);
  let worker: OutboxWorker | null = null;
  const ctx: AppContext = { config, database, log: app.log, outbox: { kick: () => worker?.kick() } };
  app.decorate('ctx', ctx);
  const routeList: { method: string; url: string }[] = [];
  app.decorate('routeList', routeList);
  app.addHook('onRoute', (route) => {
    for (const method of [route.method].flat()) {
      if (method !== 'HEAD') routeList.push({ method, url: route.url });
    }
  });

  let closing = false;
  app.addHook('preClose', (done) => {
    closing = true;
    done();
  });
  app.addHook('onRequest', async (request, reply) => {
    reply.header('x-request-id', request.id);
    if (closing) {
      reply.header('connection', 'close');
      throw new AppError('service_unavailable', {
        detail: 'The server is restarting. Try again in a moment.',
        headers: { 'retry-after': '1' },
      });
    }
  });

  await app.register(errorsPlugin);
  await app.register(swagger, {
    openapi: {
      openapi: '3.1.0',
      info: {
        title: 'SalesOS Workspace API',
        version: '1.0.0',
        description:
          'Invite, manage and onboard the people of a workspace. Errors are RFC 9457 problem+json with a stable `code`. Unsafe methods made with the session cookie must send `x-csrf-token` equal to the `salesos_csrf` cookie.',
      },
      components: {
        securitySchemes: { session: { type: 'apiKey', in: 'cookie', name: 'salesos_session' } },
      },
    },
    // The zod transform, plus the request bodies of uploads (see route-schemas.ts).
    transform: openApiTransform,
    transformObject: jsonSchemaTransformObject,
  });
  await app.register(swaggerUi, { routePrefix: '/api/docs' });
  await app.register(authPlugin, { ctx });

  // Every service once, for every route plugin (services.ts).
  const services = buildServices(ctx);
  const routes: RouteOptions = { ctx, services };
  await app.register(healthRoutes, routes);
  app.get('/api/openapi.json', { schema: { hide: true } }, async () => app.swagger());
  await app.register(
    async (api) => {
      await api.register(authRoutes, routes);
      await api.register(accountRecoveryRoutes, routes);
      await api.register(usersRoutes, routes);
      await api.register(teamsRoutes, routes);
      await api.register(billingRoutes, routes);
      await api.register(invitationsRoutes, routes);
      await api.register(bulkInvitesRoutes, routes);
      await api.register(devMailboxRoutes, routes);
      await api.register(workRecordsRoutes, routes);
      await api.register(dashboardRoutes, routes);
      await api.register(challengesRoutes, routes);
      await api.register(profileRoutes, routes);
      await api.register(auditRoutes, routes);
      await api.register(ssoRoutes, routes);
      await api.register(chatRoutes, routes);
      await api.register(guideRoutes, routes);
      await api.register(peopleRoutes, routes);
    },
    { prefix: '/api/v1' },
  );
  // Browser navigations to and from the identity provider: outside /api/v1, answered with pages.
  await app.register(ssoAuthRoutes, routes);

  registerWebApp(app, config);

  let housekeeping: NodeJS.Timeout | undefined;
  let jobWorker: JobWorker | null = null;
  app.addHook('onReady', async () => {
    if (config.outbox.enabled) worker = startOutboxWorker(ctx, createTransport(ctx));
    if (config.jobs.enabled) {
      jobWorker = startJobWorker(ctx, {
        [WELCOME_JOB]: welcomeJob(ctx),
        [BULK_SEND_JOB]: services.bulkInvites.sendJob,
      });
    }
    if (!config.smtpUrl) {
      app.log.info({ mailbox: `${config.publicUrl}/dev/mailbox` }, 'No SMTP_URL: emails are kept in the dev mailbox');
    }
    housekeeping = setInterval(() => {
      const now = nowIso();
      Promise.all([
        authRepository.deleteExpiredSessions(database.db, now, isoAfterSeconds(-config.sessionIdleTimeoutSeconds)),
        authRepository.deleteStaleRateLimits(database.db, now),
        bulkInvitesRepository.deleteStaleDrafts(database.db, isoAfterSeconds(-86400)),
        accountRecoveryRepository.deleteExpiredTokens(database.db, isoAfterSeconds(-86400)),
      ]).catch((err: unknown) => app.log.warn({ err }, 'housekeeping failed'));
    }, HOUSEKEEPING_MS);
    housekeeping.unref();
  });
  app.addHook('onClose', async () => {
    clearInterval(housekeeping);
    await services.sso.close();
    await worker?.stop();
    await jobWorker?.stop();
    if (ownsDatabase) await database.close();
  });
  return app;
}

/**
 * Fastify 5.12 no longer honours a hop count (it trusts nothing, silently: every client behind the
 * proxy would share the proxy's address, and its limits). TRUST_PROXY=n keeps its documented
 * meaning, Express's: the n addresses nearest the server are proxies. Only safe when the server
 * cannot be reached but through them; proxy addresses are the safer setting.
 */
function fastifyTrustProxy(trustProxy: TrustProxy): false | string[] | ((address: string, hop: number) => boolean) {
  if (typeof trustProxy !== 'number') return trustProxy;
  const hops = trustProxy;
  return (_address, hop) => hop < hops;
}

/**
 * Fastify's own http server (its lib/server.js), plus the security headers on the raw response of
 * every request and our answer to requests Node cannot parse. Every server it makes (Fastify makes
 * one per address of a host name) gets both; Fastify would give its clientError handler to the
 * first only.
 */
function httpServerFactory(
  headers: SecurityHeaders,
  onClientError: (error: NodeJS.ErrnoException, socket: Duplex) => void,
): FastifyServerFactory<Server> {
  return (handler, options) => {
    const server = createServer((request, response) => {
      for (const name in headers) response.setHeader(name, headers[name] as string);
      handler(request, response);
    });
    server.on('clientError', onClientError);
    const number = (value: unknown) => (typeof value === 'number' ? value : undefined);
    server.keepAliveTimeout = number(options.keepAliveTimeout) ?? server.keepAliveTimeout;
    server.requestTimeout = number(options.requestTimeout) ?? server.requestTimeout;
    server.setTimeout(number(options.connectionTimeout) ?? 0);
    const perSocket = number(options.maxRequestsPerSocket);
    if (perSocket) server.maxRequestsPerSocket = perSocket;
    return server;
  };
}

/** Serves the built web app; any other GET that is not an API path gets index.html (client routing). */
function registerWebApp(app: FastifyInstance, config: Config) {
  const root = config.webRoot ? resolve(config.webRoot) : null;
  const indexPath = root ? resolve(root, 'index.html') : null;
  const hasWeb = indexPath !== null && existsSync(indexPath);
  if (hasWeb && root) {
    app.register(fastifyStatic, { root, wildcard: false, index: false, maxAge: '1h' });
  }
  const indexHtml = hasWeb && indexPath ? readFileSync(indexPath, 'utf8') : null;
  app.setNotFoundHandler((request, reply) => {
    const path = request.url.split('?')[0] ?? '';
    const isApi = path.startsWith('/api/') || path === '/api';
    if (indexHtml && request.method === 'GET' && !isApi) {
      return reply
        .header('cache-control', 'no-store')
        .header('referrer-policy', 'no-referrer')
        .type('text/html; charset=utf-8')
        .send(indexHtml);
    }
    return sendProblem(reply, new AppError('not_found', { detail: `No route for ${request.method} ${path}` }));
  });
}
