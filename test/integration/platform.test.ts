import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { migrate, openDatabase } from '../../src/server/db/database.js';
import type { Me } from '../../src/shared/api/auth.js';
import type { Page } from '../../src/shared/api/pagination.js';
import type { Team } from '../../src/shared/api/teams.js';
import type { Problem } from '../../src/shared/errors.js';
import { Client } from '../support/client.js';
import { signUp } from '../support/factories.js';
import { startTestServer, type TestServer } from '../support/server.js';

let server: TestServer;
beforeAll(async () => {
  server = await startTestServer();
});
afterAll(async () => {
  await server?.close();
});

describe('operations', () => {
  it('answers /healthz and /readyz', async () => {
    const client = new Client(server.url);
    expect((await client.get('/healthz')).body).toEqual({ status: 'ok' });
    expect((await client.get('/readyz')).body).toEqual({ status: 'ok' });
  });

  it('answers /readyz with 503 service_unavailable when the database does not answer', async () => {
    const broken = await startTestServer();
    try {
      await broken.app.ctx.database.close();
      const answer = await new Client(broken.url).get<Problem>('/readyz');
      expect(answer.status).toBe(503);
      expect(answer.body.code).toBe('service_unavailable');
    } finally {
      await broken.database.drop();
    }
  });

  it('publishes an OpenAPI 3.1 document of every route, and a viewer', async () => {
    const client = new Client(server.url);
    const doc = await client.get<{ openapi: string; paths: Record<string, unknown> }>('/api/openapi.json');
    expect(doc.body.openapi).toBe('3.1.0');
    for (const path of [
      '/api/v1/auth/signup',
      '/api/v1/auth/login',
      '/api/v1/me',
      '/api/v1/teams/{id}',
      '/api/v1/billing/plan',
      '/api/v1/users',
    ]) {
      expect(Object.keys(doc.body.paths)).toContain(path);
    }
    const viewer = await client.get('/api/docs/');
    expect(viewer.status).toBe(200);
    expect(viewer.text).toContain('<html');
  });

  it('sets a request id and security headers on every response', async () => {
    const answer = await new Client(server.url).get('/healthz');
    expect(answer.headers.get('x-request-id')).toMatch(/^[0-9a-f-]{36}$/);
    const csp = answer.headers.get('content-security-policy') ?? '';
    expect(csp).toContain("object-src 'none'");
    expect(csp).toContain("frame-ancestors 'none'");
    expect(csp).toContain("base-uri 'none'");
    expect(answer.headers.get('x-frame-options')).toBe('DENY');
    expect(answer.headers.get('x-content-type-options')).toBe('nosniff');
    expect(answer.headers.get('referrer-policy')).toBe('no-referrer');
    expect(answer.headers.get('strict-transport-security')).toBeNull();
  });
});

describe('errors are problem+json', () => {
  it('404 not_found for an unknown API route', async () => {
    const answer = await new Client(server.url).get<Problem>('/api/v1/does-not-exist');
    expect(answer.status).toBe(404);
    expect(answer.headers.get('content-type')).toContain('application/problem+json');
    expect(answer.body).toMatchObject({
      status: 404,
      code: 'not_found',
      title: expect.any(String),
      type: expect.any(String),
    });
  });

  it('400 validation_failed for malformed JSON', async () => {
    const answer = await new Client(server.url).request<Problem>('POST', '/api/v1/auth/login', {
      rawBody: '{"email": "a@b.c", ',
      headers: { 'content-type': 'application/json' },
    });
    expect(answer.status).toBe(400);
    expect(answer.body.code).toBe('validation_failed');
  });

  it('415 for a body that is not JSON, and 413 for a body over the limit', async () => {
    const client = new Client(server.url);
    const form = await client.request<Problem>('POST', '/api/v1/auth/login', {
      rawBody: 'email=a',
      headers: { 'content-type': 'application/x-www-form-urlencoded' },
    });
    expect(form.status).toBe(415);
    expect(form.body.code).toBe('unsupported_media_type');
    const huge = await client.request<Problem>('POST', '/api/v1/auth/login', {
      rawBody: JSON.stringify({ email: 'a@b.c', password: 'x'.repeat(2 * 1024 * 1024) }),
      headers: { 'content-type': 'application/json' },
    });
    expect(huge.status).toBe(413);
    expect(huge.body.code).toBe('payload_too_large');
  });

  it('refuses a 10,000-character password quickly with weak_password', async () => {
    const answer = await new Client(server.url).post<Problem>('/api/v1/auth/signup', {
      workspaceName: 'Long',
      name: 'Long Password',
      email: 'long@example.test',
      password: 'a'.repeat(10_000),
    });
    expect(answer.status).toBe(400);
    expect(answer.body.code).toBe('weak_password');
  });
});

describe('the database across restarts', () => {
  it('keeps every workspace, account and session when the server restarts', async () => {
    const own = await startTestServer();
    try {
      const admin = await signUp(own.url, { workspaceName: 'Durable Inc' });
      await admin.client.post('/api/v1/teams', { name: 'Survivors' });
      await own.restart();
      const client = new Client(own.url);
      for (const [k, v] of admin.client.cookies) client.cookies.set(k, v);
      const me = await client.get<Me>('/api/v1/me');
      expect(me.status).toBe(200);
      expect(me.body.workspace.name).toBe('Durable Inc');
      const teams = await client.get<Page<Team>>('/api/v1/teams');
      expect(teams.body.items.map((t) => t.name)).toEqual(['Survivors']);
    } finally {
      await own.close();
    }
  });

  it('runs migrations again without harm', async () => {
    const database = openDatabase(server.database.config);
    try {
      await migrate(database);
      await migrate(database);
      const count = await database.db
        .selectFrom('workspaces')
        .select((eb) => eb.fn.countAll().as('n'))
        .executeTakeFirst();
      expect(Number(count?.n)).toBeGreaterThanOrEqual(0);
    } finally {
      await database.close();
    }
  });
});

describe('logs', () => {
  it('never contain a password, a session id or a CSRF token', async () => {
    const password = 'orchid-ferry-tundra-58';
    const admin = await signUp(server.url, { password });
    await admin.client.post('/api/v1/auth/login', { email: admin.email, password });
    await admin.client.post('/api/v1/auth/login', { email: admin.email, password: 'wrong-password-value-1' });
    await admin.client.get('/api/v1/me');
    const session = admin.client.cookies.get('salesos_session') ?? 'missing';
    const csrf = admin.client.cookies.get('salesos_csrf') ?? 'missing';
    const all = server.logs.join('\n');
    expect(all.length).toBeGreaterThan(0);
    for (const secret of [password, 'wrong-password-value-1', session, csrf]) expect(all).not.toContain(secret);
    const lines = server.logs.map((l) => JSON.parse(l) as { requestId?: string });
    expect(lines.some((l) => typeof l.requestId === 'string')).toBe(true);
  });
});
