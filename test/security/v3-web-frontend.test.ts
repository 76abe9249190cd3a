import { existsSync, readdirSync } from 'node:fs';
import { resolve } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { BulkImport } from '../../src/shared/api/bulk-invites.js';
import type { Challenge } from '../../src/shared/api/challenges.js';
import type { Channel } from '../../src/shared/api/chat.js';
import type { Page } from '../../src/shared/api/pagination.js';
import type { Team } from '../../src/shared/api/teams.js';
import type { Deal, Lead } from '../../src/shared/api/work-records.js';
import type { Problem } from '../../src/shared/errors.js';
import { type Answer, Client } from '../support/client.js';
import { readAllTables } from '../support/database-dump.js';
import { devMailboxToken } from '../support/dev-mailbox.js';
import { type SignedUp, STRONG_PASSWORD, signUp, uniqueEmail } from '../support/factories.js';
import { addMember } from '../support/fixtures.js';
import { startTestServer, type TestServer } from '../support/server.js';

// ASVS 5.0 V3 Web Frontend Security: cookies, browser security headers and origin separation (CSRF).

const WEB_BUILT = existsSync(resolve('dist/web/index.html'));
const UNSAFE = ['POST', 'PUT', 'PATCH', 'DELETE'];

let server: TestServer;
let secure: TestServer;

beforeAll(async () => {
  [server, secure] = await Promise.all([
    startTestServer(),
    startTestServer({ env: { PUBLIC_URL: 'https://crm.example.test' } }),
  ]);
});
afterAll(async () => {
  await Promise.all([server?.close(), secure?.close()]);
});

/** Every row of every table, read over a connection of its own from the test database URL. */
async function dumpDatabase(url: string): Promise<Record<string, string[]>> {
  const tables = await readAllTables(url);
  return Object.fromEntries(
    Object.entries(tables).map(([name, rows]) => [name, rows.map((r) => JSON.stringify(r)).sort()]),
  );
}

/** The database minus what a refused request legitimately writes: its audit event and rate-limit counters. */
async function state(target: TestServer): Promise<Record<string, string[]>> {
  const all = await dumpDatabase(target.database.url);
  delete all.rate_limits;
  delete all.kysely_migration;
  delete all.kysely_migration_lock;
  all.audit_events = (all.audit_events ?? []).filter((row) => !row.includes('"access.denied"'));
  return all;
}

function cookieLine(answer: Answer, name: string): string {
  const line = answer.headers.getSetCookie().find((c) => c.startsWith(`${name}=`));
  if (!line) throw new Error(`no ${name} cookie in ${answer.headers.getSetCookie().join(' | ')}`);
  return line;
}

function attributes(line: string): string[] {
  return line
    .split(';')
    .slice(1)
    .map((a) => a.trim().toLowerCase());
}

/** Everything the app sets cookies on: sign-up, sign-in and invitation acceptance. */
async function cookieAnswers(target: TestServer): Promise<Record<string, Answer>> {
  const email = uniqueEmail('cookies');
  const signup = await new Client(target.url).post('/api/v1/auth/signup', {
    workspaceName: 'Cookie Co',
    name: 'Cody Cookie',
    email,
    password: STRONG_PASSWORD,
  });
  expect(signup.status).toBe(201);
  const login = await new Client(target.url).post('/api/v1/auth/login', { email, password: STRONG_PASSWORD });
  expect(login.status).toBe(200);
  const admin = await signUp(target.url);
  const invitee = uniqueEmail('invitee');
  expect(
    (await admin.client.post('/api/v1/invitations', { email: invitee, name: 'Ivy', role: 'sales_rep' })).status,
  ).toBe(201);
  const token = await devMailboxToken(admin.client, invitee);
  const accept = await new Client(target.url).post('/api/v1/invitations/accept', { token, password: STRONG_PASSWORD });
  expect(accept.status).toBe(201);
  return { signup, login, accept };
}

describe('V3.3 cookie setup', () => {
  it('V3.3.1 / V3.3.3 under an https PUBLIC_URL both cookies are Secure, __Host- prefixed, Path=/ and without Domain', async () => {
    for (const [flow, answer] of Object.entries(await cookieAnswers(secure))) {
      for (const name of ['__Host-salesos_session', '__Host-salesos_csrf']) {
        const attrs = attributes(cookieLine(answer, name));
        expect(attrs, `${flow} ${name}`).toContain('secure');
        expect(attrs, `${flow} ${name}`).toContain('path=/');
        expect(
          attrs.some((a) => a.startsWith('domain=')),
          `${flow} ${name}`,
        ).toBe(false);
      }
      expect(
        answer.headers.getSetCookie().some((c) => c.startsWith('salesos_session=')),
        flow,
      ).toBe(false);
    }
  });

  it('V3.3.2 every cookie has SameSite=Lax (or Strict), on http and https', async () => {
    for (const [target, prefix] of [
      [server, ''],
      [secure, '__Host-'],
    ] as const) {
      for (const [flow, answer] of Object.entries(await cookieAnswers(target))) {
        const lines = answer.headers.getSetCookie();
        expect(lines.length, flow).toBeGreaterThanOrEqual(2);
        for (const line of lines)
          expect(attributes(line), `${flow} ${line}`).toContainEqual(expect.stringMatching(/^samesite=(lax|strict)$/));
        cookieLine(answer, `${prefix}salesos_session`);
      }
    }
  });

  it('V3.3.4 the session cookie is HttpOnly; only the CSRF cookie (echoed in a header by design) is readable by scripts', async () => {
    for (const [target, prefix] of [
      [server, ''],
      [secure, '__Host-'],
    ] as const) {
      for (const [flow, answer] of Object.entries(await cookieAnswers(target))) {
        expect(attributes(cookieLine(answer, `${prefix}salesos_session`)), flow).toContain('httponly');
        expect(attributes(cookieLine(answer, `${prefix}salesos_csrf`)), flow).not.toContain('httponly');
      }
    }
  });
});

type Kind = { name: string; answer: Answer | Response };

/** One response of every kind the server sends: JSON, problem+json, HTML, static file, CSV, docs, SSE. */
async function responsesOfEveryKind(target: TestServer): Promise<Kind[]> {
  const admin = await signUp(target.url);
  const anonymous = new Client(target.url);
  const kinds: Kind[] = [
    { name: 'API JSON', answer: await admin.client.get('/api/v1/me') },
    { name: 'health JSON', answer: await anonymous.get('/healthz') },
    { name: 'problem+json 401', answer: await anonymous.get('/api/v1/me') },
    { name: 'problem+json 404', answer: await anonymous.get('/api/v1/no-such-route') },
    {
      name: 'problem+json 415',
      answer: await anonymous.request('POST', '/api/v1/auth/login', {
        rawBody: 'a=b',
        headers: { 'content-type': 'application/x-www-form-urlencoded' },
      }),
    },
    {
      name: 'problem+json 403 csrf',
      answer: await admin.client.post('/api/v1/teams', { name: 'T' }, { csrf: 'none' }),
    },
    { name: 'CSV download', answer: await admin.client.get('/api/v1/audit.csv') },
    { name: 'OpenAPI JSON', answer: await anonymous.get('/api/openapi.json') },
    { name: 'OpenAPI viewer', answer: await anonymous.get('/api/docs/') },
  ];
  if (WEB_BUILT) {
    const asset = readdirSync(resolve('dist/web/assets')).find((f) => f.endsWith('.js'));
    kinds.push(
      { name: 'HTML page', answer: await anonymous.get('/') },
      { name: 'HTML page with a token', answer: await anonymous.get(`/invite/${'A'.repeat(43)}`) },
      { name: 'static asset', answer: await anonymous.get(`/assets/${asset}`) },
    );
  }
  const channels = await admin.client.get<Page<Channel>>('/api/v1/channels');
  const general = channels.body.items.find((c) => c.name === 'general');
  const controller = new AbortController();
  const cookie = [...admin.client.cookies].map(([k, v]) => `${k}=${v}`).join('; ');
  const stream = await fetch(new URL(`/api/v1/channels/${general?.id}/stream`, target.url), {
    headers: { cookie },
    signal: controller.signal,
  });
  controller.abort();
  expect(stream.headers.get('content-type')).toContain('text/event-stream');
  kinds.push({ name: 'SSE stream', answer: stream });
  return kinds;
}

describe('V3.4 browser security mechanism headers, on every kind of response', () => {
  let kinds: Kind[];
  let secureKinds: Kind[];
  beforeAll(async () => {
    kinds = await responsesOfEveryKind(server);
    secureKinds = await responsesOfEveryKind(secure);
  });

  it('covers JSON, problem+json, HTML, a static asset, CSV, the docs and the SSE stream', () => {
    const names = kinds.map((k) => k.name);
    expect(names).toEqual(expect.arrayContaining(['API JSON', 'problem+json 404', 'SSE stream', 'CSV download']));
    if (WEB_BUILT) expect(names).toEqual(expect.arrayContaining(['HTML page', 'static asset']));
  });

  it("V3.4.3 Content-Security-Policy with object-src 'none' and a restricted base-uri", () => {
    for (const { name, answer } of [...kinds, ...secureKinds]) {
      const csp = answer.headers.get('content-security-policy') ?? '';
      expect(csp, name).toContain("object-src 'none'");
      expect(csp, name).toContain("base-uri 'none'");
      expect(csp, name).toMatch(/default-src 'self'/);
      expect(csp, name).not.toMatch(/script-src[^;]*'unsafe-(inline|eval)'/);
    }
  });

  it('V3.4.4 X-Content-Type-Options: nosniff', () => {
    for (const { name, answer } of [...kinds, ...secureKinds]) {
      expect(answer.headers.get('x-content-type-options'), name).toBe('nosniff');
    }
  });

  it('V3.4.5 a Referrer-Policy that keeps URLs (and invitation tokens in them) from other sites', () => {
    for (const { name, answer } of [...kinds, ...secureKinds]) {
      expect(answer.headers.get('referrer-policy'), name).toMatch(
        /^(no-referrer|same-origin|strict-origin|strict-origin-when-cross-origin)$/,
      );
    }
    for (const { name, answer } of kinds.filter((k) => k.name.startsWith('HTML page'))) {
      expect(answer.headers.get('referrer-policy'), name).toBe('no-referrer');
    }
  });

  it('V3.4.6 frame-ancestors forbids embedding by other sites', () => {
    for (const { name, answer } of [...kinds, ...secureKinds]) {
      expect(answer.headers.get('content-security-policy') ?? '', name).toContain("frame-ancestors 'none'");
      // Older browsers read only X-Frame-Options: it says the same.
      expect(answer.headers.get('x-frame-options'), name).toBe('DENY');
    }
  });

  it('V3.4.1 Strict-Transport-Security of at least a year with includeSubDomains under https, and none over plain http', () => {
    for (const { name, answer } of secureKinds) {
      const hsts = answer.headers.get('strict-transport-security') ?? '';
      expect(Number(/max-age=(\d+)/.exec(hsts)?.[1] ?? 0), name).toBeGreaterThanOrEqual(31_536_000);
      expect(hsts.toLowerCase(), name).toContain('includesubdomains');
    }
    for (const { name, answer } of kinds) expect(answer.headers.get('strict-transport-security'), name).toBeNull();
  });

  it('V3.4.2 no CORS: another origin is never allowed to read answers', async () => {
    const admin = await signUp(server.url);
    const origin = 'https://evil.example';
    const preflight = await fetch(new URL('/api/v1/users', server.url), {
      method: 'OPTIONS',
      headers: { origin, 'access-control-request-method': 'POST', 'access-control-request-headers': 'x-csrf-token' },
    });
    expect(preflight.headers.get('access-control-allow-origin')).toBeNull();
    const read = await admin.client.get('/api/v1/users', { headers: { origin } });
    expect(read.headers.get('access-control-allow-origin')).toBeNull();
    expect(read.headers.get('access-control-allow-credentials')).toBeNull();
  });
});

/** Concrete ids for the `:id` routes, so refused requests would have had something real to change. */
async function fixtures(target: TestServer, admin: SignedUp): Promise<Record<string, string>> {
  const member = await addMember(target, { workspaceId: admin.workspace.id, role: 'sales_rep' });
  const team = await admin.client.post<Team>('/api/v1/teams', { name: 'Targets' });
  const deal = await admin.client.post<Deal>('/api/v1/deals', {
    name: 'Big deal',
    amount: 10,
    stage: 'proposal',
    ownerId: member.id,
  });
  const lead = await admin.client.post<Lead>('/api/v1/leads', { name: 'Lead', ownerId: member.id });
  const challenge = await admin.client.post<Challenge>('/api/v1/challenges', {
    name: 'Start',
    steps: ['create_lead'],
    active: false,
  });
  const bulk = await admin.client.request<BulkImport>('POST', '/api/v1/invitations/bulk', {
    rawBody: 'email,name,role,team\nbulk@example.test,Bulk Person,sales_rep,\n',
    headers: { 'content-type': 'text/csv' },
  });
  const channels = await admin.client.get<Page<Channel>>('/api/v1/channels');
  const ids = {
    users: member.id,
    teams: team.body.id,
    deals: deal.body.id,
    leads: lead.body.id,
    challenges: challenge.body.id,
    bulk: bulk.body.id,
    channels: channels.body.items[0]?.id ?? '',
    photos: 'photo-key',
  };
  for (const [kind, id] of Object.entries(ids)) expect(id, kind).toBeTruthy();
  return ids;
}

function concrete(pattern: string, ids: Record<string, string>): string {
  return pattern.replace(/\/([a-z-]+)\/:(id|key)/, (_, kind: string) => `/${kind}/${ids[kind] ?? 'missing'}`);
}

describe('V3.5 browser origin separation (CSRF)', () => {
  let admin: SignedUp;
  let ids: Record<string, string>;
  let unsafeRoutes: { method: string; url: string }[];
  beforeAll(async () => {
    admin = await signUp(server.url);
    ids = await fixtures(server, admin);
    unsafeRoutes = server.app.routeList.filter((r) => UNSAFE.includes(r.method));
  });

  it('finds the unsafe routes to check', () => {
    expect(unsafeRoutes.length).toBeGreaterThan(30);
    expect(unsafeRoutes.every((r) => r.url.startsWith('/api/v1/'))).toBe(true);
  });

  it('V3.5.1 a cross-site form post (text/plain, urlencoded, multipart) with the session cookie is refused on every unsafe route: 403 csrf_failed, nothing changes', async () => {
    const before = await state(server);
    const forms = [
      { type: 'text/plain', body: '{"name":"Evil","role":"admin"}' },
      { type: 'application/x-www-form-urlencoded', body: 'name=Evil&role=admin&planId=enterprise' },
      {
        type: 'multipart/form-data; boundary=x',
        body: '--x\r\nContent-Disposition: form-data; name="file"; filename="a.csv"\r\n\r\nemail,name,role\r\na@evil.test,A,admin\r\n--x--\r\n',
      },
    ];
    for (const route of unsafeRoutes) {
      for (const form of forms) {
        const answer = await admin.client.request<Problem>(route.method, concrete(route.url, ids), {
          rawBody: form.body,
          csrf: 'none',
          headers: { 'content-type': form.type, origin: 'https://evil.example', 'sec-fetch-site': 'cross-site' },
        });
        expect(answer.status, `${route.method} ${route.url} ${form.type}`).toBe(403);
        expect(answer.body.code).toBe('csrf_failed');
      }
    }
    expect(await state(server)).toEqual(before);
    // The session was not harmed by the attempts.
    expect((await admin.client.get('/api/v1/me')).status).toBe(200);
  });

  it('V3.5.1 a JSON request with the cookie but without the header, with a wrong header, or without the CSRF cookie is refused', async () => {
    const before = await state(server);
    const stripped = new Client(server.url);
    for (const [k, v] of admin.client.cookies) if (k === 'salesos_session') stripped.cookies.set(k, v);
    const token = admin.client.csrfToken() ?? '';
    for (const route of unsafeRoutes) {
      const path = concrete(route.url, ids);
      const attempts = [
        await admin.client.request<Problem>(route.method, path, { body: {}, csrf: 'none' }),
        await admin.client.request<Problem>(route.method, path, { body: {}, csrf: `${token.slice(0, -1)}x` }),
        await admin.client.request<Problem>(route.method, path, { body: {}, csrf: '' }),
        await stripped.request<Problem>(route.method, path, { body: {}, csrf: token }),
      ];
      for (const [i, answer] of attempts.entries()) {
        expect(answer.status, `${route.method} ${route.url} attempt ${i}`).toBe(403);
        expect(answer.body.code).toBe('csrf_failed');
      }
    }
    expect(await state(server)).toEqual(before);
  });

  it('V3.5.3 a GET (or HEAD, or a method override) of every mutating route changes nothing', async () => {
    const before = await state(server);
    const getRoutes = new Set(server.app.routeList.filter((r) => r.method === 'GET').map((r) => r.url));
    const navigation = { 'sec-fetch-site': 'cross-site', 'sec-fetch-mode': 'navigate', origin: 'https://evil.example' };
    for (const route of unsafeRoutes) {
      const path = concrete(route.url, ids);
      const answers = [
        await admin.client.get<Problem>(path, { headers: navigation }),
        await admin.client.get<Problem>(`${path}?_method=${route.method}&name=Evil&role=admin&planId=enterprise`, {
          headers: navigation,
        }),
        await admin.client.get<Problem>(path, { headers: { ...navigation, 'x-http-method-override': route.method } }),
        await admin.client.request<Problem>('HEAD', path, { headers: navigation }),
      ];
      for (const answer of answers) {
        if (getRoutes.has(route.url)) expect(answer.status, `GET ${route.url}`).toBeLessThan(500);
        else expect(answer.status, `GET ${route.url}`).toBe(404);
      }
    }
    expect(await state(server)).toEqual(before);
    expect((await admin.client.get('/api/v1/me')).status).toBe(200);
  });
});
