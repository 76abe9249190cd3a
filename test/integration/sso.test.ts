import { randomBytes } from 'node:crypto';
import { statSync } from 'node:fs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { keyFilePath } from '../../src/server/lib/secret-box.js';
import type { LoginAnswer, Me } from '../../src/shared/api/auth.js';
import type { InvitationSummary } from '../../src/shared/api/invitations.js';
import type { SsoSettingsView } from '../../src/shared/api/sso.js';
import type { User } from '../../src/shared/api/users.js';
import type { Problem } from '../../src/shared/errors.js';
import { type Answer, Client } from '../support/client.js';
import { type SignedUp, STRONG_PASSWORD, signUp, uniqueEmail } from '../support/factories.js';
import { addMember, signIn } from '../support/fixtures.js';
import { ProviderBrowser, startOidcProvider, type TestOidcProvider } from '../support/oidc-provider.js';
import { recordSecret } from '../support/secrets-audit.js';
import { fastOutbox, startTestServer, type TestServer } from '../support/server.js';
import { type SmtpCatcher, startSmtpCatcher, tokenFrom } from '../support/smtp.js';

// The address people use: the provider sends browsers back here; the test maps it to the server.
const PUBLIC_URL = 'http://crm.example.test';
const REDIRECT_URI = `${PUBLIC_URL}/auth/sso/callback`;
const postgres = process.env.TEST_DIALECT === 'postgres';

let smtp: SmtpCatcher;
let server: TestServer;
let idp: TestOidcProvider;
// PostgreSQL needs SECRETS_KEY to save a client secret; SQLite makes its own key file.
const secretsKey = randomBytes(32).toString('base64');
recordSecret(secretsKey);

beforeAll(async () => {
  smtp = await startSmtpCatcher();
  idp = await startOidcProvider({ redirectUri: REDIRECT_URI });
  server = await startTestServer({
    env: {
      SMTP_URL: smtp.url,
      PUBLIC_URL,
      // The test provider is on loopback over http: the operator allows exactly its host and port.
      SSO_ALLOWED_HOSTS: new URL(idp.issuer).host,
      ...(postgres ? { SECRETS_KEY: secretsKey } : {}),
    },
    config: { outbox: fastOutbox() },
  });
});
afterAll(async () => {
  await server?.close();
  await idp?.close();
  await smtp?.close();
});

const db = () => server.app.ctx.database.db;

function ssoBody(overrides: Record<string, unknown> = {}) {
  return { enabled: true, issuer: idp.issuer, clientId: idp.clientId, clientSecret: idp.clientSecret, ...overrides };
}

async function workspaceWithSso(overrides: Record<string, unknown> = {}): Promise<SignedUp> {
  const admin = await signUp(server.url, { workspaceName: 'Globex' });
  const saved = await admin.client.put<SsoSettingsView>('/api/v1/sso', ssoBody(overrides));
  expect(saved.status, saved.text).toBe(200);
  return admin;
}

async function invite(admin: SignedUp, email: string, role = 'sales_rep'): Promise<{ userId: string; token: string }> {
  const answer = await admin.client.post<User>('/api/v1/invitations', { email, name: 'Ivy Invitee', role });
  expect(answer.status, answer.text).toBe(201);
  // Someone who signed up also gets a verification email: pick the invitation.
  const isInvitation = (m: { to: string; text: string }) => m.to === email && m.text.includes('/invite/');
  const mails = await smtp.waitFor((all) => all.some(isInvitation));
  const mail = mails.filter(isInvitation).at(-1);
  if (!mail) throw new Error('no invitation email');
  return { userId: answer.body.id, token: tokenFrom(mail) };
}

function providerAccount(claims: { email?: string; email_verified?: boolean }): string {
  const subject = `sub-${crypto.randomUUID()}`;
  idp.accounts.set(subject, { name: 'Provider Person', ...claims });
  return subject;
}

type Flow = { start: Answer<string>; callbackUrl: URL; callback: Answer<string> };

/** A browser's whole trip: SalesOS start → the provider's sign-in as `subject` → SalesOS callback. */
async function ssoFlow(client: Client, startPath: string, subject: string): Promise<Flow> {
  const start = await client.get<string>(startPath);
  expect(start.status, start.text).toBe(302);
  const location = start.headers.get('location') ?? '';
  expect(location.startsWith(`${idp.issuer}/`)).toBe(true);
  const callbackUrl = await new ProviderBrowser().signIn(location, subject, REDIRECT_URI);
  const callback = await client.get<string>(callbackUrl.pathname + callbackUrl.search);
  return { start, callbackUrl, callback };
}

function expectErrorPage(answer: Answer<string>, status: number, message: RegExp) {
  expect(answer.status, answer.text).toBe(status);
  expect(answer.headers.get('content-type')).toMatch(/^text\/html/);
  expect(answer.headers.get('cache-control')).toBe('no-store');
  expect(answer.headers.get('referrer-policy')).toBe('no-referrer');
  expect(answer.text).toMatch(message);
  expect(answer.text).toContain('<a href="/login">Back to sign-in</a>');
}

const sessionCookie = (client: Client) => client.cookies.get('salesos_session');

async function auditOf(workspaceId: string, action: string) {
  return db()
    .selectFrom('audit_events')
    .selectAll()
    .where('workspace_id', '=', workspaceId)
    .where('action', '=', action)
    .orderBy('at')
    .execute();
}

describe('SSO settings (GET and PUT /api/v1/sso)', () => {
  it('start empty, save after discovery, and never return the client secret', async () => {
    const admin = await signUp(server.url);
    const empty = await admin.client.get<SsoSettingsView>('/api/v1/sso');
    expect(empty.status).toBe(200);
    expect(empty.body).toEqual({
      enabled: false,
      issuer: null,
      clientId: null,
      clientSecretSet: false,
      requireForNonAdmins: false,
      redirectUri: REDIRECT_URI,
      signInUrl: `${PUBLIC_URL}/auth/sso/start?workspace=${admin.workspace.id}`,
      canSave: true,
      updatedAt: null,
    });

    const saved = await admin.client.put<SsoSettingsView>('/api/v1/sso', ssoBody());
    expect(saved.status, saved.text).toBe(200);
    expect(saved.body).toMatchObject({
      enabled: true,
      issuer: idp.issuer,
      clientId: idp.clientId,
      clientSecretSet: true,
      requireForNonAdmins: false,
    });
    const read = await admin.client.get<SsoSettingsView>('/api/v1/sso');
    expect(read.body).toEqual(saved.body);
    for (const answer of [saved, read]) {
      expect(answer.text).not.toContain(idp.clientSecret);
      expect(Object.keys(answer.body)).not.toContain('clientSecret');
    }

    // Stored sealed (AES-256-GCM), not as typed.
    const row = await db()
      .selectFrom('sso_settings')
      .selectAll()
      .where('workspace_id', '=', admin.workspace.id)
      .executeTakeFirstOrThrow();
    expect(row.client_secret).toMatch(/^v1\./);
    expect(row.client_secret).not.toContain(idp.clientSecret);

    // Saving again without a secret keeps the saved one.
    const again = await admin.client.put<SsoSettingsView>('/api/v1/sso', {
      ...ssoBody({ requireForNonAdmins: true }),
      clientSecret: undefined,
    });
    expect(again.status, again.text).toBe(200);
    expect(again.body).toMatchObject({ clientSecretSet: true, requireForNonAdmins: true });

    // The audit log has before and after of each change, never the secret.
    const events = await auditOf(admin.workspace.id, 'sso.changed');
    expect(events).toHaveLength(2);
    expect(JSON.parse(events[0]?.after ?? '{}')).toMatchObject({ enabled: true, clientSecretChanged: true });
    expect(JSON.parse(events[1]?.before ?? '{}')).toMatchObject({ requireForNonAdmins: false });
    expect(JSON.parse(events[1]?.after ?? '{}')).toMatchObject({
      requireForNonAdmins: true,
      clientSecretChanged: false,
    });
    expect(JSON.stringify(events)).not.toContain(idp.clientSecret);
    expect(server.logs.join('\n')).not.toContain(idp.clientSecret);
  });

  it('refuses an issuer whose discovery fails: 400 sso_discovery_failed, nothing saved', async () => {
    const admin = await signUp(server.url);
    const wrongPath = await admin.client.put<Problem>('/api/v1/sso', ssoBody({ issuer: `${idp.issuer}/nowhere` }));
    expect(wrongPath.status).toBe(400);
    expect(wrongPath.body.code).toBe('sso_discovery_failed');
    expect(wrongPath.body.detail).toContain(`OpenID Connect discovery failed at ${idp.issuer}/nowhere/.well-known/`);
    expect(wrongPath.body.errors?.[0]?.path).toBe('issuer');

    // What went wrong stays in the log: the admin is not told what listens where.
    expect(wrongPath.body.detail).not.toMatch(/404|ECONN|fetch failed/);
    expect(server.logs.some((l) => l.includes('sso_discovery_failed') && l.includes('404'))).toBe(true);

    // Outside SSO_ALLOWED_HOSTS, loopback is refused before any connection (test/security/sso-outbound.test.ts).
    const other = await admin.client.put<Problem>('/api/v1/sso', ssoBody({ issuer: 'https://127.0.0.1:1' }));
    expect(other.status).toBe(400);
    expect(other.body.code).toBe('sso_discovery_failed');
    const reason = (answer: Answer<Problem>) => answer.body.detail.split('/openid-configuration')[1];
    expect(reason(other)).toBe(reason(wrongPath));

    expect((await admin.client.get<SsoSettingsView>('/api/v1/sso')).body.enabled).toBe(false);
  });

  it('refuses bad input with validation_failed on the field', async () => {
    const admin = await signUp(server.url);
    const notUrl = await admin.client.put<Problem>('/api/v1/sso', ssoBody({ issuer: 'login.example.com' }));
    expect(notUrl.status).toBe(400);
    expect(notUrl.body.code).toBe('validation_failed');
    expect(notUrl.body.errors?.[0]?.path).toBe('issuer');

    const noSecret = await admin.client.put<Problem>('/api/v1/sso', { ...ssoBody(), clientSecret: undefined });
    expect(noSecret.status).toBe(400);
    expect(noSecret.body.code).toBe('validation_failed');
    expect(noSecret.body.errors).toEqual([{ path: 'clientSecret', message: 'Enter the client secret.' }]);
  });

  it('is for admins only: 403 forbidden for a manager and a sales rep, 401 without a session', async () => {
    const admin = await signUp(server.url);
    for (const role of ['manager', 'sales_rep'] as const) {
      const member = await addMember(server, { workspaceId: admin.workspace.id, role });
      const client = await signIn(server, member.email);
      const read = await client.get<Problem>('/api/v1/sso');
      expect(read.status).toBe(403);
      expect(read.body.code).toBe('forbidden');
      const write = await client.put<Problem>('/api/v1/sso', ssoBody());
      expect(write.status).toBe(403);
      expect(write.body.code).toBe('forbidden');
    }
    const anonymous = await new Client(server.url).get<Problem>('/api/v1/sso');
    expect(anonymous.status).toBe(401);
    expect(anonymous.body.code).toBe('unauthenticated');
  });

  it.skipIf(postgres)('on SQLite without SECRETS_KEY, seals with a key file made beside the database (0600)', () => {
    const path = keyFilePath((server.config.database as { path: string }).path);
    expect(statSync(path).mode & 0o777).toBe(0o600);
    expect(server.logs.some((line) => line.includes('SECRETS_KEY is not set: generated a new key'))).toBe(true);
  });

  it.runIf(postgres)('on PostgreSQL without SECRETS_KEY, refuses to save: 503 secrets_key_missing', async () => {
    const keyless = await startTestServer({ env: { PUBLIC_URL } });
    try {
      const admin = await signUp(keyless.url);
      expect((await admin.client.get<SsoSettingsView>('/api/v1/sso')).body.canSave).toBe(false);
      const answer = await admin.client.put<Problem>('/api/v1/sso', ssoBody());
      expect(answer.status).toBe(503);
      expect(answer.body.code).toBe('secrets_key_missing');
      expect(answer.body.detail).toMatch(/no SECRETS_KEY/);
    } finally {
      await keyless.close();
    }
  });
});

describe('accepting an invitation through SSO', () => {
  it('accepts, links the identity, starts a session; a later SSO sign-in finds the account by its identity', async () => {
    const admin = await workspaceWithSso();
    const email = uniqueEmail('sso.invitee');
    const { userId, token } = await invite(admin, email);
    const lookup = await new Client(server.url).post<InvitationSummary>('/api/v1/invitations/lookup', { token });
    expect(lookup.body).toMatchObject({ sso: true, ssoRequired: false });

    // The provider's email differs only in case: emails compare case-insensitively.
    const subject = providerAccount({ email: email.toUpperCase(), email_verified: true });
    const browser = new Client(server.url);
    const flow = await ssoFlow(
      browser,
      `/auth/sso/start?workspace=${admin.workspace.id}&invitation=${encodeURIComponent(token)}`,
      subject,
    );
    // The start: PKCE S256, state, nonce, the scopes, and a short-lived HttpOnly Lax cookie.
    const authorization = new URL(flow.start.headers.get('location') ?? '');
    expect(authorization.searchParams.get('code_challenge_method')).toBe('S256');
    expect(authorization.searchParams.get('code_challenge')).toMatch(/^[A-Za-z0-9_-]{43}$/);
    expect(authorization.searchParams.get('state')).toBeTruthy();
    expect(authorization.searchParams.get('nonce')).toBeTruthy();
    expect(authorization.searchParams.get('scope')).toBe('openid email profile');
    expect(authorization.searchParams.get('redirect_uri')).toBe(REDIRECT_URI);
    expect(flow.start.headers.get('cache-control')).toBe('no-store');
    const binding = flow.start.headers.getSetCookie().find((c) => c.startsWith('salesos_sso='));
    expect(binding).toMatch(/HttpOnly/i);
    expect(binding).toMatch(/SameSite=Lax/i);
    expect(binding).toMatch(/Max-Age=600/i);

    expect(flow.callback.status, flow.callback.text).toBe(302);
    // A new member goes on to onboarding (profile, tour), as after a password acceptance.
    expect(flow.callback.headers.get('location')).toBe('/onboarding');
    expect(flow.callback.headers.get('cache-control')).toBe('no-store');
    expect(sessionCookie(browser)).toBeTruthy();
    expect(browser.cookies.has('salesos_sso')).toBe(false);

    const me = await browser.get<Me>('/api/v1/me');
    expect(me.status).toBe(200);
    expect(me.body.user).toMatchObject({ id: userId, email, status: 'active', role: 'sales_rep' });
    const listed = await admin.client.get<User>(`/api/v1/users/${userId}`);
    expect(listed.body.status).toBe('active');
    expect(listed.body.acceptedAt).toBeTruthy();

    const identity = await db()
      .selectFrom('sso_identities')
      .selectAll()
      .where('issuer', '=', idp.issuer)
      .where('subject', '=', subject)
      .executeTakeFirstOrThrow();
    expect(identity).toMatchObject({ account_id: me.body.account.id, email });
    const account = await db()
      .selectFrom('accounts')
      .selectAll()
      .where('id', '=', me.body.account.id)
      .executeTakeFirstOrThrow();
    expect(account.password_hash).toBeNull();
    expect(account.email_verified_at).toBeTruthy();

    const accepted = await auditOf(admin.workspace.id, 'invitation.accepted');
    expect(accepted).toHaveLength(1);
    expect(JSON.parse(accepted[0]?.after ?? '{}')).toMatchObject({ method: 'sso', account: 'new' });
    expect(await auditOf(admin.workspace.id, 'auth.sso_signed_in')).toHaveLength(1);

    // Later, in a new browser: sign in through SSO to the workspace, found by (issuer, subject).
    const later = new Client(server.url);
    const signInFlow = await ssoFlow(later, `/auth/sso/start?workspace=${admin.workspace.id}`, subject);
    expect(signInFlow.callback.status, signInFlow.callback.text).toBe(302);
    expect(signInFlow.callback.headers.get('location')).toBe('/');
    expect((await later.get<Me>('/api/v1/me')).body.user.id).toBe(userId);
    expect(await auditOf(admin.workspace.id, 'auth.sso_signed_in')).toHaveLength(2);

    // Nothing secret reached the log: not the code, the state, the token or the client secret.
    const logs = server.logs.join('\n');
    for (const secret of [
      flow.callbackUrl.searchParams.get('code') ?? 'no-code',
      flow.callbackUrl.searchParams.get('state') ?? 'no-state',
      token,
      idp.clientSecret,
    ]) {
      expect(logs).not.toContain(secret);
    }
  });

  it('links an existing account with that email once its owner has signed in to it in this browser', async () => {
    const other = await signUp(server.url, { workspaceName: 'Initech' });
    const admin = await workspaceWithSso();
    const { token } = await invite(admin, other.email, 'manager');
    // Verified by the test (sign-up sends a verification link; the fixture marks it done).
    await db()
      .updateTable('accounts')
      .set({ email_verified_at: new Date().toISOString() })
      .where('email', '=', other.email)
      .execute();
    const subject = providerAccount({ email: other.email, email_verified: true });
    // The invitation and the provider do not prove the SalesOS account: its password does.
    const stranger = await ssoFlow(
      new Client(server.url),
      `/auth/sso/start?invitation=${encodeURIComponent(token)}`,
      subject,
    );
    expectErrorPage(stranger.callback, 400, /already has a SalesOS account\. Sign in to it/);

    const browser = await signIn(server, other.email, STRONG_PASSWORD);
    const flow = await ssoFlow(browser, `/auth/sso/start?invitation=${encodeURIComponent(token)}`, subject);
    expect(flow.callback.status, flow.callback.text).toBe(302);
    const me = await browser.get<Me>('/api/v1/me');
    expect(me.body.account.email).toBe(other.email);
    expect(me.body.user.role).toBe('manager');
    // The password still works for the person's own workspace.
    expect((await signIn(server, other.email, STRONG_PASSWORD)) instanceof Client).toBe(true);
    const accepted = await auditOf(admin.workspace.id, 'invitation.accepted');
    expect(JSON.parse(accepted[0]?.after ?? '{}')).toMatchObject({ method: 'sso', account: 'existing' });

    // A session started by this workspace's SSO stays in this workspace.
    const away = await browser.post<Problem>('/api/v1/auth/switch', { workspaceId: other.workspace.id });
    expect(away.status).toBe(403);
    expect(away.body.code).toBe('forbidden');
    expect(away.body.detail).toMatch(/single sign-on of another workspace/);
  });

  it('refuses a different email: the page says why, and the invitation stays pending', async () => {
    const admin = await workspaceWithSso();
    const email = uniqueEmail('invited');
    const { userId, token } = await invite(admin, email);
    const subject = providerAccount({ email: 'someone.else@example.test', email_verified: true });
    const browser = new Client(server.url);
    const flow = await ssoFlow(browser, `/auth/sso/start?invitation=${encodeURIComponent(token)}`, subject);
    expectErrorPage(
      flow.callback,
      400,
      new RegExp(
        `signed you in as someone\\.else@example\\.test, but this invitation is for ${email.replace(/\./g, '\\.')}`,
      ),
    );
    expect(sessionCookie(browser)).toBeUndefined();
    const user = await admin.client.get<User>(`/api/v1/users/${userId}`);
    expect(user.body.status).toBe('pending');
    const lookup = await new Client(server.url).post('/api/v1/invitations/lookup', { token });
    expect(lookup.status).toBe(200);
    const failed = await auditOf(admin.workspace.id, 'auth.sso_failed');
    expect(JSON.parse(failed[0]?.after ?? '{}')).toMatchObject({
      reason: 'email_mismatch',
      email: 'someone.else@example.test',
    });
    expect(await db().selectFrom('sso_identities').selectAll().where('subject', '=', subject).execute()).toEqual([]);
  });

  it('refuses an email the provider has not verified (email_verified=false)', async () => {
    const admin = await workspaceWithSso();
    const email = uniqueEmail('unverified');
    const { userId, token } = await invite(admin, email);
    const subject = providerAccount({ email, email_verified: false });
    const flow = await ssoFlow(
      new Client(server.url),
      `/auth/sso/start?invitation=${encodeURIComponent(token)}`,
      subject,
    );
    expectErrorPage(flow.callback, 400, /has not verified the email/);
    expect((await admin.client.get<User>(`/api/v1/users/${userId}`)).body.status).toBe('pending');
  });

  it('refuses to start for a dead invitation or a workspace without SSO', async () => {
    const plain = await signUp(server.url);
    expectErrorPage(
      await new Client(server.url).get<string>(`/auth/sso/start?workspace=${plain.workspace.id}`),
      400,
      /Single sign-on is not set up for this workspace\./,
    );
    expectErrorPage(
      await new Client(server.url).get<string>('/auth/sso/start?invitation=not-a-real-token'),
      400,
      /This invitation link is not valid\./,
    );
    expectErrorPage(
      await new Client(server.url).get<string>('/auth/sso/start'),
      400,
      /Choose the workspace to sign in to\./,
    );
    // A malformed link is a page too, never problem+json.
    expectErrorPage(
      await new Client(server.url).get<string>(`/auth/sso/start?workspace=${'x'.repeat(101)}`),
      400,
      /This sign-in link is not valid\./,
    );
  });
});

describe('connecting an existing member', () => {
  it('links the identity of the member signed in in this browser when the provider verified their email', async () => {
    const admin = await workspaceWithSso();
    const member = await addMember(server, { workspaceId: admin.workspace.id, role: 'manager' });
    const browser = await signIn(server, member.email);
    const subject = providerAccount({ email: member.email, email_verified: true });
    const flow = await ssoFlow(browser, `/auth/sso/start?workspace=${admin.workspace.id}`, subject);
    expect(flow.callback.status, flow.callback.text).toBe(302);
    const events = await auditOf(admin.workspace.id, 'auth.sso_signed_in');
    expect(JSON.parse(events[0]?.after ?? '{}')).toMatchObject({ connected: true, invitation: false });

    // From now on the identity alone signs in, in any browser.
    const fresh = new Client(server.url);
    const later = await ssoFlow(fresh, `/auth/sso/start?workspace=${admin.workspace.id}`, subject);
    expect(later.callback.status, later.callback.text).toBe(302);
    expect((await fresh.get<Me>('/api/v1/me')).body.user.id).toBe(member.id);
  });

  it('does not link when the signed-in account has another email, or the provider did not verify it', async () => {
    const admin = await workspaceWithSso();
    const member = await addMember(server, { workspaceId: admin.workspace.id });
    for (const claims of [
      { email: 'not.the.member@example.test', email_verified: true },
      { email: member.email, email_verified: false },
    ]) {
      const browser = await signIn(server, member.email);
      const flow = await ssoFlow(browser, `/auth/sso/start?workspace=${admin.workspace.id}`, providerAccount(claims));
      expectErrorPage(flow.callback, 400, /No SalesOS account is linked/);
    }
    expect(
      await db()
        .selectFrom('sso_identities')
        .selectAll()
        .where('account_id', '=', member.accountId ?? '')
        .execute(),
    ).toEqual([]);
  });
});

describe('across processes', () => {
  it('finishes a sign-in on another server process than the one that started it', async () => {
    const admin = await workspaceWithSso();
    const email = uniqueEmail('roaming');
    const { token } = await invite(admin, email);
    const subject = providerAccount({ email, email_verified: true });
    const browser = new Client(server.url);
    const start = await browser.get(`/auth/sso/start?invitation=${encodeURIComponent(token)}`);
    expect(start.status, start.text).toBe(302);
    const back = await new ProviderBrowser().signIn(start.headers.get('location') ?? '', subject, REDIRECT_URI);

    // Another process on the same database (same SECRETS_KEY or key file) answers the callback.
    await server.restart();
    const sameBrowser = new Client(server.url);
    for (const [name, value] of browser.cookies) sameBrowser.cookies.set(name, value);
    const callback = await sameBrowser.get<string>(back.pathname + back.search);
    expect(callback.status, callback.text).toBe(302);
    expect((await sameBrowser.get<Me>('/api/v1/me')).body.user.email).toBe(email);
  });
});

describe('the callback refuses what it cannot trust', () => {
  async function linkedMember(): Promise<{ admin: SignedUp; subject: string; userId: string }> {
    const admin = await workspaceWithSso();
    const email = uniqueEmail('linked');
    const { userId, token } = await invite(admin, email);
    const subject = providerAccount({ email, email_verified: true });
    const flow = await ssoFlow(
      new Client(server.url),
      `/auth/sso/start?invitation=${encodeURIComponent(token)}`,
      subject,
    );
    expect(flow.callback.status, flow.callback.text).toBe(302);
    return { admin, subject, userId };
  }

  it('a wrong state: error page, no session', async () => {
    const { admin, subject } = await linkedMember();
    const browser = new Client(server.url);
    const start = await browser.get(`/auth/sso/start?workspace=${admin.workspace.id}`);
    const back = await new ProviderBrowser().signIn(start.headers.get('location') ?? '', subject, REDIRECT_URI);
    back.searchParams.set('state', 'forged-state-value');
    const answer = await browser.get<string>(back.pathname + back.search);
    expectErrorPage(answer, 400, /This sign-in is unknown or has expired\./);
    expect(sessionCookie(browser)).toBeUndefined();
  });

  it('a missing state: error page', async () => {
    expectErrorPage(await new Client(server.url).get<string>('/auth/sso/callback?code=abc'), 400, /has no state/);
  });

  it('a callback in another browser (no binding cookie): error page, no session', async () => {
    const { admin, subject } = await linkedMember();
    const start = await new Client(server.url).get(`/auth/sso/start?workspace=${admin.workspace.id}`);
    const back = await new ProviderBrowser().signIn(start.headers.get('location') ?? '', subject, REDIRECT_URI);
    const elsewhere = new Client(server.url);
    const answer = await elsewhere.get<string>(back.pathname + back.search);
    expectErrorPage(answer, 400, /started in another browser/);
    expect(sessionCookie(elsewhere)).toBeUndefined();
    const failed = await auditOf(admin.workspace.id, 'auth.sso_failed');
    expect(failed.map((e) => JSON.parse(e.after ?? '{}').reason)).toContain('browser_mismatch');
  });

  it('a replayed callback, even with the binding cookie kept: error page', async () => {
    const { admin, subject } = await linkedMember();
    const browser = new Client(server.url);
    const start = await browser.get(`/auth/sso/start?workspace=${admin.workspace.id}`);
    const binding = browser.cookies.get('salesos_sso') ?? '';
    const back = await new ProviderBrowser().signIn(start.headers.get('location') ?? '', subject, REDIRECT_URI);
    const first = await browser.get<string>(back.pathname + back.search);
    expect(first.status, first.text).toBe(302);

    const replayer = new Client(server.url);
    replayer.cookies.set('salesos_sso', binding);
    const again = await replayer.get<string>(back.pathname + back.search);
    expectErrorPage(again, 400, /This sign-in has already been used\./);
    expect(sessionCookie(replayer)).toBeUndefined();
  });

  it('a used code carried into a new sign-in: the provider refuses it, error page', async () => {
    const { admin, subject } = await linkedMember();
    const browser = new Client(server.url);
    const first = await ssoFlow(browser, `/auth/sso/start?workspace=${admin.workspace.id}`, subject);
    expect(first.callback.status).toBe(302);
    const attacker = new Client(server.url);
    const start = await attacker.get(`/auth/sso/start?workspace=${admin.workspace.id}`);
    const state = new URL(start.headers.get('location') ?? '').searchParams.get('state') ?? '';
    const forged = new URL(first.callbackUrl.href);
    forged.searchParams.set('state', state);
    const answer = await attacker.get<string>(forged.pathname + forged.search);
    expectErrorPage(answer, 400, /could not be verified\. Start again/);
    expect(answer.text).not.toContain('invalid_grant');
    expect(sessionCookie(attacker)).toBeUndefined();
    // The provider's own words go to the log, for the operator.
    expect(server.logs.some((l) => l.includes('"reason":"exchange_failed"') && l.includes('invalid_grant'))).toBe(true);
  });

  it('an identity never linked: refused, even when its email is a member’s (never found by email)', async () => {
    const admin = await workspaceWithSso();
    const member = await addMember(server, { workspaceId: admin.workspace.id });
    const subject = providerAccount({ email: member.email, email_verified: true });
    const browser = new Client(server.url);
    const flow = await ssoFlow(browser, `/auth/sso/start?workspace=${admin.workspace.id}`, subject);
    expectErrorPage(flow.callback, 400, /No SalesOS account is linked to your account at the identity provider/);
    expect(sessionCookie(browser)).toBeUndefined();
  });

  it('a deactivated member: 403 page with the deactivation message', async () => {
    const { admin, subject, userId } = await linkedMember();
    expect((await admin.client.post(`/api/v1/users/${userId}/deactivate`)).status).toBe(200);
    const browser = new Client(server.url);
    const flow = await ssoFlow(browser, `/auth/sso/start?workspace=${admin.workspace.id}`, subject);
    expectErrorPage(flow.callback, 403, /Your account in this workspace has been deactivated\./);
    expect(sessionCookie(browser)).toBeUndefined();
  });
});

describe('Require SSO for everyone but admins', () => {
  it('refuses password sign-in of a non-admin whose only workspaces require SSO: 403 sso_required', async () => {
    const admin = await workspaceWithSso({ requireForNonAdmins: true });
    const rep = await addMember(server, { workspaceId: admin.workspace.id, role: 'sales_rep' });
    const refused = await new Client(server.url).post<Problem & { ssoWorkspaces: { id: string; name: string }[] }>(
      '/api/v1/auth/login',
      { email: rep.email, password: STRONG_PASSWORD },
    );
    expect(refused.status).toBe(403);
    expect(refused.body.code).toBe('sso_required');
    expect(refused.body.ssoWorkspaces).toEqual([{ id: admin.workspace.id, name: 'Globex' }]);
    const events = await auditOf(admin.workspace.id, 'auth.sso_required');
    expect(events.map((e) => e.target_id)).toContain(rep.id);

    // A wrong password still says only that: the requirement is not revealed without the password.
    const wrong = await new Client(server.url).post<Problem>('/api/v1/auth/login', {
      email: rep.email,
      password: 'wrong-password-123',
    });
    expect(wrong.status).toBe(401);
    expect(wrong.body.code).toBe('invalid_credentials');

    // Admins keep their password.
    expect(
      (await new Client(server.url).post('/api/v1/auth/login', { email: admin.email, password: admin.password }))
        .status,
    ).toBe(200);

    // Turning SSO off lifts the requirement (it applies only while SSO is on).
    expect(
      (await admin.client.put('/api/v1/sso', { ...ssoBody({ enabled: false }), clientSecret: undefined })).status,
    ).toBe(200);
    expect(
      (await new Client(server.url).post('/api/v1/auth/login', { email: rep.email, password: STRONG_PASSWORD })).status,
    ).toBe(200);
  });

  it('signs a person in several workspaces in to one that allows passwords, and keeps them out of the other', async () => {
    const strict = await workspaceWithSso({ requireForNonAdmins: true });
    const relaxed = await signUp(server.url, { workspaceName: 'Relaxed' });
    const email = uniqueEmail('two.places');
    await addMember(server, { workspaceId: strict.workspace.id, email, role: 'manager' });
    await addMember(server, { workspaceId: relaxed.workspace.id, email, role: 'sales_rep' });
    const client = new Client(server.url);
    const login = await client.post<LoginAnswer>('/api/v1/auth/login', {
      email,
      password: STRONG_PASSWORD,
    });
    expect(login.status, login.text).toBe(200);
    expect(login.body.workspace.id).toBe(relaxed.workspace.id);
    expect(login.body.workspaces.map((w) => w.id)).toEqual([relaxed.workspace.id]);
    const switched = await client.post<Problem>('/api/v1/auth/switch', { workspaceId: strict.workspace.id });
    expect(switched.status).toBe(403);
    expect(switched.body.code).toBe('sso_required');
  });

  it('refuses password acceptance of a non-admin invitation; the lookup says so', async () => {
    const admin = await workspaceWithSso({ requireForNonAdmins: true });
    const { token, userId } = await invite(admin, uniqueEmail('must.sso'));
    const lookup = await new Client(server.url).post<InvitationSummary>('/api/v1/invitations/lookup', { token });
    expect(lookup.body).toMatchObject({ sso: true, ssoRequired: true });
    const accept = await new Client(server.url).post<Problem>('/api/v1/invitations/accept', {
      token,
      password: 'a-long-unusual-passphrase-917',
    });
    expect(accept.status).toBe(403);
    expect(accept.body.code).toBe('sso_required');
    expect(accept.body.detail).toMatch(/Continue with SSO/);
    expect((await admin.client.get<User>(`/api/v1/users/${userId}`)).body.status).toBe('pending');
  });
});
