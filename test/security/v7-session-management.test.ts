import { createHash } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadConfig } from '../../src/server/config.js';
import type { LoginAnswer, SessionAnswer } from '../../src/shared/api/auth.js';
import type { Problem } from '../../src/shared/errors.js';
import { Client } from '../support/client.js';
import { type SignedUp, STRONG_PASSWORD, signUp, uniqueEmail } from '../support/factories.js';
import { addMember, signIn } from '../support/fixtures.js';
import { fastOutbox, startTestServer, type TestServer } from '../support/server.js';
import { type CaughtMail, type SmtpCatcher, startSmtpCatcher, tokenFrom } from '../support/smtp.js';

// ASVS 5.0 V7 Session Management: session tokens, new sessions on authentication, termination.

const WIDE = { max: 10_000, windowSeconds: 3600 };
const SESSION = 'salesos_session';

let smtp: SmtpCatcher;
let server: TestServer;

beforeAll(async () => {
  smtp = await startSmtpCatcher();
  server = await startTestServer({
    env: { SMTP_URL: smtp.url, PUBLIC_URL: 'http://crm.example.test' },
    config: {
      outbox: fastOutbox(),
      rateLimits: { ...loadConfig({}).rateLimits, loginPerAddress: WIDE, signupPerAddress: WIDE },
    },
  });
});
afterAll(async () => {
  await server?.close();
  await smtp?.close();
});

const sha256 = (s: string) => createHash('sha256').update(s, 'utf8').digest('hex');

/** A client holding only the given session cookie, as a replaying attacker would. */
function replay(session: string | undefined): Client {
  const client = new Client(server.url);
  client.cookies.set(SESSION, session ?? 'missing');
  return client;
}

async function invitationToken(admin: SignedUp, email: string): Promise<string> {
  expect((await admin.client.post('/api/v1/invitations', { email, name: 'Ina Vite', role: 'sales_rep' })).status).toBe(
    201,
  );
  const isMine = (m: CaughtMail) => m.to === email && m.text.includes('/invite/');
  const mail = (await smtp.waitFor((all) => all.some(isMine))).find(isMine);
  if (!mail) throw new Error('no invitation');
  return tokenFrom(mail);
}

describe('V7.2 fundamental session management security', () => {
  it('V7.2.1 a session is checked by the server: forged, truncated and altered cookies are 401 unauthenticated', async () => {
    const admin = await signUp(server.url);
    const real = admin.client.cookies.get(SESSION) ?? '';
    for (const forged of [
      'A'.repeat(43),
      real.slice(0, -1),
      `${real.slice(0, -1)}${real.endsWith('A') ? 'B' : 'A'}`,
      sha256(real),
    ]) {
      const answer = await replay(forged).get<Problem>('/api/v1/me');
      expect(answer.status).toBe(401);
      expect(answer.body.code).toBe('unauthenticated');
    }
    expect((await admin.client.get('/api/v1/me')).status).toBe(200);
  });

  it('V7.2.3 session tokens are 32 random bytes (base64url), never repeat, and are stored only as their SHA-256', async () => {
    const admin = await signUp(server.url);
    const tokens: string[] = [];
    for (let i = 0; i < 20; i++) {
      const client = await signIn(server, admin.email);
      tokens.push(client.cookies.get(SESSION) ?? '');
    }
    expect(new Set(tokens).size).toBe(20);
    for (const token of tokens) {
      expect(token).toMatch(/^[A-Za-z0-9_-]{43}$/);
      expect(Buffer.from(token, 'base64url')).toHaveLength(32);
    }
    const rows = await server.app.ctx.database.db.selectFrom('sessions').selectAll().execute();
    const stored = JSON.stringify(rows);
    for (const token of tokens) {
      expect(stored).not.toContain(token);
      expect(rows.map((r) => r.id_hash)).toContain(sha256(token));
    }
  });

  it('V7.2.4 a new session token is issued on every sign-in, and the one it replaces is terminated', async () => {
    const admin = await signUp(server.url);
    const seen = [admin.client.cookies.get(SESSION)];
    for (let i = 0; i < 3; i++) {
      const answer = await admin.client.post('/api/v1/auth/login', { email: admin.email, password: admin.password });
      expect(answer.status).toBe(200);
      seen.push(admin.client.cookies.get(SESSION));
    }
    expect(new Set(seen).size).toBe(4);
    for (const old of seen.slice(0, -1)) expect((await replay(old).get('/api/v1/me')).status).toBe(401);
    expect((await admin.client.get('/api/v1/me')).status).toBe(200);
  });

  it('V7.2.4 a planted (fixated) session id is never adopted: sign-in and acceptance replace it', async () => {
    const admin = await signUp(server.url);
    const planted = 'planted-by-an-attacker-000000000000000000000';
    const victim = new Client(server.url);
    victim.cookies.set(SESSION, planted);
    victim.cookies.set('salesos_csrf', 'x');
    expect(
      (await victim.post('/api/v1/auth/login', { email: admin.email, password: admin.password }, { csrf: 'x' })).status,
    ).toBe(200);
    expect(victim.cookies.get(SESSION)).not.toBe(planted);
    expect((await replay(planted).get('/api/v1/me')).status).toBe(401);

    const token = await invitationToken(admin, uniqueEmail('fixated'));
    const invitee = new Client(server.url);
    invitee.cookies.set(SESSION, planted);
    invitee.cookies.set('salesos_csrf', 'x');
    const accepted = await invitee.post(
      '/api/v1/invitations/accept',
      { token, password: STRONG_PASSWORD },
      { csrf: 'x' },
    );
    expect(accepted.status).toBe(201);
    expect(invitee.cookies.get(SESSION)).not.toBe(planted);
    expect((await replay(planted).get('/api/v1/me')).status).toBe(401);
  });

  it('V7.2.4 accepting an invitation with an existing account while signed in issues a new session and ends the old one', async () => {
    const home = await signUp(server.url, { workspaceName: 'Home Base' });
    const member = await addMember(server, { workspaceId: home.workspace.id, role: 'manager' });
    const browser = await signIn(server, member.email);
    const before = browser.cookies.get(SESSION);
    const inviter = await signUp(server.url, { workspaceName: 'New Place' });
    const token = await invitationToken(inviter, member.email);
    const accepted = await browser.post<SessionAnswer>('/api/v1/invitations/accept', {
      token,
      password: member.password,
    });
    expect(accepted.status).toBe(201);
    expect(accepted.body.workspace.id).toBe(inviter.workspace.id);
    const after = browser.cookies.get(SESSION);
    expect(after).toBeTruthy();
    expect(after).not.toBe(before);
    expect((await replay(before).get('/api/v1/me')).status).toBe(401);
    expect((await browser.get('/api/v1/me')).status).toBe(200);
  });
});

describe('V7.4 session termination', () => {
  it('V7.4.1 after sign-out the session token cannot be used again, even with the CSRF cookie', async () => {
    const admin = await signUp(server.url);
    const cookies = new Map(admin.client.cookies);
    expect((await admin.client.post('/api/v1/auth/logout')).status).toBe(204);
    expect(admin.client.cookies.get(SESSION)).toBeUndefined();
    const attacker = new Client(server.url);
    for (const [k, v] of cookies) attacker.cookies.set(k, v);
    expect((await attacker.get<Problem>('/api/v1/me')).status).toBe(401);
    const write = await attacker.post<Problem>('/api/v1/teams', { name: 'After logout' });
    expect(write.status).toBe(401);
  });

  it('V7.4.2 deactivating a member ends every session they have in that workspace at once, and reactivation does not revive them', async () => {
    const admin = await signUp(server.url);
    const other = await signUp(server.url);
    const member = await addMember(server, { workspaceId: admin.workspace.id, role: 'manager' });
    await addMember(server, { workspaceId: other.workspace.id, email: member.email, role: 'sales_rep' });
    const laptop = await signIn(server, member.email);
    const phone = await signIn(server, member.email);
    const elsewhere = await signIn(server, member.email);
    expect((await elsewhere.post('/api/v1/auth/switch', { workspaceId: other.workspace.id })).status).toBe(200);
    const sessions = [laptop, phone].map((c) => c.cookies.get(SESSION));
    for (const client of [laptop, phone]) expect((await client.get('/api/v1/me')).status).toBe(200);

    expect((await admin.client.post(`/api/v1/users/${member.id}/deactivate`)).status).toBe(200);
    for (const client of [laptop, phone]) {
      const answer = await client.get<Problem>('/api/v1/me');
      expect(answer.status).toBe(401);
      expect(answer.body.code).toBe('unauthenticated');
      expect(
        (await client.post<Problem>('/api/v1/deals', { name: 'x', amount: 1, stage: 'won', ownerId: null })).status,
      ).toBe(401);
    }
    const login = await new Client(server.url).post<LoginAnswer>('/api/v1/auth/login', {
      email: member.email,
      password: member.password,
    });
    // The person still belongs to the other workspace, so sign-in lands there, never here.
    expect(login.status).toBe(200);
    expect(login.body.workspace.id).toBe(other.workspace.id);
    // Their session in the other workspace is untouched.
    expect((await elsewhere.get('/api/v1/me')).status).toBe(200);

    expect((await admin.client.post(`/api/v1/users/${member.id}/reactivate`)).status).toBe(200);
    for (const session of sessions) expect((await replay(session).get('/api/v1/me')).status).toBe(401);
  });
});
