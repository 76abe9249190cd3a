import { spawn } from 'node:child_process';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { newId } from '../../src/server/lib/secrets.js';
import { nowIso } from '../../src/server/lib/time.js';
import type { Me } from '../../src/shared/api/auth.js';
import type { BulkImport } from '../../src/shared/api/bulk-invites.js';
import type { InvitationSummary } from '../../src/shared/api/invitations.js';
import type { User } from '../../src/shared/api/users.js';
import type { Problem } from '../../src/shared/errors.js';
import { type Answer, Client } from '../support/client.js';
import { devMailboxToken } from '../support/dev-mailbox.js';
import { type SignedUp, STRONG_PASSWORD, signUp, uniqueEmail } from '../support/factories.js';
import { recordSecret } from '../support/secrets-audit.js';
import { fastOutbox, startTestServer, type TestServer } from '../support/server.js';
import { type SmtpCatcher, startSmtpCatcher } from '../support/smtp.js';

// The outside review's findings 1 (account takeover through an invitation) and 6 (an open relay
// for invitations), each run as the attacker ran it.

const NEW_PASSWORD = 'granite-meadow-pilot-71';

async function invite(admin: SignedUp, email: string): Promise<Answer<Problem & { id: string }>> {
  return admin.client.post<Problem & { id: string }>('/api/v1/invitations', {
    email,
    name: 'Victor Victim',
    role: 'sales_rep',
  });
}

async function loginStatus(server: TestServer, email: string, password: string): Promise<number> {
  return (await new Client(server.url).post('/api/v1/auth/login', { email, password })).status;
}

describe('V6.4 (closest: authentication factor lifecycle and recovery) — finding 1: an invitation never replaces an existing account’s password or identity', () => {
  let server: TestServer;
  beforeAll(async () => {
    // What `npm start` runs: no SMTP_URL, so every email lands in the dev mailbox.
    server = await startTestServer({ config: { outbox: fastOutbox() } });
  });
  afterAll(async () => {
    await server?.close();
  });

  it('an admin who invites an unverified account’s email and reads the link in the dev mailbox cannot set its password: 401 invalid_credentials, the owner keeps password, sessions and workspace', async () => {
    const victim = await signUp(server.url, { workspaceName: 'Victim Co', name: 'Victor Victim' }, { verified: false });
    const attacker = await signUp(server.url, { workspaceName: 'Evil Corp', name: 'Eve Attacker' });
    const invited = await invite(attacker, victim.email);
    expect(invited.status).toBe(201);
    const token = await devMailboxToken(attacker.client, victim.email);

    const lookup = await new Client(server.url).post<InvitationSummary>('/api/v1/invitations/lookup', { token });
    expect(lookup.body).toMatchObject({ accountExists: true, accountSignIn: 'password' });

    const accepted = await new Client(server.url).post<Problem>('/api/v1/invitations/accept', {
      token,
      password: NEW_PASSWORD,
      name: 'Victor Victim',
    });
    expect(accepted.status).toBe(401);
    expect(accepted.body.code).toBe('invalid_credentials');
    expect(accepted.body.detail).toMatch(/already has a SalesOS account/);

    // Nothing changed for the owner: same password, same session, still admin of their workspace.
    expect(await loginStatus(server, victim.email, NEW_PASSWORD)).toBe(401);
    expect(await loginStatus(server, victim.email, STRONG_PASSWORD)).toBe(200);
    const me = await victim.client.get<Me>('/api/v1/me');
    expect(me.status).toBe(200);
    expect(me.body.workspace.id).toBe(victim.workspace.id);
    expect(me.body.user.role).toBe('admin');
    // And the invitation is still pending, not accepted by the attacker.
    const pending = await attacker.client.get<User>(`/api/v1/users/${invited.body.id}`);
    expect(pending.body.status).toBe('pending');
  });

  it('an account that signs in only with SSO gets no password through an invitation either', async () => {
    const attacker = await signUp(server.url, { workspaceName: 'Evil Corp', name: 'Eve Attacker' });
    const email = uniqueEmail('sso.only');
    const now = nowIso();
    await server.app.ctx.database.db
      .insertInto('accounts')
      .values({
        id: newId(),
        email,
        name: 'Sam Sso',
        password_hash: null,
        email_verified_at: now,
        last_workspace_id: null,
        created_at: now,
        updated_at: now,
      })
      .execute();
    expect((await invite(attacker, email)).status).toBe(201);
    const token = await devMailboxToken(attacker.client, email);
    const lookup = await new Client(server.url).post<InvitationSummary>('/api/v1/invitations/lookup', {
      token,
    });
    expect(lookup.body.accountSignIn).toBe('sso');
    const accepted = await new Client(server.url).post<Problem>('/api/v1/invitations/accept', {
      token,
      password: NEW_PASSWORD,
    });
    expect(accepted.status).toBe(401);
    expect(accepted.body.code).toBe('invalid_credentials');
    const account = await server.app.ctx.database.db
      .selectFrom('accounts')
      .select('password_hash')
      .where('email', '=', email)
      .executeTakeFirstOrThrow();
    expect(account.password_hash).toBeNull();
  });

  it('a new account made through a dev-mailbox invitation starts unverified (its inviter could read the link)', async () => {
    const admin = await signUp(server.url, { workspaceName: 'Northwind' });
    const email = uniqueEmail('new.hire');
    expect((await invite(admin, email)).status).toBe(201);
    const token = await devMailboxToken(admin.client, email);
    const person = new Client(server.url);
    expect((await person.post('/api/v1/invitations/accept', { token, password: NEW_PASSWORD })).status).toBe(201);
    expect((await person.get<Me>('/api/v1/me')).body.account.emailVerified).toBe(false);
  });
});

describe('V6.4 — finding 1: the owner of a squatted address reclaims it by a password reset sent through real email', () => {
  let smtp: SmtpCatcher;
  let server: TestServer;
  beforeAll(async () => {
    smtp = await startSmtpCatcher();
    server = await startTestServer({ env: { SMTP_URL: smtp.url }, config: { outbox: fastOutbox() } });
  });
  afterAll(async () => {
    await server?.close();
    await smtp?.close();
  });

  function linkIn(to: string, path: string): Promise<string> {
    const pattern = new RegExp(`/${path}/([A-Za-z0-9_-]+)`);
    return smtp
      .waitFor((all) => all.some((m) => m.to === to && pattern.test(m.text)))
      .then((all) => {
        const mail = all.filter((m) => m.to === to && pattern.test(m.text)).at(-1);
        const token = mail ? pattern.exec(mail.text)?.[1] : undefined;
        if (!token) throw new Error('no link');
        recordSecret(token);
        return token;
      });
  }

  it('the reset ends the squatter’s sessions and SSO links, verifies the email, and then the invitation is accepted with the new password', async () => {
    const owner = uniqueEmail('real.owner');
    const squatter = await signUp(server.url, { workspaceName: 'Squatted', email: owner }, { verified: false });
    const now = nowIso();
    await server.app.ctx.database.db
      .insertInto('sso_identities')
      .values({
        issuer: 'https://idp.squatter.test',
        subject: 'squatter',
        account_id: await accountId(server, owner),
        email: owner,
        created_at: now,
      })
      .execute();
    const employer = await signUp(server.url, { workspaceName: 'Real Employer' });
    expect((await invite(employer, owner)).status).toBe(201);
    const invitation = await linkIn(owner, 'invite');
    // The link alone does not do it: the account is someone else's until the address is proven.
    const refused = await new Client(server.url).post<Problem>('/api/v1/invitations/accept', {
      token: invitation,
      password: NEW_PASSWORD,
    });
    expect(refused.body.code).toBe('invalid_credentials');

    expect((await new Client(server.url).post('/api/v1/auth/password/forgot', { email: owner })).status).toBe(202);
    const reset = await linkIn(owner, 'reset-password');
    expect(
      (await new Client(server.url).post('/api/v1/auth/password/reset', { token: reset, password: NEW_PASSWORD }))
        .status,
    ).toBe(204);
    expect((await squatter.client.get('/api/v1/me')).status).toBe(401);
    const identities = await server.app.ctx.database.db
      .selectFrom('sso_identities')
      .select('subject')
      .where('email', '=', owner)
      .execute();
    expect(identities).toEqual([]);

    const person = new Client(server.url);
    const accepted = await person.post('/api/v1/invitations/accept', { token: invitation, password: NEW_PASSWORD });
    expect(accepted.status, accepted.text).toBe(201);
    const me = await person.get<Me>('/api/v1/me');
    expect(me.body).toMatchObject({ account: { email: owner, emailVerified: true } });
  });

  it('an invitation accepted through real email makes a verified account', async () => {
    const admin = await signUp(server.url, { workspaceName: 'Northwind' });
    const email = uniqueEmail('new.hire');
    expect((await invite(admin, email)).status).toBe(201);
    const token = await linkIn(email, 'invite');
    const person = new Client(server.url);
    expect((await person.post('/api/v1/invitations/accept', { token, password: NEW_PASSWORD })).status).toBe(201);
    expect((await person.get<Me>('/api/v1/me')).body.account.emailVerified).toBe(true);
  });
});

describe('V2.4.1 (closest: anti-automation of business functions) — finding 6: invitations are not an open relay', () => {
  let server: TestServer;
  beforeAll(async () => {
    server = await startTestServer({
      env: { FREE_PLAN_INVITATIONS_PER_HOUR: '8' },
      config: { outbox: fastOutbox() },
    });
  });
  afterAll(async () => {
    await server?.close();
  });

  it('an unverified sign-up cannot invite, resend or send a bulk file: 403 email_not_verified, nothing queued; after the link in its email it can', async () => {
    const admin = await signUp(server.url, { workspaceName: 'Fresh' }, { verified: false });
    const email = uniqueEmail('target');
    const refused = await invite(admin, email);
    expect(refused.status).toBe(403);
    expect(refused.body.code).toBe('email_not_verified');
    const upload = await admin.client.request<BulkImport>('POST', '/api/v1/invitations/bulk?fileName=a.csv', {
      rawBody: `email,name,role\n${uniqueEmail('bulk')},Bo Bulk,sales_rep\n`,
      headers: { 'content-type': 'text/csv' },
    });
    expect(upload.status).toBe(201);
    const send = await admin.client.post<Problem>(`/api/v1/invitations/bulk/${upload.body.id}/send`);
    expect(send.status).toBe(403);
    expect(send.body.code).toBe('email_not_verified');
    const queued = await server.app.ctx.database.db
      .selectFrom('outbox')
      .select('id')
      .where('workspace_id', '=', admin.workspace.id)
      .where('kind', '=', 'invitation')
      .execute();
    expect(queued).toEqual([]);

    const verifyToken = await devMailboxToken(admin.client, admin.email, { path: 'verify-email' });
    expect((await admin.client.post('/api/v1/auth/verify-email', { token: verifyToken })).status).toBe(204);
    expect((await invite(admin, email)).status).toBe(201);
  });

  it('revoke and re-invite cannot flood one address: the sixth invitation email within the hour is 429 rate_limited with Retry-After, from any workspace', async () => {
    const admin = await signUp(server.url, { workspaceName: 'Churn' });
    await admin.client.put('/api/v1/billing/plan', { planId: 'enterprise' });
    const target = uniqueEmail('target');
    for (let i = 0; i < 5; i++) {
      const sent = await invite(admin, target);
      expect(sent.status, sent.text).toBe(201);
      expect((await admin.client.post(`/api/v1/users/${sent.body.id}/revoke`)).status).toBe(200);
    }
    const sixth = await invite(admin, target);
    expect(sixth.status).toBe(429);
    expect(sixth.body.code).toBe('rate_limited');
    expect(Number(sixth.headers.get('retry-after'))).toBeGreaterThan(0);
    // Another workspace gets the same answer for that address, and can still invite others.
    const other = await signUp(server.url, { workspaceName: 'Elsewhere' });
    expect((await invite(other, target)).body.code).toBe('rate_limited');
    expect((await invite(other, uniqueEmail('someone.else'))).status).toBe(201);
    const emails = await server.app.ctx.database.db
      .selectFrom('outbox')
      .select('id')
      .where('to_address', '=', target)
      .where('kind', '=', 'invitation')
      .execute();
    expect(emails).toHaveLength(5);
  });

  it('a workspace on the Free plan sends at most FREE_PLAN_INVITATIONS_PER_HOUR invitations an hour, on every path; a paid plan is not capped', async () => {
    const admin = await signUp(server.url, { workspaceName: 'Free Tier' });
    const ids: string[] = [];
    // 8 an hour here: invite and revoke (seats are freed), then a resend, then a bulk send.
    for (let i = 0; i < 6; i++) {
      const sent = await invite(admin, uniqueEmail('free'));
      expect(sent.status, sent.text).toBe(201);
      ids.push(sent.body.id);
      if (i < 4) await admin.client.post(`/api/v1/users/${sent.body.id}/revoke`);
    }
    expect((await admin.client.post(`/api/v1/users/${ids[5]}/resend`)).status).toBe(200);
    const upload = await admin.client.request<BulkImport>('POST', '/api/v1/invitations/bulk?fileName=b.csv', {
      rawBody: `email,name,role\n${uniqueEmail('bulk')},Bo Bulk,sales_rep\n${uniqueEmail('bulk')},Bea Bulk,sales_rep\n`,
      headers: { 'content-type': 'text/csv' },
    });
    const bulk = await admin.client.post<Problem>(`/api/v1/invitations/bulk/${upload.body.id}/send`);
    expect(bulk.status).toBe(429);
    expect(bulk.body.code).toBe('rate_limited');
    expect(bulk.body.detail).toMatch(/Free plan sends at most 8 invitations an hour/);
    const ninth = await invite(admin, uniqueEmail('free'));
    expect(ninth.status).toBe(201);
    expect((await invite(admin, uniqueEmail('free'))).body.code).toBe('rate_limited');

    const paid = await signUp(server.url, { workspaceName: 'Paid Tier' });
    await paid.client.put('/api/v1/billing/plan', { planId: 'business' });
    for (let i = 0; i < 10; i++) expect((await invite(paid, uniqueEmail('paid'))).status).toBe(201);
  });
});

describe('V13.4 (closest: production configuration) — finding 1: a production server never keeps emails in the dev mailbox by accident', () => {
  const databaseUrl = () => `sqlite:${join(mkdtempSync(join(tmpdir(), 'salesos-prod-')), 'salesos.db')}`;
  function start(env: Record<string, string>): Promise<{ code: number | null; output: string }> {
    return new Promise((done) => {
      const child = spawn(process.execPath, ['--import', 'tsx', resolve('src/server/main.ts')], {
        env: { PATH: process.env.PATH ?? '', PORT: '0', LOG_LEVEL: 'info', ...env },
        stdio: ['ignore', 'pipe', 'pipe'],
      });
      let output = '';
      const collect = (chunk: Buffer) => {
        output += chunk.toString('utf8');
        if (output.includes('is ready at')) child.kill('SIGTERM');
      };
      child.stdout.on('data', collect);
      child.stderr.on('data', collect);
      child.on('exit', (code) => done({ code, output }));
    });
  }

  it('NODE_ENV=production without SMTP_URL refuses to start, naming SMTP_URL; DEV_MAILBOX=on starts and says the dev mailbox is on', {
    timeout: 60_000,
  }, async () => {
    const refused = await start({ NODE_ENV: 'production', DATABASE_URL: databaseUrl() });
    expect(refused.code).toBe(1);
    expect(refused.output).toMatch(/SalesOS cannot start\. Invalid SMTP_URL: required when NODE_ENV=production/);

    const allowed = await start({ NODE_ENV: 'production', DEV_MAILBOX: 'on', DATABASE_URL: databaseUrl() });
    expect(allowed.output).toMatch(/dev mailbox/i);
    expect(allowed.output).toMatch(/is ready at/);
  });
});

async function accountId(server: TestServer, email: string): Promise<string> {
  const row = await server.app.ctx.database.db
    .selectFrom('accounts')
    .select('id')
    .where('email', '=', email)
    .executeTakeFirstOrThrow();
  return row.id;
}
