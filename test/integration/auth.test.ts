import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { LoginAnswer, Me, SessionAnswer } from '../../src/shared/api/auth.js';
import type { Page } from '../../src/shared/api/pagination.js';
import type { Team } from '../../src/shared/api/teams.js';
import type { Problem } from '../../src/shared/errors.js';
import { Client } from '../support/client.js';
import { STRONG_PASSWORD, signUp, uniqueEmail } from '../support/factories.js';
import { addMember, setStatus, signIn } from '../support/fixtures.js';
import { letTimePass, retryAfter } from '../support/rate-limits.js';
import { startTestServer, type TestServer } from '../support/server.js';

let server: TestServer;
beforeAll(async () => {
  server = await startTestServer();
});
afterAll(async () => {
  await server?.close();
});

describe('sign-up', () => {
  it('creates a workspace on the free plan with its first admin, signed in', async () => {
    const email = uniqueEmail('founder');
    const client = new Client(server.url);
    const answer = await client.post<SessionAnswer>('/api/v1/auth/signup', {
      workspaceName: 'Globex',
      name: 'Grace Hopper',
      email: `  ${email.toUpperCase()} `,
      password: STRONG_PASSWORD,
    });
    expect(answer.status).toBe(201);
    expect(answer.body.user).toMatchObject({ role: 'admin', status: 'active', email });
    expect(answer.body.workspace.planId).toBe('free');
    const cookies = answer.headers.getSetCookie().join('\n');
    expect(cookies).toMatch(/salesos_session=[^;]+;.*HttpOnly/);
    expect(cookies).toMatch(/SameSite=Lax/);
    expect(cookies).toMatch(/salesos_csrf=/);
    const me = await client.get<Me>('/api/v1/me');
    expect(me.status).toBe(200);
    expect(me.body.workspace.name).toBe('Globex');
  });

  it('refuses an email that already has an account, whatever its case: 409 email_taken', async () => {
    const first = await signUp(server.url);
    const answer = await new Client(server.url).post<Problem>('/api/v1/auth/signup', {
      workspaceName: 'Other',
      name: 'Someone',
      email: first.email.toUpperCase(),
      password: STRONG_PASSWORD,
    });
    expect(answer.status).toBe(409);
    expect(answer.body.code).toBe('email_taken');
    expect(answer.headers.get('content-type')).toContain('application/problem+json');
  });

  it.each([
    ['too short (9 characters)', 'abcdefgh1'],
    ['common', 'password123'],
    ['built on the name', 'Grace Hopper 2024!'],
    ['built on the workspace name', 'GlobexGlobex12'],
    ['longer than 256 characters', 'x7!'.repeat(90)],
  ])('refuses a weak password (%s): 400 weak_password with a reason', async (_, password) => {
    const answer = await new Client(server.url).post<Problem>('/api/v1/auth/signup', {
      workspaceName: 'Globex',
      name: 'Grace Hopper',
      email: uniqueEmail(),
      password,
    });
    expect(answer.status).toBe(400);
    expect(answer.body.code).toBe('weak_password');
    expect(answer.body.detail.length).toBeGreaterThan(5);
    expect(answer.body.errors?.[0]?.path).toBe('password');
  });

  it('accepts long, unicode and spaced passwords as typed', async () => {
    for (const password of [
      `${'ü'.repeat(3)} orchid ferry tundra 🐙`,
      `${'q'.repeat(200)}${'Zebra-Quartz-19-plum-'.repeat(2)}`,
    ]) {
      const client = new Client(server.url);
      const email = uniqueEmail();
      const answer = await client.post('/api/v1/auth/signup', { workspaceName: 'W', name: 'N P', email, password });
      expect(answer.status, answer.text).toBe(201);
      const wrong = await new Client(server.url).post<Problem>('/api/v1/auth/login', {
        email,
        password: ` ${password}`,
      });
      expect(wrong.status).toBe(401);
      expect((await new Client(server.url).post('/api/v1/auth/login', { email, password })).status).toBe(200);
    }
  });

  it('answers 400 validation_failed with the fields at fault', async () => {
    const answer = await new Client(server.url).post<Problem>('/api/v1/auth/signup', {
      workspaceName: '',
      name: 'Line\r\nBreak',
      email: 'not-an-email',
      password: STRONG_PASSWORD,
    });
    expect(answer.status).toBe(400);
    expect(answer.body.code).toBe('validation_failed');
    const paths = answer.body.errors?.map((e) => e.path).sort();
    expect(paths).toEqual(['email', 'name', 'workspaceName']);
  });

  it('is refused with 403 signup_disabled when SIGNUP_ENABLED=false', async () => {
    const closed = await startTestServer({ env: { SIGNUP_ENABLED: 'false' } });
    try {
      const answer = await new Client(closed.url).post<Problem>('/api/v1/auth/signup', {
        workspaceName: 'Nope',
        name: 'No Body',
        email: uniqueEmail(),
        password: STRONG_PASSWORD,
      });
      expect(answer.status).toBe(403);
      expect(answer.body.code).toBe('signup_disabled');
    } finally {
      await closed.close();
    }
  });
});

describe('sign-in and sessions', () => {
  it('signs in, lists workspaces, and gives a new session id on every sign-in', async () => {
    const admin = await signUp(server.url);
    const oldSession = admin.client.cookies.get('salesos_session');
    const answer = await admin.client.post<LoginAnswer>('/api/v1/auth/login', {
      email: admin.email,
      password: admin.password,
    });
    expect(answer.status).toBe(200);
    expect(answer.body.workspaces).toEqual([{ id: admin.workspace.id, name: admin.workspace.name, role: 'admin' }]);
    const newSession = admin.client.cookies.get('salesos_session');
    expect(newSession).toBeTruthy();
    expect(newSession).not.toBe(oldSession);
    // The session it replaced is over.
    const stale = new Client(server.url);
    stale.cookies.set('salesos_session', oldSession ?? '');
    expect((await stale.get<Problem>('/api/v1/me')).status).toBe(401);
  });

  it('answers a wrong password and an unknown email alike: 401 invalid_credentials', async () => {
    const admin = await signUp(server.url);
    const wrong = await new Client(server.url).post<Problem>('/api/v1/auth/login', {
      email: admin.email,
      password: 'not-the-password-1',
    });
    const unknown = await new Client(server.url).post<Problem>('/api/v1/auth/login', {
      email: uniqueEmail('nobody'),
      password: 'not-the-password-1',
    });
    expect(wrong.status).toBe(401);
    expect(unknown.status).toBe(401);
    expect(wrong.body).toEqual(unknown.body);
    expect(wrong.body.code).toBe('invalid_credentials');
  });

  it('refuses a deactivated user with the right password: 403 user_deactivated; wrong password stays 401', async () => {
    const admin = await signUp(server.url);
    const member = await addMember(server, { workspaceId: admin.workspace.id, role: 'sales_rep' });
    await setStatus(server, member.id, 'deactivated');
    const answer = await new Client(server.url).post<Problem>('/api/v1/auth/login', {
      email: member.email,
      password: member.password,
    });
    expect(answer.status).toBe(403);
    expect(answer.body.code).toBe('user_deactivated');
    const wrong = await new Client(server.url).post<Problem>('/api/v1/auth/login', {
      email: member.email,
      password: 'nope-nope-nope',
    });
    expect(wrong.body.code).toBe('invalid_credentials');
  });

  it('ends the session on logout: 204, then 401 unauthenticated', async () => {
    const admin = await signUp(server.url);
    const session = admin.client.cookies.get('salesos_session') ?? '';
    const out = await admin.client.post('/api/v1/auth/logout');
    expect(out.status).toBe(204);
    const replay = new Client(server.url);
    replay.cookies.set('salesos_session', session);
    const me = await replay.get<Problem>('/api/v1/me');
    expect(me.status).toBe(401);
    expect(me.body.code).toBe('unauthenticated');
  });

  it('answers 401 unauthenticated without a session', async () => {
    const me = await new Client(server.url).get<Problem>('/api/v1/me');
    expect(me.status).toBe(401);
    expect(me.body.code).toBe('unauthenticated');
  });

  it('switches between the workspaces a person belongs to, and 404s for any other', async () => {
    const first = await signUp(server.url, { workspaceName: 'First Co' });
    const second = await signUp(server.url, { workspaceName: 'Second Co' });
    await addMember(server, { workspaceId: second.workspace.id, email: first.email, role: 'manager' });
    const switched = await first.client.post<SessionAnswer>('/api/v1/auth/switch', {
      workspaceId: second.workspace.id,
    });
    expect(switched.status).toBe(200);
    expect(switched.body.workspace.id).toBe(second.workspace.id);
    expect(switched.body.user.role).toBe('manager');
    const me = await first.client.get<Me>('/api/v1/me');
    expect(me.body.workspace.id).toBe(second.workspace.id);
    expect(me.body.workspaces).toHaveLength(2);
    const other = await signUp(server.url, { workspaceName: 'Third Co' });
    const refused = await first.client.post<Problem>('/api/v1/auth/switch', { workspaceId: other.workspace.id });
    expect(refused.status).toBe(404);
    expect(refused.body.code).toBe('not_found');
  });
});

describe('CSRF', () => {
  it('refuses an unsafe request made with the cookie but without the header: 403 csrf_failed', async () => {
    const admin = await signUp(server.url);
    const none = await admin.client.post<Problem>('/api/v1/teams', { name: 'Blocked' }, { csrf: 'none' });
    expect(none.status).toBe(403);
    expect(none.body.code).toBe('csrf_failed');
    const wrong = await admin.client.post<Problem>('/api/v1/teams', { name: 'Blocked' }, { csrf: 'forged-value' });
    expect(wrong.status).toBe(403);
    expect(wrong.body.code).toBe('csrf_failed');
    const teams = await admin.client.get<Page<Team>>('/api/v1/teams');
    expect(teams.body.items).toHaveLength(0);
  });

  it('refuses form-encoded and text/plain cross-site posts', async () => {
    const admin = await signUp(server.url);
    for (const type of ['application/x-www-form-urlencoded', 'text/plain']) {
      const answer = await admin.client.request<Problem>('POST', '/api/v1/teams', {
        rawBody: 'name=Evil',
        headers: { 'content-type': type },
        csrf: 'none',
      });
      expect(answer.status).toBe(403);
      expect(answer.body.code).toBe('csrf_failed');
    }
  });
});

describe('cookies under an https PUBLIC_URL', () => {
  it('are Secure and __Host- prefixed', async () => {
    const secure = await startTestServer({ env: { PUBLIC_URL: 'https://crm.example.test' } });
    try {
      const client = new Client(secure.url);
      const answer = await client.post('/api/v1/auth/signup', {
        workspaceName: 'Secure Co',
        name: 'Sam Secure',
        email: uniqueEmail(),
        password: STRONG_PASSWORD,
      });
      expect(answer.status).toBe(201);
      const cookies = answer.headers.getSetCookie();
      const session = cookies.find((c) => c.startsWith('__Host-salesos_session='));
      const csrf = cookies.find((c) => c.startsWith('__Host-salesos_csrf='));
      expect(session).toMatch(/; Path=\//);
      expect(session).toMatch(/Secure/);
      expect(session).toMatch(/HttpOnly/);
      expect(csrf).toMatch(/Secure/);
      expect(csrf).not.toMatch(/HttpOnly/);
      expect(answer.headers.get('strict-transport-security')).toMatch(/max-age=/);
    } finally {
      await secure.close();
    }
  });
});

describe('rate limiting', () => {
  /** A server that reads the client address from X-Forwarded-For (the test client is 127.0.0.1). */
  let proxied: TestServer;
  beforeAll(async () => {
    proxied = await startTestServer({ env: { TRUST_PROXY: '127.0.0.1' } });
  });
  afterAll(async () => {
    await proxied?.close();
  });

  function loginFrom(target: TestServer, address: string, email: string, password: string) {
    return new Client(target.url).post<Problem>(
      '/api/v1/auth/login',
      { email, password },
      { headers: { 'x-forwarded-for': address } },
    );
  }

  it('slows sign-in attempts for an email from one address: 429 rate_limited with Retry-After, the right password waits too', async () => {
    const admin = await signUp(proxied.url);
    const free = proxied.config.rateLimits.loginPerEmailAddress.max;
    for (let i = 0; i < free; i++) {
      expect((await loginFrom(proxied, '203.0.113.1', admin.email, `wrong-${i}-password`)).status).toBe(401);
    }
    const slowed = await loginFrom(proxied, '203.0.113.1', admin.email, 'wrong-again-password');
    expect(slowed.status).toBe(429);
    expect(slowed.body.code).toBe('rate_limited');
    expect(retryAfter(slowed)).toBe(1);
    // Inside the delay the password is not even checked: the right one waits as well.
    const right = await loginFrom(proxied, '203.0.113.1', admin.email, admin.password);
    expect(right.status).toBe(429);
    await letTimePass(proxied, retryAfter(right));
    expect((await loginFrom(proxied, '203.0.113.1', admin.email, admin.password)).status).toBe(200);
  });

  it('limits sign-in attempts per client address, across emails', async () => {
    const limited = await startTestServer({
      env: { TRUST_PROXY: '127.0.0.1' },
      config: {
        rateLimits: {
          ...server.config.rateLimits,
          loginPerEmail: { max: 100, windowSeconds: 900 },
          loginPerAddress: { max: 3, windowSeconds: 900 },
          signupPerAddress: { max: 100, windowSeconds: 900 },
        },
      },
    });
    try {
      const statuses: number[] = [];
      for (let i = 0; i < 4; i++) {
        const answer = await loginFrom(limited, '203.0.113.2', uniqueEmail(), 'whatever-password');
        statuses.push(answer.status);
        if (answer.status === 429) expect(answer.body.code).toBe('rate_limited');
      }
      expect(statuses).toEqual([401, 401, 401, 429]);
      // Another address is not slowed down by this one.
      expect((await loginFrom(limited, '203.0.113.3', uniqueEmail(), 'whatever-password')).status).toBe(401);
    } finally {
      await limited.close();
    }
  });

  it('stops guessing one account from many addresses at the per-account ceiling, until its window ends', async () => {
    const ceiling = await startTestServer({
      env: { TRUST_PROXY: '127.0.0.1' },
      config: { rateLimits: { ...server.config.rateLimits, loginPerEmail: { max: 8, windowSeconds: 900 } } },
    });
    try {
      const admin = await signUp(ceiling.url);
      // Two failures from each of four addresses: no address is slowed, the account takes 8.
      for (let i = 0; i < 8; i++) {
        const answer = await loginFrom(ceiling, `198.51.100.${1 + (i % 4)}`, admin.email, `wrong-${i}-password`);
        expect(answer.status).toBe(401);
      }
      const refused = await loginFrom(ceiling, '198.51.100.99', admin.email, admin.password);
      expect(refused.status).toBe(429);
      expect(refused.body.code).toBe('rate_limited');
      expect(retryAfter(refused)).toBeGreaterThan(800);
      await letTimePass(ceiling, retryAfter(refused));
      expect((await loginFrom(ceiling, '198.51.100.99', admin.email, admin.password)).status).toBe(200);
    } finally {
      await ceiling.close();
    }
  });
});

describe('permissions are read on every request', () => {
  it('a member who is signed in loses access when deactivated: next request 401', async () => {
    const admin = await signUp(server.url);
    const member = await addMember(server, { workspaceId: admin.workspace.id, role: 'manager' });
    const client = await signIn(server, member.email);
    expect((await client.get('/api/v1/me')).status).toBe(200);
    await setStatus(server, member.id, 'deactivated');
    const after = await client.get<Problem>('/api/v1/me');
    expect(after.status).toBe(401);
    expect(after.body.code).toBe('unauthenticated');
  });

  it('a sales rep is refused admin routes: 403 forbidden', async () => {
    const admin = await signUp(server.url);
    const rep = await addMember(server, { workspaceId: admin.workspace.id, role: 'sales_rep' });
    const client = await signIn(server, rep.email);
    for (const path of ['/api/v1/users', '/api/v1/users/summary', '/api/v1/billing']) {
      const answer = await client.get<Problem>(path);
      expect(answer.status, path).toBe(403);
      expect(answer.body.code).toBe('forbidden');
    }
    const create = await client.post<Problem>('/api/v1/teams', { name: 'Rogue' });
    expect(create.status).toBe(403);
    expect(create.body.code).toBe('forbidden');
  });
});
