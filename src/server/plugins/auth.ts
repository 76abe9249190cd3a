import cookie from '@fastify/cookie';
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import fp from 'fastify-plugin';
import { authorize, type Permission } from '../../shared/permissions.js';
import type { AppContext, AuthContext, ClientMeta } from '../context.js';
import { AppError } from '../lib/app-error.js';
import { hashSecret, safeEqual } from '../lib/secrets.js';
import { nowIso } from '../lib/time.js';
import { actorOf, recordAudit } from '../modules/audit/audit.js';
import { authRepository } from '../modules/auth/auth.repository.js';
import { endSessionStreams } from '../modules/chat/chat.live.js';
import { usersRepository } from '../modules/users/users.repository.js';

declare module 'fastify' {
  interface FastifyRequest {
    auth: AuthContext | null;
    /** The hash of the session cookie when it names a live session, even one without a workspace. */
    sessionIdHash: string | null;
  }
  interface FastifyContextConfig {
    /** The action this route performs; checked by `authorize()` before the handler runs. */
    permission?: Permission;
    /** Explicitly open to anyone (sign-in, health, invitation lookup). */
    public?: boolean;
  }
}

const UNSAFE = new Set(['POST', 'PUT', 'PATCH', 'DELETE']);
const TOUCH_AFTER_MS = 5 * 60 * 1000;
/** `last_seen_at` may lag by this share of the idle timeout: a session ends at most 10% early. */
const TOUCH_SHARE = 0.1;

/**
 * How stale `last_seen_at` may get before a request rewrites it: at most every 5 minutes (one
 * write per session, not per request), and often enough for the idle timeout to be precise.
 */
export function touchAfterMs(idleTimeoutSeconds: number): number {
  return Math.min(TOUCH_AFTER_MS, Math.floor(idleTimeoutSeconds * 1000 * TOUCH_SHARE));
}

/** A session unused for longer than SESSION_IDLE_TIMEOUT is dead, whatever its absolute expiry. */
export function isSessionIdle(lastSeenAt: string, nowMs: number, idleTimeoutSeconds: number): boolean {
  return nowMs - Date.parse(lastSeenAt) > idleTimeoutSeconds * 1000;
}

export type CookieNames = { session: string; csrf: string };

export function cookieNames(secure: boolean): CookieNames {
  return secure
    ? { session: '__Host-salesos_session', csrf: '__Host-salesos_csrf' }
    : { session: 'salesos_session', csrf: 'salesos_csrf' };
}

/** The authenticated context, or 401. */
export function requireAuth(request: FastifyRequest): AuthContext {
  if (!request.auth) throw new AppError('unauthenticated');
  return request.auth;
}

/** What the request says about its client: its address, its browser and the session it replaces, if any. */
export function clientMeta(request: FastifyRequest): ClientMeta {
  return {
    ip: request.ip,
    userAgent: request.headers['user-agent'] ?? null,
    previousSessionIdHash: request.sessionIdHash,
  };
}

export function setSessionCookies(reply: FastifyReply, ctx: AppContext, session: { id: string; csrf: string }): void {
  const names = cookieNames(ctx.config.secureCookies);
  const base = {
    path: '/',
    sameSite: 'lax' as const,
    secure: ctx.config.secureCookies,
    maxAge: ctx.config.sessionTtlSeconds,
  };
  reply.setCookie(names.session, session.id, { ...base, httpOnly: true });
  // Readable by scripts on purpose: the web app echoes it in `x-csrf-token` (double submit).
  reply.setCookie(names.csrf, session.csrf, { ...base, httpOnly: false });
}

export function clearSessionCookies(reply: FastifyReply, ctx: AppContext): void {
  const names = cookieNames(ctx.config.secureCookies);
  const base = { path: '/', sameSite: 'lax' as const, secure: ctx.config.secureCookies };
  reply.clearCookie(names.session, { ...base, httpOnly: true });
  reply.clearCookie(names.csrf, base);
}

async function resolveAuth(
  ctx: AppContext,
  sessionIdHash: string,
  ip: string,
): Promise<{ live: boolean; auth: AuthContext | null }> {
  const { db } = ctx.database;
  const now = nowIso();
  const found = await authRepository.findSessionContext(db, sessionIdHash, now);
  if (!found) return { live: false, auth: null };
  const nowMs = Date.parse(now);
  const idleTimeout = ctx.config.sessionIdleTimeoutSeconds;
  if (isSessionIdle(found.session_last_seen_at, nowMs, idleTimeout)) {
    // Idle: gone for good (housekeeping would remove it later), and its streams here end now.
    await authRepository.deleteSession(db, sessionIdHash);
    endSessionStreams(ctx, sessionIdHash);
    return { live: false, auth: null };
  }
  if (nowMs - Date.parse(found.session_last_seen_at) > touchAfterMs(idleTimeout)) {
    await authRepository.touchSession(db, sessionIdHash, now);
  }
  const {
    session_last_seen_at: _seen,
    session_workspace_id: workspaceId,
    workspace_name,
    workspace_plan_id,
    workspace_created_at,
    workspace_updated_at,
    ...account
  } = found;
  if (!workspaceId || workspace_name === null || workspace_plan_id === null) return { live: true, auth: null };
  // Role and status are read on every request: a change is effective on the very next one.
  const user = await usersRepository.findActiveByAccount(db, workspaceId, account.id);
  if (!user) return { live: true, auth: null };
  const workspace = {
    id: workspaceId,
    name: workspace_name,
    plan_id: workspace_plan_id,
    created_at: workspace_created_at ?? '',
    updated_at: workspace_updated_at ?? '',
  };
  return { live: true, auth: { sessionIdHash, account, user, workspace, ip } };
}

/**
 * Sessions, CSRF and authorization for every route, before the body is read: a route under
 * /api/v1 must name its permission or be marked public, or the server refuses to start.
 */
export const authPlugin = fp(
  async (app: FastifyInstance, opts: { ctx: AppContext }) => {
    const { ctx } = opts;
    const names = cookieNames(ctx.config.secureCookies);
    await app.register(cookie);
    app.decorateRequest('auth', null);
    app.decorateRequest('sessionIdHash', null);

    app.addHook('onRoute', (route) => {
      if (!route.url.startsWith('/api/v1/')) return;
      const config = route.config as { permission?: Permission; public?: boolean } | undefined;
      if (!config?.permission && !config?.public) {
        throw new Error(`Route ${route.method} ${route.url} names no permission and is not marked public`);
      }
    });

    /** A refused request from a signed-in member is a security event: it goes into the audit log. */
    async function deny(request: FastifyRequest, code: 'csrf_failed' | 'forbidden'): Promise<never> {
      const auth = request.auth;
      if (auth) {
        await recordAudit(ctx.database.db, {
          workspaceId: auth.workspace.id,
          actor: actorOf(auth),
          action: 'access.denied',
          target: { type: 'route', id: null, label: `${request.method} ${request.routeOptions.url ?? request.url}` },
          after: { reason: code, role: auth.user.role },
          ip: auth.ip,
        });
      }
      throw new AppError(code);
    }

    app.addHook('onRequest', async (request) => {
      const sessionCookie = request.cookies[names.session];
      if (sessionCookie) {
        const idHash = hashSecret(sessionCookie);
        const { live, auth } = await resolveAuth(ctx, idHash, request.ip);
        request.sessionIdHash = live ? idHash : null;
        request.auth = auth;
      }
      if (sessionCookie && UNSAFE.has(request.method)) {
        const header = request.headers['x-csrf-token'];
        const csrfCookie = request.cookies[names.csrf];
        if (typeof header !== 'string' || !csrfCookie || !safeEqual(header, csrfCookie)) {
          await deny(request, 'csrf_failed');
        }
      }
      const config = request.routeOptions.config;
      if (config.permission) {
        const auth = requireAuth(request);
        if (!authorize(auth.user.role, config.permission)) await deny(request, 'forbidden');
      }
    });
  },
  { name: 'auth' },
);
