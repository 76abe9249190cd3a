import { existsSync, readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import fastifyStatic from '@fastify/static';
import swagger from '@fastify/swagger';
import swaggerUi from '@fastify/swagger-ui';
import Fastify, { type FastifyInstance, type FastifyServerOptions, LogController } from 'fastify';
import {
  jsonSchemaTransform,
  jsonSchemaTransformObject,
  serializerCompiler,
  validatorCompiler,
} from 'fastify-type-provider-zod';
import helmet from 'helmet';
import type { Config } from './config.js';
import type { AppContext } from './context.js';
import { type Database, migrate, openDatabase } from './db/database.js';
import { type JobWorker, startJobWorker } from './jobs/jobs.js';
import { AppError } from './lib/app-error.js';
import { REDACT_PATHS, serializeRequest } from './lib/log-redaction.js';
import { newId } from './lib/secrets.js';
import { isoAfterSeconds, nowIso } from './lib/time.js';
import { accountRecoveryRepository } from './modules/account-recovery/account-recovery.repository.js';
import { accountRecoveryRoutes } from './modules/account-recovery/account-recovery.routes.js';
import { auditRoutes } from './modules/audit/audit.routes.js';
import { authRepository } from './modules/auth/auth.repository.js';
import { authRoutes } from './modules/auth/auth.routes.js';
import { billingRoutes } from './modules/billing/billing.routes.js';
import { bulkInvitesRepository } from './modules/bulk-invites/bulk-invites.repository.js';
import { bulkInvitesRoutes } from './modules/bulk-invites/bulk-invites.routes.js';
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
import { errorsPlugin, sendProblem } from './plugins/errors.js';

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
  const app = Fastify({
    logger,
    genReqId: () => newId(),
    logController: new LogController({ requestIdLogLabel: 'requestId' }),
    bodyLimit: 1024 * 1024,
    routerOptions: { ignoreTrailingSlash: true },
  });
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

  app.addHook('onRequest', async (request, reply) => {
    reply.header('x-request-id', request.id);
  });

  await app.register(errorsPlugin);
  // Security headers on every response, helmet's middleware built once: @fastify/helmet rebuilt it
  // (parsing the whole policy) on every request.
  const securityHeaders = helmet({
    contentSecurityPolicy: {
      directives: {
        defaultSrc: ["'self'"],
        scriptSrc: ["'self'"],
        styleSrc: ["'self'", "'unsafe-inline'"],
        imgSrc: ["'self'", 'data:', 'blob:'],
        connectSrc: ["'self'"],
        fontSrc: ["'self'", 'data:'],
        objectSrc: ["'none'"],
        baseUri: ["'none'"],
        formAction: ["'self'"],
        frameAncestors: ["'none'"],
        upgradeInsecureRequests: config.secureCookies ? [] : null,
      },
    },
    hsts: config.secureCookies ? { maxAge: 31536000, includeSubDomains: true } : false,
    referrerPolicy: { policy: 'no-referrer' },
    // The same as the CSP's frame-ancestors 'none', for browsers that only read this header.
    frameguard: { action: 'deny' },
    crossOriginEmbedderPolicy: false,
  });
  app.addHook('onRequest', (request, reply, done) => {
    securityHeaders(request.raw, reply.raw, (error?: unknown) => done(error as Error | undefined));
  });
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
    transform: jsonSchemaTransform,
    transformObject: jsonSchemaTransformObject,
  });
  await app.register(swaggerUi, { routePrefix: '/api/docs' });
  await app.register(authPlugin, { ctx });

  await app.register(healthRoutes, { ctx });
  app.get('/api/openapi.json', { schema: { hide: true } }, async () => app.swagger());
  await app.register(
    async (api) => {
      await api.register(authRoutes, { ctx });
      await api.register(accountRecoveryRoutes, { ctx });
      await api.register(usersRoutes, { ctx });
      await api.register(teamsRoutes, { ctx });
      await api.register(billingRoutes, { ctx });
      await api.register(invitationsRoutes, { ctx });
      await api.register(bulkInvitesRoutes, { ctx });
      await api.register(devMailboxRoutes, { ctx });
      await api.register(workRecordsRoutes, { ctx });
      await api.register(dashboardRoutes, { ctx });
      await api.register(challengesRoutes, { ctx });
      await api.register(profileRoutes, { ctx });
      await api.register(auditRoutes, { ctx });
      await api.register(ssoRoutes, { ctx });
      await api.register(chatRoutes, { ctx });
      await api.register(guideRoutes, { ctx });
      await api.register(peopleRoutes, { ctx });
    },
    { prefix: '/api/v1' },
  );
  // Browser navigations to and from the identity provider: outside /api/v1, answered with pages.
  await app.register(ssoAuthRoutes, { ctx });

  registerWebApp(app, config);

  let housekeeping: NodeJS.Timeout | undefined;
  let jobWorker: JobWorker | null = null;
  app.addHook('onReady', async () => {
    if (config.outbox.enabled) worker = startOutboxWorker(ctx, createTransport(ctx));
    jobWorker = startJobWorker(ctx, { [WELCOME_JOB]: welcomeJob(ctx) });
    if (!config.smtpUrl) {
      app.log.info({ mailbox: `${config.publicUrl}/dev/mailbox` }, 'No SMTP_URL: emails are kept in the dev mailbox');
    }
    housekeeping = setInterval(() => {
      const now = nowIso();
      Promise.all([
        authRepository.deleteExpiredSessions(database.db, now),
        authRepository.deleteStaleRateLimits(database.db, now),
        bulkInvitesRepository.deleteStaleDrafts(database.db, isoAfterSeconds(-86400)),
        accountRecoveryRepository.deleteExpiredTokens(database.db, isoAfterSeconds(-86400)),
      ]).catch((err: unknown) => app.log.warn({ err }, 'housekeeping failed'));
    }, HOUSEKEEPING_MS);
    housekeeping.unref();
  });
  app.addHook('onClose', async () => {
    clearInterval(housekeeping);
    await worker?.stop();
    await jobWorker?.stop();
    if (ownsDatabase) await database.close();
  });
  return app;
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
