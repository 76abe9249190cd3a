import { randomBytes } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { AuditEvent } from '../../src/shared/api/audit.js';
import type { Dashboard } from '../../src/shared/api/dashboard.js';
import type { Guide } from '../../src/shared/api/guide.js';
import type { Page } from '../../src/shared/api/pagination.js';
import type { Team } from '../../src/shared/api/teams.js';
import type { User } from '../../src/shared/api/users.js';
import type { Problem } from '../../src/shared/errors.js';
import { Client, type OrProblem } from '../support/client.js';
import { type SignedUp, STRONG_PASSWORD, signUp, uniqueEmail } from '../support/factories.js';
import { addMember, signIn } from '../support/fixtures.js';
import { ProviderBrowser, startOidcProvider, type TestOidcProvider } from '../support/oidc-provider.js';
import { recordSecret } from '../support/secrets-audit.js';
import { fastOutbox, startTestServer, type TestServer } from '../support/server.js';
import { type CaughtMail, type SmtpCatcher, startSmtpCatcher, tokenFrom } from '../support/smtp.js';

const PUBLIC_URL = 'http://crm.example.test';
const REDIRECT_URI = `${PUBLIC_URL}/auth/sso/callback`;
let smtp: SmtpCatcher;
let server: TestServer;
let idp: TestOidcProvider;
// PostgreSQL needs SECRETS_KEY to save an SSO client secret; SQLite makes its own key file.
const secretsKey = randomBytes(32).toString('base64');
recordSecret(secretsKey);

beforeAll(async () => {
  smtp = await startSmtpCatcher();
  idp = await startOidcProvider({ redirectUri: REDIRECT_URI });
  server = await startTestServer({
    env: {
      SMTP_URL: smtp.url,
      PUBLIC_URL,
      SSO_ALLOWED_HOSTS: new URL(idp.issuer).host,
      ...(process.env.TEST_DIALECT === 'postgres' ? { SECRETS_KEY: secretsKey } : {}),
    },
    config: { outbox: fastOutbox() },
  });
});
afterAll(async () => {
  await server?.close();
  await idp?.close();
  await smtp?.close();
});

async function invitationTo(email: string): Promise<CaughtMail> {
  const isInvitation = (m: CaughtMail) => m.to === email && m.text.includes('/invite/');
  const all = await smtp.waitFor((messages) => messages.some(isInvitation));
  const mail = all.find(isInvitation);
  if (!mail) throw new Error('no invitation');
  return mail;
}

/** Invites a person with the given buddy and accepts the invitation as them. */
async function inviteAndAccept(admin: SignedUp, args: { name: string; buddyId: string | null; teamId?: string }) {
  const email = uniqueEmail('newcomer');
  const sent = await admin.client.post<OrProblem<User>>('/api/v1/invitations', {
    email,
    name: args.name,
    role: 'sales_rep',
    teamId: args.teamId,
    buddyId: args.buddyId,
  });
  expect(sent.status, sent.text).toBe(201);
  const mail = await invitationTo(email);
  const accepted = await new Client(server.url).post('/api/v1/invitations/accept', {
    token: tokenFrom(mail),
    password: STRONG_PASSWORD,
  });
  expect(accepted.status, accepted.text).toBe(201);
  return { id: sent.body.id, email, mail };
}

describe('the Getting Started guide', () => {
  it('renders and sanitises the Markdown an admin saves, and shows it to every member', async () => {
    const admin = await signUp(server.url, { workspaceName: 'Guide Co' });
    const empty = await admin.client.get<Guide>('/api/v1/onboarding/guide');
    expect(empty.status).toBe(200);
    expect(empty.body).toEqual({ markdown: '', html: '', updatedAt: null });

    const markdown = [
      '# Welcome aboard',
      '',
      'Read **this** first, then [the handbook](https://handbook.example.com).',
      '',
      '<script>alert("x")</script>',
      '',
      '<img src="x" onerror="alert(1)">',
      '',
      '[bad](javascript:alert(2))',
      '',
      '- step one',
      '- step two',
    ].join('\n');
    const saved = await admin.client.put<Guide>('/api/v1/onboarding/guide', { markdown });
    expect(saved.status, saved.text).toBe(200);
    expect(saved.body.markdown).toBe(markdown);
    const { html } = saved.body;
    expect(html).toContain('<h1>Welcome aboard</h1>');
    expect(html).toContain('<strong>this</strong>');
    expect(html).toContain(
      '<a href="https://handbook.example.com" target="_blank" rel="noopener noreferrer">the handbook</a>',
    );
    expect(html).toContain('<li>step one</li>');
    expect(html).not.toMatch(/<script|onerror|javascript:|<img/i);
    expect(html).not.toContain('alert');

    const rep = await addMember(server, { workspaceId: admin.workspace.id, role: 'sales_rep' });
    const repClient = await signIn(server, rep.email);
    const read = await repClient.get<Guide>('/api/v1/onboarding/guide');
    expect(read.status).toBe(200);
    expect(read.body).toEqual(saved.body);
    const dashboard = await repClient.get<Dashboard>('/api/v1/me/dashboard');
    expect(dashboard.status).toBe(200);
    expect(dashboard.body.guide).toEqual({ html, updatedAt: saved.body.updatedAt });

    const audit = await admin.client.get<Page<AuditEvent>>('/api/v1/audit?action=onboarding.changed');
    expect(audit.status).toBe(200);
    expect(audit.body.items.length).toBe(1);
  });

  it('lets only admins edit it', async () => {
    const admin = await signUp(server.url);
    const rep = await addMember(server, { workspaceId: admin.workspace.id, role: 'sales_rep' });
    const manager = await addMember(server, { workspaceId: admin.workspace.id, role: 'manager' });
    for (const person of [rep, manager]) {
      const client = await signIn(server, person.email);
      const answer = await client.put<Problem>('/api/v1/onboarding/guide', { markdown: '# Mine now' });
      expect(answer.status).toBe(403);
      expect(answer.body.code).toBe('forbidden');
    }
    expect((await admin.client.get<Guide>('/api/v1/onboarding/guide')).body.markdown).toBe('');
  });

  it('refuses a guide over 50,000 characters and one without markdown', async () => {
    const admin = await signUp(server.url);
    const long = await admin.client.put<Problem>('/api/v1/onboarding/guide', { markdown: 'a'.repeat(50_001) });
    expect(long.status).toBe(400);
    expect(long.body.code).toBe('validation_failed');
    expect(long.body.errors?.[0]?.path).toBe('markdown');
    const missing = await admin.client.put<Problem>('/api/v1/onboarding/guide', {});
    expect(missing.status).toBe(400);
    expect(missing.body.code).toBe('validation_failed');
    const atLimit = await admin.client.put<Guide>('/api/v1/onboarding/guide', { markdown: 'a'.repeat(50_000) });
    expect(atLimit.status).toBe(200);
  });

  it('is linked from the invitation email', async () => {
    const admin = await signUp(server.url);
    const email = uniqueEmail('reader');
    const sent = await admin.client.post('/api/v1/invitations', { email, name: 'Rita Reader', role: 'sales_rep' });
    expect(sent.status).toBe(201);
    const mail = await invitationTo(email);
    expect(mail.text).toContain(`Read the Getting Started guide: ${PUBLIC_URL}/guide`);
    expect(mail.html).toContain(`href="${PUBLIC_URL}/guide"`);
  });
});

describe('buddies', () => {
  it('emails the buddy, naming the new person, when the invitee accepts', async () => {
    const admin = await signUp(server.url, { workspaceName: 'Buddy Bank' });
    const team = await admin.client.post<Team>('/api/v1/teams', { name: 'Inside Sales' });
    const buddy = await addMember(server, { workspaceId: admin.workspace.id, name: 'Bea Buddy', teamId: team.body.id });
    const newcomer = await inviteAndAccept(admin, { name: 'Nico Newcomer', buddyId: buddy.id, teamId: team.body.id });

    const all = await smtp.waitFor((messages) => messages.some((m) => m.to === buddy.email));
    const toBuddy = all.filter((m) => m.to === buddy.email);
    expect(toBuddy).toHaveLength(1);
    const message = toBuddy[0] as CaughtMail;
    expect(message.html).toContain('<strong>Nico Newcomer</strong>');
    expect(message.subject).toBe('Nico Newcomer just joined Buddy Bank — you are their buddy');
    expect(message.text).toContain('Hi Bea Buddy');
    expect(message.text).toContain(`Nico Newcomer (${newcomer.email})`);
    expect(message.text).toContain('on the Inside Sales team');
    expect(message.text).toContain(`${PUBLIC_URL}/`);

    const user = await admin.client.get<User>(`/api/v1/users/${newcomer.id}`);
    expect(user.body.buddy).toEqual({ id: buddy.id, name: 'Bea Buddy' });
  });

  it('emails the buddy when the invitee accepts with SSO', async () => {
    const admin = await signUp(server.url, { workspaceName: 'Single Sign Co' });
    const sso = await admin.client.put('/api/v1/sso', {
      enabled: true,
      issuer: idp.issuer,
      clientId: idp.clientId,
      clientSecret: idp.clientSecret,
    });
    expect(sso.status, sso.text).toBe(200);
    const buddy = await addMember(server, { workspaceId: admin.workspace.id, name: 'Sid Buddy' });
    const email = uniqueEmail('sso.newcomer');
    const sent = await admin.client.post('/api/v1/invitations', {
      email,
      name: 'Sam Single',
      role: 'sales_rep',
      buddyId: buddy.id,
    });
    expect(sent.status, sent.text).toBe(201);
    const token = tokenFrom(await invitationTo(email));

    const subject = `sub-${crypto.randomUUID()}`;
    idp.accounts.set(subject, { name: 'Sam Single', email, email_verified: true });
    const browser = new Client(server.url);
    const start = await browser.get(
      `/auth/sso/start?workspace=${admin.workspace.id}&invitation=${encodeURIComponent(token)}`,
    );
    expect(start.status, start.text).toBe(302);
    const callbackUrl = await new ProviderBrowser().signIn(start.headers.get('location') ?? '', subject, REDIRECT_URI);
    const callback = await browser.get(callbackUrl.pathname + callbackUrl.search);
    expect(callback.status, callback.text).toBe(302);

    const mails = await smtp.waitFor((all) => all.some((m) => m.to === buddy.email));
    const mail = mails.find((m) => m.to === buddy.email);
    expect(mail?.subject).toBe('Sam Single just joined Single Sign Co — you are their buddy');
  });

  it('queues no buddy email for an invitee without a buddy', async () => {
    const admin = await signUp(server.url);
    const newcomer = await inviteAndAccept(admin, { name: 'Solo Person', buddyId: null });
    const queued = await server.app.ctx.database.db
      .selectFrom('outbox')
      .select('id')
      .where('workspace_id', '=', admin.workspace.id)
      .where('kind', '=', 'buddy_joined')
      .execute();
    expect(queued).toEqual([]);
    expect((await admin.client.get<User>(`/api/v1/users/${newcomer.id}`)).body.buddy).toBeNull();
  });

  it('refuses a deactivated buddy on an invitation and on an edit', async () => {
    const admin = await signUp(server.url);
    const gone = await addMember(server, { workspaceId: admin.workspace.id, status: 'deactivated' });
    const answer = await admin.client.post<Problem>('/api/v1/invitations', {
      email: uniqueEmail('invitee'),
      name: 'Ida Invitee',
      role: 'sales_rep',
      buddyId: gone.id,
    });
    expect(answer.status).toBe(400);
    expect(answer.body.code).toBe('validation_failed');
    expect(answer.body.errors?.[0]?.path).toBe('buddyId');

    const member = await addMember(server, { workspaceId: admin.workspace.id });
    const edit = await admin.client.patch<Problem>(`/api/v1/users/${member.id}`, { buddyId: gone.id });
    expect(edit.status).toBe(400);
    expect(edit.body.code).toBe('validation_failed');
    expect(edit.body.errors?.[0]?.path).toBe('buddyId');
  });

  it('clears a buddy who is deactivated from everyone who had them, and one who is deleted', async () => {
    const admin = await signUp(server.url);
    const buddy = await addMember(server, { workspaceId: admin.workspace.id, name: 'Dee Parting' });
    const newcomer = await inviteAndAccept(admin, { name: 'Nell Newcomer', buddyId: buddy.id });
    const other = await addMember(server, { workspaceId: admin.workspace.id });
    expect((await admin.client.patch(`/api/v1/users/${other.id}`, { buddyId: buddy.id })).status).toBe(200);

    expect((await admin.client.post(`/api/v1/users/${buddy.id}/deactivate`)).status).toBe(200);
    expect((await admin.client.get<User>(`/api/v1/users/${newcomer.id}`)).body.buddy).toBeNull();
    expect((await admin.client.get<User>(`/api/v1/users/${other.id}`)).body.buddy).toBeNull();
    // Reactivation does not bring the assignment back: an admin chooses again.
    expect((await admin.client.post(`/api/v1/users/${buddy.id}/reactivate`)).status).toBe(200);
    expect((await admin.client.get<User>(`/api/v1/users/${newcomer.id}`)).body.buddy).toBeNull();

    const second = await addMember(server, { workspaceId: admin.workspace.id, name: 'Del Eted' });
    expect((await admin.client.patch(`/api/v1/users/${other.id}`, { buddyId: second.id })).status).toBe(200);
    const removed = await admin.client.delete(`/api/v1/users/${second.id}`, {});
    expect(removed.status, removed.text).toBe(204);
    expect((await admin.client.get<User>(`/api/v1/users/${other.id}`)).body.buddy).toBeNull();
  });
});
