import { randomBytes } from 'node:crypto';
import sharp from 'sharp';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { devMailboxToken } from '../support/dev-mailbox.js';
import { STRONG_PASSWORD, uniqueEmail } from '../support/factories.js';
import { ProviderBrowser, startOidcProvider, type TestOidcProvider } from '../support/oidc-provider.js';
import { CheckedClient, OpenApiConformance, textAt } from '../support/openapi-conformance.js';
import { recordSecret } from '../support/secrets-audit.js';
import { fastOutbox, startTestServer, type TestServer } from '../support/server.js';

/**
 * A whole workflow through the real server, every answer checked against the served OpenAPI
 * document as it arrives (CheckedClient): its status, its media type and its body must be what the
 * document says, or the request fails the test. Then every documented operation must have been
 * exercised, so a new route joins the workflow or says here why it cannot.
 */

// The address people use: the provider sends browsers back here; the test maps it to the server.
const PUBLIC_URL = 'http://crm.example.test';
const REDIRECT_URI = `${PUBLIC_URL}/auth/sso/callback`;
const postgres = process.env.TEST_DIALECT === 'postgres';
// PostgreSQL needs SECRETS_KEY to save a client secret; SQLite makes its own key file.
const secretsKey = randomBytes(32).toString('base64');
recordSecret(secretsKey);

/** Operations this workflow cannot reach, each with the reason: none today. */
const NOT_IN_WORKFLOW: Record<string, string> = {};

let idp: TestOidcProvider;
let server: TestServer;
let openapi: OpenApiConformance;

beforeAll(async () => {
  idp = await startOidcProvider({ redirectUri: REDIRECT_URI });
  server = await startTestServer({
    env: {
      PUBLIC_URL,
      SSO_ALLOWED_HOSTS: new URL(idp.issuer).host,
      ...(postgres ? { SECRETS_KEY: secretsKey } : {}),
    },
    config: { outbox: fastOutbox() },
  });
  openapi = await OpenApiConformance.load(server.url);
});
afterAll(async () => {
  await server?.close();
  await idp?.close();
});

const browser = () => new CheckedClient(server.url, openapi);

/** A POST whose body is sent as it is, in its own media type. */
const postRaw = (client: CheckedClient, path: string, rawBody: string, contentType: string) =>
  client.request('POST', path, { rawBody, headers: { 'content-type': contentType } });

describe('the checker', () => {
  // A checker of its own: these made-up answers must not count as exercising anything.
  let checker: OpenApiConformance;
  beforeAll(async () => {
    checker = await OpenApiConformance.load(server.url);
  });
  const json = 'application/json; charset=utf-8';
  const answer = (method: string, path: string, status: number, contentType: string | null, text: string) =>
    checker.check({ method, path, status, contentType, text });

  it('refuses an answer in a media type the document does not give, as the CSV template once was', () => {
    const template = '/api/v1/invitations/bulk/template';
    expect(() => answer('GET', template, 200, json, '"email"')).toThrow(
      /media type application\/json is not documented/,
    );
    expect(() => answer('GET', template, 200, 'text/csv; charset=utf-8', 'email,name,role,team\r\n')).not.toThrow();
    expect(() => answer('GET', template, 200, 'text/csv', 'email,name,role,team\r\n')).toThrow(/charset/);
  });

  it('refuses an undocumented status, operation, body or missing body', () => {
    expect(() => answer('GET', '/api/v1/me', 418, 'application/problem+json; charset=utf-8', '{}')).toThrow(
      /418 is not documented/,
    );
    expect(() => answer('GET', '/api/v1/nowhere', 200, json, '{}')).toThrow(/not documented/);
    expect(() => answer('GET', '/api/v1/me', 200, json, '{"account":{}}')).toThrow(/does not match/);
    expect(() => answer('GET', '/api/v1/me', 401, json, '{}')).toThrow(/media type application\/json/);
    expect(() => answer('GET', '/api/v1/me', 200, json, '')).toThrow(/not JSON/);
    expect(() => answer('POST', '/api/v1/auth/logout', 204, 'text/plain; charset=utf-8', 'bye')).toThrow(
      /without a body/,
    );
    const team = JSON.stringify({ id: 't', name: 'T', memberCount: 0 });
    expect(() =>
      checker.check({
        method: 'POST',
        path: '/api/v1/teams',
        requestType: 'text/plain',
        status: 201,
        contentType: json,
        text: team,
      }),
    ).toThrow(/request's media type text\/plain is not documented/);
  });

  it('matches a literal path before a template', () => {
    expect(checker.templateOf('/api/v1/users/summary')).toBe('/api/v1/users/summary');
    expect(checker.templateOf('/api/v1/users/abc?x=1')).toBe('/api/v1/users/{id}');
    expect(checker.templateOf('/api/v1/invitations/bulk/template')).toBe('/api/v1/invitations/bulk/template');
    expect(checker.templateOf('/api/v1/invitations/bulk/abc/invalid.csv')).toBe(
      '/api/v1/invitations/bulk/{id}/invalid.csv',
    );
  });
});

describe('a whole workflow, every answer as documented', () => {
  const anonymous = () => browser();
  // The workspace's admin and a sales rep who joins it, each a browser of their own.
  let admin: CheckedClient;
  let rep: CheckedClient;
  const adminEmail = uniqueEmail('admin');
  const repEmail = uniqueEmail('rep');
  let workspaceId = '';
  let adminUserId = '';
  let teamId = '';
  let repUserId = '';
  beforeAll(() => {
    admin = browser();
    rep = browser();
  });

  /** A resource's whole life: created, listed, read, changed, deleted, then not found. */
  async function lifecycle(client: CheckedClient, collection: string, body: object, change: object) {
    const created = await client.post(collection, body);
    expect(created.status, created.text).toBe(201);
    const item = `${collection}/${textAt(created.body, 'id')}`;
    expect((await client.get(collection)).status).toBe(200);
    expect((await client.get(item)).status).toBe(200);
    expect((await client.patch(item, change)).status).toBe(200);
    expect((await client.delete(item)).status).toBe(204);
    expect((await client.get(item)).status).toBe(404);
  }

  it('health', async () => {
    const client = anonymous();
    expect((await client.get('/healthz')).status).toBe(200);
    expect((await client.get('/readyz')).status).toBe(200);
  });

  it('signs up, verifies the email, and reads itself', async () => {
    const weak = await admin.post('/api/v1/auth/signup', {
      workspaceName: 'Conformance Inc',
      name: 'Ada Admin',
      email: adminEmail,
      password: 'short',
    });
    expect(weak.status).toBe(400);
    const signup = await admin.post('/api/v1/auth/signup', {
      workspaceName: 'Conformance Inc',
      name: 'Ada Admin',
      email: adminEmail,
      password: STRONG_PASSWORD,
    });
    expect(signup.status, signup.text).toBe(201);
    workspaceId = textAt(signup.body, 'workspace.id');
    adminUserId = textAt(signup.body, 'user.id');
    const taken = await anonymous().post('/api/v1/auth/signup', {
      workspaceName: 'Again',
      name: 'Ada Again',
      email: adminEmail,
      password: STRONG_PASSWORD,
    });
    expect(taken.status).toBe(409);

    const token = await devMailboxToken(admin, adminEmail, { path: 'verify-email' });
    expect((await admin.post('/api/v1/auth/verify-email', { token })).status).toBe(204);
    const resent = await admin.post('/api/v1/auth/verify-email/resend');
    expect(resent.status, resent.text).toBe(202);
    expect(resent.body).toEqual({ sent: false });

    expect((await admin.get('/api/v1/me')).status).toBe(200);
    expect((await anonymous().get('/api/v1/me')).status).toBe(401);
    const switched = await admin.post('/api/v1/auth/switch', { workspaceId });
    expect(switched.status, switched.text).toBe(200);
    expect((await admin.post('/api/v1/auth/switch', { workspaceId: 'not-mine' })).status).toBe(404);
  });

  it('billing', async () => {
    expect((await admin.get('/api/v1/billing')).status).toBe(200);
    const plan = await admin.put('/api/v1/billing/plan', { planId: 'team' });
    expect(plan.status, plan.text).toBe(200);
    expect((await admin.put('/api/v1/billing/plan', { planId: 'platinum' })).status).toBe(400);
  });

  it('teams', async () => {
    const created = await admin.post('/api/v1/teams', { name: 'Enterprise' });
    expect(created.status, created.text).toBe(201);
    teamId = textAt(created.body, 'id');
    expect((await admin.post('/api/v1/teams', { name: 'enterprise ' })).status).toBe(409);
    await lifecycle(admin, '/api/v1/teams', { name: 'Scratch' }, { name: 'Scratch West' });
  });

  it('invites, lists, edits, resends and revokes; a person looks up and accepts', async () => {
    const invited = await admin.post('/api/v1/invitations', {
      email: repEmail,
      name: 'Rita Rep',
      role: 'sales_rep',
      teamId,
    });
    expect(invited.status, invited.text).toBe(201);
    repUserId = textAt(invited.body, 'id');
    expect((await admin.post('/api/v1/invitations', { email: repEmail, name: 'Rita', role: 'sales_rep' })).status).toBe(
      409,
    );
    expect(
      (await admin.post('/api/v1/invitations', { email: 'not-an-email', name: 'X', role: 'sales_rep' })).status,
    ).toBe(400);

    expect((await admin.get('/api/v1/users')).status).toBe(200);
    expect((await admin.get('/api/v1/users?status=pending&sort=email&order=desc&limit=5')).status).toBe(200);
    expect((await admin.get('/api/v1/users?limit=0')).status).toBe(400);
    expect((await admin.get('/api/v1/users/summary')).status).toBe(200);
    expect((await admin.get(`/api/v1/users/${repUserId}`)).status).toBe(200);
    expect((await admin.get('/api/v1/users/nobody')).status).toBe(404);
    const edited = await admin.patch(`/api/v1/users/${repUserId}`, { name: 'Rita Rep-Smith' });
    expect(edited.status, edited.text).toBe(200);
    expect((await admin.patch(`/api/v1/users/${repUserId}`, {})).status).toBe(400);

    const revokedEmail = uniqueEmail('revoked');
    const other = await admin.post('/api/v1/invitations', { email: revokedEmail, name: 'Otto Other', role: 'manager' });
    const otherId = textAt(other.body, 'id');
    const revokedToken = await devMailboxToken(admin, revokedEmail);
    const resent = await admin.post(`/api/v1/users/${otherId}/resend`);
    expect(resent.status, resent.text).toBe(200);
    expect((await admin.post(`/api/v1/users/${otherId}/revoke`)).status).toBe(200);
    expect((await admin.post(`/api/v1/users/${otherId}/revoke`)).status).toBe(409);
    // Its first link, superseded by the resend and then revoked: gone either way.
    expect((await anonymous().post('/api/v1/invitations/lookup', { token: revokedToken })).status).toBe(410);
    expect((await anonymous().post('/api/v1/invitations/lookup', { token: 'no-such-token' })).status).toBe(404);

    const token = await devMailboxToken(admin, repEmail);
    const lookup = await rep.post('/api/v1/invitations/lookup', { token });
    expect(lookup.status, lookup.text).toBe(200);
    expect((await rep.post('/api/v1/invitations/accept', { token, password: 'short' })).status).toBe(400);
    const accepted = await rep.post('/api/v1/invitations/accept', { token, password: STRONG_PASSWORD });
    expect(accepted.status, accepted.text).toBe(201);
    expect((await rep.post('/api/v1/invitations/accept', { token, password: STRONG_PASSWORD })).status).toBe(409);
  });

  it('bulk invitations: template, upload as CSV and as multipart, rows, invalid.csv, send', async () => {
    const template = await admin.get('/api/v1/invitations/bulk/template');
    expect(template.status).toBe(200);
    expect(template.text.startsWith('email,name,role,team\r\n')).toBe(true);

    const csv = [
      'email,name,role,team',
      `${uniqueEmail('bulk')},Bea Bulk,sales_rep,Enterprise`,
      `${uniqueEmail('bulk')},Bo Bulk,manager,`,
      'not-an-email,Nope Person,sales_rep,',
      '',
    ].join('\r\n');
    const upload = await postRaw(admin, '/api/v1/invitations/bulk?fileName=people.csv', csv, 'text/csv');
    expect(upload.status, upload.text).toBe(201);
    const importId = textAt(upload.body, 'id');
    expect((await admin.get(`/api/v1/invitations/bulk/${importId}`)).status).toBe(200);
    expect((await admin.get(`/api/v1/invitations/bulk/${importId}/rows`)).status).toBe(200);
    expect((await admin.get(`/api/v1/invitations/bulk/${importId}/rows?filter=invalid&limit=10`)).status).toBe(200);
    expect((await admin.get(`/api/v1/invitations/bulk/${importId}/rows?filter=some`)).status).toBe(400);
    const invalid = await admin.get(`/api/v1/invitations/bulk/${importId}/invalid.csv`);
    expect(invalid.status).toBe(200);
    expect(invalid.text.split('\r\n')[0]).toMatch(/issues/);
    expect(invalid.text).toContain('not-an-email');
    const sent = await admin.post(`/api/v1/invitations/bulk/${importId}/send`);
    expect(sent.status, sent.text).toBe(200);
    expect((await admin.post(`/api/v1/invitations/bulk/${importId}/send`)).status).toBe(409);
    expect((await admin.get('/api/v1/invitations/bulk/nothing-here')).status).toBe(404);

    const form = new FormData();
    form.append('file', new Blob([`email,name,role\r\n${uniqueEmail('multi')},Mo Multi,sales_rep\r\n`]), 'more.csv');
    const multipart = await admin.send('POST', '/api/v1/invitations/bulk', form);
    expect(multipart.status, multipart.text).toBe(201);

    const json = await admin.post('/api/v1/invitations/bulk', { rows: [] });
    expect(json.status).toBe(400);
    const noColumns = await postRaw(admin, '/api/v1/invitations/bulk', 'email\r\nx@example.test\r\n', 'text/csv');
    expect(noColumns.status).toBe(400);
  });

  it('the members: people, dashboard, onboarding, profile, photo', async () => {
    expect((await rep.get('/api/v1/me')).status).toBe(200);
    expect((await rep.get('/api/v1/people')).status).toBe(200);
    expect((await rep.get(`/api/v1/people/${adminUserId}`)).status).toBe(200);
    expect((await rep.get('/api/v1/people/nobody')).status).toBe(404);
    expect((await rep.get('/api/v1/me/dashboard')).status).toBe(200);
    expect((await rep.get('/api/v1/me/onboarding')).status).toBe(200);
    expect((await rep.post('/api/v1/me/profile/skip')).status).toBe(200);
    const profile = await rep.patch('/api/v1/me/profile', { name: 'Rita Rep', phone: '+1 202 456 1111' });
    expect(profile.status, profile.text).toBe(200);
    expect((await rep.patch('/api/v1/me/profile', { phone: '12' })).status).toBe(400);
    expect((await rep.post('/api/v1/me/tour', { status: 'completed' })).status).toBe(200);

    const png = await sharp({ create: { width: 64, height: 64, channels: 3, background: '#3366ff' } })
      .png()
      .toBuffer();
    const raw = await rep.send('PUT', '/api/v1/me/photo', new Uint8Array(png), { 'content-type': 'image/png' });
    expect(raw.status, raw.text).toBe(200);
    const form = new FormData();
    form.append('file', new Blob([new Uint8Array(png)], { type: 'image/png' }), 'me.png');
    const multipart = await rep.send('PUT', '/api/v1/me/photo', form);
    expect(multipart.status, multipart.text).toBe(200);
    const photoUrl = textAt(JSON.parse(multipart.text), 'photoUrl');
    const photo = await admin.send('GET', photoUrl, null);
    expect(photo.status).toBe(200);
    expect(photo.bytes.subarray(0, 4).toString('latin1')).toBe('RIFF');
    expect(photo.bytes.subarray(8, 12).toString('latin1')).toBe('WEBP');
    const again = await admin.send('GET', photoUrl, null, { 'if-none-match': photo.headers.get('etag') ?? '' });
    expect(again.status).toBe(304);
    expect((await admin.send('GET', '/api/v1/photos/no-such-photo', null)).status).toBe(404);
    const garbage = await rep.send('PUT', '/api/v1/me/photo', new Uint8Array(Buffer.from('not an image')), {
      'content-type': 'image/png',
    });
    expect(garbage.status).toBe(400);
    expect((await rep.delete('/api/v1/me/photo')).status).toBe(200);
  });

  it('deals, leads and owners', async () => {
    expect((await rep.get('/api/v1/owners')).status).toBe(200);
    // This one stays, for the records the rep owns.
    const kept = await rep.post('/api/v1/deals', { name: 'Big one', amount: 12000, stage: 'proposal' });
    expect(kept.status, kept.text).toBe(201);
    await lifecycle(rep, '/api/v1/deals', { name: 'Small one', amount: 10, stage: 'qualification' }, { stage: 'won' });
    expect((await rep.post('/api/v1/deals', { name: 'Negative', amount: -1, stage: 'proposal' })).status).toBe(400);
    const lead = { name: 'Lee Lead', email: 'lee@example.test', company: 'Acme' };
    await lifecycle(rep, '/api/v1/leads', lead, { company: 'Acme Ltd' });
    const records = await admin.get(`/api/v1/users/${repUserId}/records`);
    expect(records.body).toEqual({ deals: 1, leads: 0 });
  });

  it('#general, its live stream, the welcome message, the guide and the challenges', async () => {
    const channels = await rep.get('/api/v1/channels');
    expect(channels.status).toBe(200);
    const generalId = textAt(channels.body, 'items.0.id');
    const stream = await rep.firstEvents(`/api/v1/channels/${generalId}/stream`);
    expect(stream.status).toBe(200);
    expect(stream.headers.get('content-type')).toMatch(/^text\/event-stream/);
    expect(stream.text).toContain('retry: 3000');
    expect((await rep.firstEvents('/api/v1/channels/no-such-channel/stream')).status).toBe(404);
    const posted = await rep.post(`/api/v1/channels/${generalId}/messages`, { body: 'Hello, #general' });
    expect(posted.status, posted.text).toBe(201);
    expect((await rep.post(`/api/v1/channels/${generalId}/messages`, { body: '   ' })).status).toBe(400);
    expect((await rep.get(`/api/v1/channels/${generalId}/messages?limit=10`)).status).toBe(200);

    expect((await admin.get('/api/v1/onboarding/welcome-message')).status).toBe(200);
    const welcome = await admin.put('/api/v1/onboarding/welcome-message', {
      enabled: true,
      template: 'Welcome {name} to {team}!',
    });
    expect(welcome.status, welcome.text).toBe(200);
    expect((await rep.get('/api/v1/onboarding/welcome-message')).status).toBe(403);

    const guide = await admin.put('/api/v1/onboarding/guide', { markdown: '# Welcome\n\nRead **this** first.' });
    expect(guide.status, guide.text).toBe(200);
    expect((await rep.get('/api/v1/onboarding/guide')).status).toBe(200);

    const challenge = await admin.post('/api/v1/challenges', {
      name: 'First week',
      steps: ['complete_profile', 'post_in_general'],
      active: true,
      dueDays: 7,
    });
    expect(challenge.status, challenge.text).toBe(201);
    const challengeId = textAt(challenge.body, 'id');
    expect((await admin.patch(`/api/v1/challenges/${challengeId}`, { name: 'The first week' })).status).toBe(200);
    expect((await rep.get('/api/v1/challenges')).status).toBe(200);
    expect((await admin.get(`/api/v1/challenges/${challengeId}/progress`)).status).toBe(200);
    expect((await admin.post('/api/v1/challenges', { name: 'Empty', steps: [], active: true })).status).toBe(400);
  });

  it('SSO settings, and an invitation accepted through the identity provider', async () => {
    expect((await admin.get('/api/v1/sso')).status).toBe(200);
    const saved = await admin.put('/api/v1/sso', {
      enabled: true,
      issuer: idp.issuer,
      clientId: idp.clientId,
      clientSecret: idp.clientSecret,
    });
    expect(saved.status, saved.text).toBe(200);
    expect((await rep.get('/api/v1/sso')).status).toBe(403);

    const email = uniqueEmail('sso');
    const invited = await admin.post('/api/v1/invitations', { email, name: 'Sam Sso', role: 'manager' });
    const ssoUserId = textAt(invited.body, 'id');
    const token = await devMailboxToken(admin, email);
    const subject = `sub-${crypto.randomUUID()}`;
    idp.accounts.set(subject, { email, email_verified: true, name: 'Sam Sso' });

    const person = browser();
    const start = await person.get(`/auth/sso/start?workspace=${workspaceId}&invitation=${encodeURIComponent(token)}`);
    expect(start.status, start.text).toBe(302);
    const callbackUrl = await new ProviderBrowser().signIn(start.headers.get('location') ?? '', subject, REDIRECT_URI);
    const callback = await person.get(callbackUrl.pathname + callbackUrl.search);
    expect(callback.status, callback.text).toBe(302);
    expect((await person.get('/api/v1/me')).status).toBe(200);

    // What a browser meets when something is wrong: HTML pages, never problem+json.
    const noState = await browser().get('/auth/sso/callback?code=abc');
    expect(noState.status).toBe(400);
    const badStart = await browser().get(`/auth/sso/start?workspace=${'w'.repeat(101)}`);
    expect(badStart.status).toBe(400);

    // The SSO member leaves: deactivated, back, then deleted, their records to the admin.
    expect((await admin.post(`/api/v1/users/${ssoUserId}/deactivate`)).status).toBe(200);
    expect((await admin.post(`/api/v1/users/${ssoUserId}/deactivate`)).status).toBe(409);
    expect((await admin.post(`/api/v1/users/${ssoUserId}/reactivate`)).status).toBe(200);
    const deleted = await admin.delete(`/api/v1/users/${ssoUserId}`, { reassignTo: adminUserId });
    expect(deleted.status, deleted.text).toBe(204);
  });

  it('audit log and its CSV', async () => {
    expect((await admin.get('/api/v1/audit')).status).toBe(200);
    expect((await admin.get('/api/v1/audit?action=invitation.sent&limit=5')).status).toBe(200);
    expect((await admin.get('/api/v1/audit?from=yesterday')).status).toBe(400);
    const csv = await admin.get('/api/v1/audit.csv');
    expect(csv.status).toBe(200);
    expect(csv.text.split('\r\n').length).toBeGreaterThan(2);
    expect((await rep.get('/api/v1/audit.csv')).status).toBe(403);
  });

  it('refusals around every route: CSRF, body type, body size, malformed JSON', async () => {
    const csrf = await rep.post('/api/v1/me/tour', { status: 'skipped' }, { csrf: 'none' });
    expect(csrf.status).toBe(403);
    expect(textAt(csrf.body, 'code')).toBe('csrf_failed');
    const logout = await rep.post('/api/v1/auth/logout', undefined, { csrf: 'wrong' });
    expect(logout.status).toBe(403);
    const xml = await postRaw(admin, '/api/v1/teams', '<team/>', 'application/xml');
    expect(xml.status).toBe(415);
    const huge = await admin.post('/api/v1/teams', { name: 'x'.repeat(1024 * 1024 + 10) });
    expect(huge.status).toBe(413);
    const malformed = await postRaw(admin, '/api/v1/teams', '{"name":', 'application/json');
    expect(malformed.status).toBe(400);
  });

  it('forgets the password, resets it, signs out and in again', async () => {
    const forgot = await anonymous().post('/api/v1/auth/password/forgot', { email: adminEmail });
    expect(forgot.status, forgot.text).toBe(202);
    const token = await devMailboxToken(admin, adminEmail, { path: 'reset-password' });
    const person = anonymous();
    expect((await person.post('/api/v1/auth/password/reset/lookup', { token })).status).toBe(200);
    expect((await person.post('/api/v1/auth/password/reset/lookup', { token: 'nope' })).status).toBe(410);
    const newPassword = `${STRONG_PASSWORD}-again`;
    recordSecret(newPassword);
    expect((await person.post('/api/v1/auth/password/reset', { token, password: newPassword })).status).toBe(204);
    expect((await person.post('/api/v1/auth/password/reset', { token, password: newPassword })).status).toBe(410);
    expect((await anonymous().post('/api/v1/auth/verify-email', { token: 'nope' })).status).toBe(410);

    const login = await admin.post('/api/v1/auth/login', { email: adminEmail, password: newPassword });
    expect(login.status, login.text).toBe(200);
    const wrong = await anonymous().post('/api/v1/auth/login', { email: adminEmail, password: STRONG_PASSWORD });
    expect(wrong.status).toBe(401);
    expect((await admin.get('/api/v1/dev/mailbox?limit=2')).status).toBe(200);
    expect((await admin.get('/api/v1/dev/mailbox?limit=0')).status).toBe(400);
    expect((await admin.post('/api/v1/auth/logout')).status).toBe(204);
    expect((await admin.get('/api/v1/me')).status).toBe(401);
  });

  it('exercised every documented operation, or says why not', () => {
    const operations = openapi.operations();
    const missing = operations.filter((op) => !openapi.exercised.has(op) && !(op in NOT_IN_WORKFLOW));
    expect(missing).toEqual([]);
    // The list stays true: nothing on it is exercised after all, or gone from the document.
    const stale = Object.keys(NOT_IN_WORKFLOW).filter((op) => openapi.exercised.has(op) || !operations.includes(op));
    expect(stale).toEqual([]);
    // Every operation answered at least once with a success, not only with refusals.
    const refusedOnly = [...openapi.exercised].filter(([, statuses]) => ![...statuses].some((s) => s < 400));
    expect(refusedOnly.map(([op]) => op)).toEqual([]);
  });
});
