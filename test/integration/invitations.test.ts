import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Me, SessionAnswer } from '../../src/shared/api/auth.js';
import type { Billing } from '../../src/shared/api/billing.js';
import type { DevMail } from '../../src/shared/api/dev-mailbox.js';
import type { InvitationSummary } from '../../src/shared/api/invitations.js';
import type { Page } from '../../src/shared/api/pagination.js';
import type { Team } from '../../src/shared/api/teams.js';
import type { User, UsersSummary } from '../../src/shared/api/users.js';
import type { Problem } from '../../src/shared/errors.js';
import { Client, type OrProblem } from '../support/client.js';
import { type SignedUp, STRONG_PASSWORD, signUp, uniqueEmail } from '../support/factories.js';
import { addMember, signIn } from '../support/fixtures.js';
import { fastOutbox, startTestServer, type TestServer } from '../support/server.js';
import { type CaughtMail, type SmtpCatcher, startSmtpCatcher, tokenFrom } from '../support/smtp.js';

let smtp: SmtpCatcher;
let server: TestServer;

beforeAll(async () => {
  smtp = await startSmtpCatcher();
  server = await startTestServer({
    env: { SMTP_URL: smtp.url, PUBLIC_URL: 'http://crm.example.test' },
    config: {
      outbox: fastOutbox(),
    },
  });
});
afterAll(async () => {
  await server?.close();
  await smtp?.close();
});

async function mailTo(email: string, count = 1): Promise<CaughtMail> {
  // Someone who signed up also gets a verification email: count the invitations only.
  const isInvitation = (m: CaughtMail) => m.to === email && m.text.includes('/invite/');
  const messages = await smtp.waitFor((all) => all.filter(isInvitation).length >= count);
  const mine = messages.filter(isInvitation);
  const last = mine[mine.length - 1];
  if (!last) throw new Error('no mail');
  return last;
}

async function invite(admin: SignedUp, body: Record<string, unknown>) {
  return admin.client.post<OrProblem<User>>('/api/v1/invitations', body);
}

async function invited(admin: SignedUp, overrides: Record<string, unknown> = {}) {
  const email = typeof overrides.email === 'string' ? overrides.email : uniqueEmail('invitee');
  const answer = await invite(admin, { name: 'Ivy Invitee', role: 'sales_rep', ...overrides, email });
  expect(answer.status, answer.text).toBe(201);
  const mail = await mailTo(email);
  return { email, user: answer.body, mail, token: tokenFrom(mail) };
}

async function pollUser(admin: SignedUp, id: string, predicate: (u: User) => boolean): Promise<User> {
  const deadline = Date.now() + 10_000;
  for (;;) {
    const user = (await admin.client.get<User>(`/api/v1/users/${id}`)).body;
    if (predicate(user)) return user;
    if (Date.now() > deadline) throw new Error(`user never matched: ${JSON.stringify(user)}`);
    await new Promise((r) => setTimeout(r, 25));
  }
}

describe('inviting one person', () => {
  it('creates a pending user and delivers an invitation email with everything the invitee needs', async () => {
    const admin = await signUp(server.url, { name: 'Ada <Admin>', workspaceName: 'Acme & Co' });
    const team = await admin.client.post<Team>('/api/v1/teams', { name: 'Enterprise' });
    const email = uniqueEmail('john');
    const answer = await invite(admin, {
      email: `  ${email.toUpperCase()}  `,
      name: 'John <script>Smith',
      role: 'manager',
      teamId: team.body.id,
    });
    expect(answer.status).toBe(201);
    expect(answer.body).toMatchObject({
      email,
      status: 'pending',
      role: 'manager',
      team: { id: team.body.id, name: 'Enterprise' },
      invitedBy: { id: admin.user.id, name: 'Ada <Admin>' },
    });
    expect(['queued', 'sent']).toContain(answer.body.emailStatus);
    const expires = Date.parse(answer.body.expiresAt ?? '');
    expect(expires - Date.now()).toBeGreaterThan(7 * 86400_000 - 60_000);

    const mail = await mailTo(email);
    expect(mail.subject).toBe('Ada <Admin> invited you to join Acme & Co on SalesOS');
    expect(mail.text).toContain('as Manager on the Enterprise team');
    expect(mail.text).toMatch(/http:\/\/crm\.example\.test\/invite\/[A-Za-z0-9_-]{43}\b/);
    expect(mail.text).toContain('expires on');
    expect(mail.text).toContain('http://crm.example.test/guide');
    expect(mail.html).toContain('John &lt;script&gt;Smith');
    expect(mail.html).toContain('Ada &lt;Admin&gt;');
    expect(mail.html).toContain('Acme &amp; Co');
    expect(mail.html).not.toContain('<script>');
    expect(mail.messageId).toMatch(/@crm\.example\.test>?$/);
    await pollUser(admin, answer.body.id, (u) => u.emailStatus === 'sent');
  });

  it('answers with the user exactly as the Users list shows them: team, inviter and buddy by name', async () => {
    const admin = await signUp(server.url);
    const team = await admin.client.post<Team>('/api/v1/teams', { name: 'Closers' });
    const buddy = await addMember(server, { workspaceId: admin.workspace.id, name: 'Bea Buddy', teamId: team.body.id });
    const answer = await invite(admin, {
      email: uniqueEmail('answered'),
      name: 'Ari Answered',
      role: 'manager',
      teamId: team.body.id,
      buddyId: buddy.id,
    });
    expect(answer.status, answer.text).toBe(201);
    expect(answer.body).toMatchObject({
      team: { id: team.body.id, name: 'Closers' },
      invitedBy: { id: admin.user.id, name: admin.user.name },
      status: 'pending',
      emailStatus: 'queued',
    });
    const shown = await admin.client.get<User>(`/api/v1/users/${answer.body.id}`);
    // Only the delivery status may have moved on since: the worker runs.
    expect({ ...answer.body, emailStatus: null }).toEqual({ ...shown.body, emailStatus: null });
  });

  it('stores only a hash of the token', async () => {
    const admin = await signUp(server.url);
    const { token, user } = await invited(admin);
    const db = server.app.ctx.database.db;
    const row = await db
      .selectFrom('workspace_users')
      .select('token_hash')
      .where('id', '=', user.id)
      .executeTakeFirstOrThrow();
    expect(row.token_hash).toMatch(/^[0-9a-f]{64}$/);
    expect(row.token_hash).not.toContain(token);
    // The token waits in the outbox only until the email is sent; poll until it is marked so.
    const read = () => db.selectFrom('outbox').selectAll().where('user_id', '=', user.id).execute();
    const deadline = Date.now() + 5000;
    let outbox = await read();
    while (outbox.some((m) => m.status !== 'sent') && Date.now() < deadline) {
      await new Promise((r) => setTimeout(r, 20));
      outbox = await read();
    }
    expect(outbox).toHaveLength(1);
    for (const message of outbox) {
      expect(message.status).toBe('sent');
      expect(JSON.stringify(message)).not.toContain(token);
      expect([message.text_body, message.html_body, message.payload]).toEqual([null, null, null]);
    }
  });

  it('refuses an email that is already a member: 409 already_member', async () => {
    const admin = await signUp(server.url);
    const answer = await invite(admin, { email: admin.email.toUpperCase(), name: 'Me Again', role: 'admin' });
    expect(answer.status).toBe(409);
    expect(answer.body.code).toBe('already_member');
    const deactivated = await addMember(server, { workspaceId: admin.workspace.id, status: 'deactivated' });
    const again = await invite(admin, { email: deactivated.email, name: 'Dee', role: 'sales_rep' });
    expect(again.body.code).toBe('already_member');
  });

  it('refuses an email with a pending invitation: 409 already_invited', async () => {
    const admin = await signUp(server.url);
    const { email } = await invited(admin);
    const answer = await invite(admin, { email, name: 'Twice', role: 'sales_rep' });
    expect(answer.status).toBe(409);
    expect(answer.body.code).toBe('already_invited');
  });

  it('refuses a team that does not exist: 400 team_not_found', async () => {
    const admin = await signUp(server.url);
    const other = await signUp(server.url);
    const foreignTeam = await other.client.post<Team>('/api/v1/teams', { name: 'Theirs' });
    for (const teamId of ['no-such-team', foreignTeam.body.id]) {
      const answer = await invite(admin, { email: uniqueEmail(), name: 'Tess', role: 'sales_rep', teamId });
      expect(answer.status).toBe(400);
      expect(answer.body.code).toBe('team_not_found');
    }
  });

  it('validates the form: 400 validation_failed naming the allowed roles', async () => {
    const admin = await signUp(server.url);
    const answer = await invite(admin, { email: 'not-an-email', name: '', role: 'owner' });
    expect(answer.status).toBe(400);
    expect(answer.body.code).toBe('validation_failed');
    expect(answer.body.errors?.map((e) => e.path).sort()).toEqual(['email', 'name', 'role']);
    expect(answer.body.errors?.find((e) => e.path === 'role')?.message).toContain('sales_rep');
    const header = await invite(admin, { email: uniqueEmail(), name: 'Evil\r\nBcc: x@y.z', role: 'admin' });
    expect(header.body.code).toBe('validation_failed');
  });

  it('is for admins only: 403 forbidden for managers and sales reps, 401 without a session', async () => {
    const admin = await signUp(server.url);
    for (const role of ['manager', 'sales_rep'] as const) {
      const member = await addMember(server, { workspaceId: admin.workspace.id, role });
      const client = await signIn(server, member.email);
      const answer = await client.post<Problem>('/api/v1/invitations', {
        email: uniqueEmail(),
        name: 'X Y',
        role: 'admin',
      });
      expect(answer.status).toBe(403);
      expect(answer.body.code).toBe('forbidden');
    }
    const anonymous = await new Client(server.url).post<Problem>('/api/v1/invitations', {
      email: uniqueEmail(),
      name: 'X',
      role: 'admin',
    });
    expect(anonymous.status).toBe(401);
    expect(anonymous.body.code).toBe('unauthenticated');
  });
});

describe('seats', () => {
  it('refuses an invitation past the plan limit: 409 seat_limit_reached saying how many are missing', async () => {
    const admin = await signUp(server.url);
    for (let i = 0; i < 4; i++) await invite(admin, { email: uniqueEmail(), name: `P ${i}`, role: 'sales_rep' });
    const answer = await invite(admin, { email: uniqueEmail(), name: 'One Too Many', role: 'sales_rep' });
    expect(answer.status).toBe(409);
    expect(answer.body.code).toBe('seat_limit_reached');
    expect(answer.body.detail).toContain('Admin > Billing');
    // The seats as they were before the refused invitation (it is written, then counted, then undone).
    expect(answer.body.detail).toContain('5 are in use (1 active, 4 pending): 1 more seat is needed');
    expect(answer.body).toMatchObject({ seatLimit: 5, seatsUsed: 5, seatsMissing: 1 });
    const summary = await admin.client.get<UsersSummary>('/api/v1/users/summary');
    expect(summary.body.seats).toMatchObject({ used: 5, limit: 5 });
  });

  it('writes 30 simultaneous invitations on a plan without a seat limit, every one (none waits out another, none deadlocks)', async () => {
    const admin = await signUp(server.url);
    expect((await admin.client.put('/api/v1/billing/plan', { planId: 'enterprise' })).status).toBe(200);
    const answers = await Promise.all(
      Array.from({ length: 30 }, (_, i) =>
        invite(admin, { email: uniqueEmail(`many${i}`), name: `Many ${i}`, role: 'sales_rep' }),
      ),
    );
    expect(answers.map((a) => a.status)).toEqual(Array(30).fill(201));
    expect((await admin.client.get<Billing>('/api/v1/billing')).body.seats.pending).toBe(30);
  });

  it('keeps the seats exact when the plan is lowered while invitations are being written', async () => {
    const admin = await signUp(server.url);
    expect((await admin.client.put('/api/v1/billing/plan', { planId: 'enterprise' })).status).toBe(200);
    for (let i = 0; i < 20; i++) await addMember(server, { workspaceId: admin.workspace.id });
    const invites = Array.from({ length: 12 }, (_, i) =>
      invite(admin, { email: uniqueEmail(`lower${i}`), name: `Lower ${i}`, role: 'sales_rep' }),
    );
    const lowered = admin.client.put<Billing>('/api/v1/billing/plan', { planId: 'team' });
    const [plan, ...answers] = await Promise.all([lowered, ...invites]);
    const billing = (await admin.client.get<Billing>('/api/v1/billing')).body;
    const created = answers.filter((a) => a.status === 201).length;
    for (const refused of answers.filter((a) => a.status !== 201)) expect(refused.body.code).toBe('seat_limit_reached');
    expect(billing.seats.used).toBe(21 + created);
    if (plan.status === 200) {
      // Lowered: never past the Team plan's 25 seats, whatever the order.
      expect(billing.plan.id).toBe('team');
      expect(billing.seats.used).toBeLessThanOrEqual(25);
    } else {
      expect((plan.body as unknown as Problem).code).toBe('seats_in_use');
      expect(billing.plan.id).toBe('enterprise');
    }
  });

  it('creates exactly one of 10 simultaneous invitations for 1 free seat', async () => {
    const admin = await signUp(server.url);
    for (let i = 0; i < 3; i++) await addMember(server, { workspaceId: admin.workspace.id });
    const answers = await Promise.all(
      Array.from({ length: 10 }, (_, i) =>
        invite(admin, { email: uniqueEmail(`race${i}`), name: `Racer ${i}`, role: 'sales_rep' }),
      ),
    );
    const statuses = answers.map((a) => a.status).sort();
    expect(statuses.filter((s) => s === 201)).toHaveLength(1);
    expect(answers.filter((a) => a.status === 409).every((a) => a.body.code === 'seat_limit_reached')).toBe(true);
    const billing = await admin.client.get<Billing>('/api/v1/billing');
    expect(billing.body.seats.used).toBe(5);
  });

  it('frees the seat when an invitation is revoked', async () => {
    const admin = await signUp(server.url);
    const { user } = await invited(admin);
    expect((await admin.client.get<Billing>('/api/v1/billing')).body.seats.pending).toBe(1);
    await admin.client.post(`/api/v1/users/${user.id}/revoke`);
    expect((await admin.client.get<Billing>('/api/v1/billing')).body.seats.pending).toBe(0);
  });
});

describe('looking up and accepting', () => {
  it('describes the invitation, then accepts it with a new password and signs the person in', async () => {
    const admin = await signUp(server.url, { workspaceName: 'Lookup Ltd', name: 'Lou Admin' });
    const { token, email, user } = await invited(admin, { role: 'manager', name: 'Nina New' });
    const visitor = new Client(server.url);
    const lookup = await visitor.post<Record<string, unknown>>('/api/v1/invitations/lookup', { token });
    expect(lookup.status).toBe(200);
    expect(lookup.body).toMatchObject({
      workspace: { id: admin.workspace.id, name: 'Lookup Ltd' },
      email,
      name: 'Nina New',
      role: 'manager',
      team: null,
      invitedBy: { name: 'Lou Admin' },
      accountExists: false,
      sso: false,
    });
    expect(lookup.headers.get('cache-control')).toBe('no-store');
    expect(lookup.headers.get('referrer-policy')).toBe('no-referrer');

    const accepted = await visitor.post<SessionAnswer>('/api/v1/invitations/accept', {
      token,
      password: STRONG_PASSWORD,
      name: 'Nina Newton',
    });
    expect(accepted.status).toBe(201);
    expect(accepted.headers.get('cache-control')).toBe('no-store');
    expect(accepted.body.user).toMatchObject({ id: user.id, status: 'active', role: 'manager', name: 'Nina Newton' });
    expect(accepted.body.user.acceptedAt).toBeTruthy();
    const me = await visitor.get<Me>('/api/v1/me');
    expect(me.status).toBe(200);
    expect(me.body.account.emailVerified).toBe(true);
    // The person can sign in again later with the password they chose.
    expect((await new Client(server.url).post('/api/v1/auth/login', { email, password: STRONG_PASSWORD })).status).toBe(
      200,
    );
  });

  it('answers 409 invitation_already_accepted for a used link', async () => {
    const admin = await signUp(server.url);
    const { token } = await invited(admin);
    await new Client(server.url).post('/api/v1/invitations/accept', { token, password: STRONG_PASSWORD });
    const lookup = await new Client(server.url).post<Problem>('/api/v1/invitations/lookup', { token });
    expect(lookup.status).toBe(409);
    expect(lookup.body.code).toBe('invitation_already_accepted');
    const replay = await new Client(server.url).post<Problem>('/api/v1/invitations/accept', {
      token,
      password: STRONG_PASSWORD,
    });
    expect(replay.status).toBe(409);
    expect(replay.body.code).toBe('invitation_already_accepted');
  });

  it('answers 404 invitation_not_found for a token that was never issued', async () => {
    for (const token of ['nope', 'A'.repeat(43)]) {
      const lookup = await new Client(server.url).post<Problem>('/api/v1/invitations/lookup', { token });
      expect(lookup.status).toBe(404);
      expect(lookup.body.code).toBe('invitation_not_found');
      const accept = await new Client(server.url).post<Problem>('/api/v1/invitations/accept', {
        token,
        password: STRONG_PASSWORD,
      });
      expect(accept.body.code).toBe('invitation_not_found');
    }
  });

  it('refuses a weak password: 400 weak_password, invitation still pending', async () => {
    const admin = await signUp(server.url);
    const { token, user } = await invited(admin, { name: 'Paula Pass' });
    for (const password of ['short', 'password1234', 'PaulaPass2024']) {
      const answer = await new Client(server.url).post<Problem>('/api/v1/invitations/accept', { token, password });
      expect(answer.status).toBe(400);
      expect(answer.body.code).toBe('weak_password');
    }
    expect((await admin.client.get<User>(`/api/v1/users/${user.id}`)).body.status).toBe('pending');
  });

  it('uses the role and team on the invitation at acceptance, ignoring role, workspace and email sent along', async () => {
    const admin = await signUp(server.url);
    const team = await admin.client.post<Team>('/api/v1/teams', { name: 'SMB' });
    const { token, user, email } = await invited(admin, { role: 'admin' });
    const edited = await admin.client.patch<User>(`/api/v1/users/${user.id}`, {
      role: 'sales_rep',
      teamId: team.body.id,
      name: 'Edited Name',
    });
    expect(edited.status).toBe(200);
    const stranger = await signUp(server.url);
    const accepted = await new Client(server.url).post<SessionAnswer>('/api/v1/invitations/accept', {
      token,
      password: STRONG_PASSWORD,
      role: 'admin',
      workspaceId: stranger.workspace.id,
      email: 'attacker@example.test',
    });
    expect(accepted.status).toBe(201);
    expect(accepted.body.workspace.id).toBe(admin.workspace.id);
    expect(accepted.body.user).toMatchObject({
      role: 'sales_rep',
      team: { id: team.body.id, name: 'SMB' },
      email,
      name: 'Edited Name',
    });
  });

  it('lets exactly one of 5 simultaneous acceptances of one link win', async () => {
    const admin = await signUp(server.url);
    const { token, email } = await invited(admin);
    const answers = await Promise.all(
      Array.from({ length: 5 }, () =>
        new Client(server.url).post<Problem>('/api/v1/invitations/accept', { token, password: STRONG_PASSWORD }),
      ),
    );
    expect(answers.filter((a) => a.status === 201)).toHaveLength(1);
    for (const loser of answers.filter((a) => a.status !== 201)) {
      expect(loser.status).toBe(409);
      expect(loser.body.code).toBe('invitation_already_accepted');
    }
    const accounts = await server.app.ctx.database.db
      .selectFrom('accounts')
      .select('id')
      .where('email', '=', email)
      .execute();
    expect(accounts).toHaveLength(1);
  });

  it('joins a person who already has an account with their password, without a second account', async () => {
    const other = await signUp(server.url, { workspaceName: 'Home Base' });
    const member = await addMember(server, { workspaceId: other.workspace.id, role: 'manager' });
    const admin = await signUp(server.url, { workspaceName: 'New Place' });
    const { token } = await invited(admin, { email: member.email });
    const lookup = await new Client(server.url).post<InvitationSummary>('/api/v1/invitations/lookup', {
      token,
    });
    expect(lookup.body.accountExists).toBe(true);
    const wrong = await new Client(server.url).post<Problem>('/api/v1/invitations/accept', {
      token,
      password: 'not-my-password-99',
    });
    expect(wrong.status).toBe(401);
    expect(wrong.body.code).toBe('invalid_credentials');
    const client = new Client(server.url);
    const right = await client.post<SessionAnswer>('/api/v1/invitations/accept', {
      token,
      password: member.password,
    });
    expect(right.status).toBe(201);
    expect(right.body.workspace.id).toBe(admin.workspace.id);
    const me = await client.get<Me>('/api/v1/me');
    expect(me.body.workspaces.map((w) => w.id).sort()).toEqual([other.workspace.id, admin.workspace.id].sort());
    const accounts = await server.app.ctx.database.db
      .selectFrom('accounts')
      .select('id')
      .where('email', '=', member.email)
      .execute();
    expect(accounts).toHaveLength(1);
  });

  it('never lets the token holder take over an account whose email was never verified: its password is asked for', async () => {
    const squatter = await signUp(server.url, { workspaceName: 'Squatted' }, { verified: false });
    const admin = await signUp(server.url, { workspaceName: 'Real Employer' });
    const { token } = await invited(admin, { email: squatter.email });
    const lookup = await new Client(server.url).post<InvitationSummary>('/api/v1/invitations/lookup', { token });
    expect(lookup.body).toMatchObject({ accountExists: true, accountSignIn: 'password' });
    const newPassword = 'granite-meadow-pilot-71';
    const accepted = await new Client(server.url).post<Problem>('/api/v1/invitations/accept', {
      token,
      password: newPassword,
    });
    expect(accepted.status).toBe(401);
    expect(accepted.body.code).toBe('invalid_credentials');
    // The account is untouched: its session lives, its password works, the new one does not.
    expect((await squatter.client.get('/api/v1/me')).status).toBe(200);
    const login = (password: string) =>
      new Client(server.url).post<Problem>('/api/v1/auth/login', { email: squatter.email, password });
    expect((await login(newPassword)).body.code).toBe('invalid_credentials');
    expect((await login(squatter.password)).status).toBe(200);
    // Proving the account with its password accepts the invitation.
    const proven = await new Client(server.url).post('/api/v1/invitations/accept', {
      token,
      password: squatter.password,
    });
    expect(proven.status).toBe(201);
  });

  it('gives the accepting browser a fresh session id', async () => {
    const admin = await signUp(server.url);
    const { token } = await invited(admin);
    const browser = new Client(server.url);
    browser.cookies.set('salesos_session', 'planted-by-an-attacker');
    browser.cookies.set('salesos_csrf', 'x');
    const accepted = await browser.post('/api/v1/invitations/accept', { token, password: STRONG_PASSWORD });
    expect(accepted.status).toBe(201);
    expect(browser.cookies.get('salesos_session')).not.toBe('planted-by-an-attacker');
  });
});

describe('pending invitation actions', () => {
  it('resends with a new link: the old one answers 410 invitation_superseded, the timer restarts', async () => {
    const admin = await signUp(server.url);
    const { token: oldToken, user, email } = await invited(admin);
    const resent = await admin.client.post<User>(`/api/v1/users/${user.id}/resend`);
    expect(resent.status).toBe(200);
    expect(Date.parse(resent.body.expiresAt ?? '')).toBeGreaterThanOrEqual(Date.parse(user.expiresAt ?? ''));
    const newToken = tokenFrom(await mailTo(email, 2));
    expect(newToken).not.toBe(oldToken);
    const old = await new Client(server.url).post<Problem>('/api/v1/invitations/lookup', { token: oldToken });
    expect(old.status).toBe(410);
    expect(old.body.code).toBe('invitation_superseded');
    const oldAccept = await new Client(server.url).post<Problem>('/api/v1/invitations/accept', {
      token: oldToken,
      password: STRONG_PASSWORD,
    });
    expect(oldAccept.body.code).toBe('invitation_superseded');
    expect(
      (await new Client(server.url).post('/api/v1/invitations/accept', { token: newToken, password: STRONG_PASSWORD }))
        .status,
    ).toBe(201);
  });

  it('limits resends: 429 rate_limited with Retry-After', async () => {
    const admin = await signUp(server.url);
    const { user } = await invited(admin);
    const statuses: number[] = [];
    let last: { status: number; headers: Headers; body: Problem } | undefined;
    for (let i = 0; i < server.config.rateLimits.resendPerInvitation.max + 1; i++) {
      last = await admin.client.post<Problem>(`/api/v1/users/${user.id}/resend`);
      statuses.push(last.status);
    }
    expect(statuses.at(-1)).toBe(429);
    expect(last?.body.code).toBe('rate_limited');
    expect(Number(last?.headers.get('retry-after'))).toBeGreaterThan(0);
  });

  it('revokes: the link answers 410 invitation_revoked; a second revoke is 409 not_pending', async () => {
    const admin = await signUp(server.url);
    const { token, user } = await invited(admin);
    const revoked = await admin.client.post<User>(`/api/v1/users/${user.id}/revoke`);
    expect(revoked.status).toBe(200);
    expect(revoked.body.status).toBe('revoked');
    const lookup = await new Client(server.url).post<Problem>('/api/v1/invitations/lookup', { token });
    expect(lookup.status).toBe(410);
    expect(lookup.body.code).toBe('invitation_revoked');
    const again = await admin.client.post<Problem>(`/api/v1/users/${user.id}/revoke`);
    expect(again.status).toBe(409);
    expect(again.body.code).toBe('not_pending');
    const resend = await admin.client.post<Problem>(`/api/v1/users/${user.id}/resend`);
    expect(resend.body.code).toBe('not_pending');
    // Revoked rows are listed only on request.
    const list = await admin.client.get<Page<User>>('/api/v1/users');
    expect(list.body.items.map((u) => u.id)).not.toContain(user.id);
    const revokedList = await admin.client.get<Page<User>>('/api/v1/users?status=revoked');
    expect(revokedList.body.items.map((u) => u.id)).toContain(user.id);
  });

  it('invites a revoked email again on the same row, with a new link', async () => {
    const admin = await signUp(server.url);
    const { token: first, user, email } = await invited(admin);
    await admin.client.post(`/api/v1/users/${user.id}/revoke`);
    const again = await invite(admin, { email, name: 'Back Again', role: 'manager' });
    expect(again.status).toBe(201);
    expect(again.body.id).toBe(user.id);
    expect(again.body).toMatchObject({ status: 'pending', role: 'manager', name: 'Back Again' });
    const second = tokenFrom(await mailTo(email, 2));
    expect((await new Client(server.url).post<Problem>('/api/v1/invitations/lookup', { token: first })).status).toBe(
      410,
    );
    expect((await new Client(server.url).post('/api/v1/invitations/lookup', { token: second })).status).toBe(200);
  });

  it('answers 409 not_pending when resending or revoking an active user', async () => {
    const admin = await signUp(server.url);
    for (const action of ['resend', 'revoke']) {
      const answer = await admin.client.post<Problem>(`/api/v1/users/${admin.user.id}/${action}`);
      expect(answer.status).toBe(409);
      expect(answer.body.code).toBe('not_pending');
    }
  });

  it('answers 404 not_found for another workspace’s invitation', async () => {
    const admin = await signUp(server.url);
    const { user } = await invited(admin);
    const stranger = await signUp(server.url);
    for (const answer of [
      await stranger.client.post<Problem>(`/api/v1/users/${user.id}/resend`),
      await stranger.client.post<Problem>(`/api/v1/users/${user.id}/revoke`),
      await stranger.client.patch<Problem>(`/api/v1/users/${user.id}`, { role: 'admin' }),
      await stranger.client.get<Problem>(`/api/v1/users/${user.id}`),
    ]) {
      expect(answer.status).toBe(404);
      expect(answer.body.code).toBe('not_found');
    }
    expect((await admin.client.get<User>(`/api/v1/users/${user.id}`)).body.status).toBe('pending');
  });

  it('edits a pending invitation; the name only while pending; never demotes the last admin: 409 last_admin', async () => {
    const admin = await signUp(server.url);
    const { user } = await invited(admin);
    const edited = await admin.client.patch<User>(`/api/v1/users/${user.id}`, { name: 'New Name', role: 'manager' });
    expect(edited.body).toMatchObject({ name: 'New Name', role: 'manager' });
    const badTeam = await admin.client.patch<Problem>(`/api/v1/users/${user.id}`, { teamId: 'missing' });
    expect(badTeam.body.code).toBe('team_not_found');
    const nameOfActive = await admin.client.patch<Problem>(`/api/v1/users/${admin.user.id}`, { name: 'Renamed' });
    expect(nameOfActive.status).toBe(400);
    expect(nameOfActive.body.code).toBe('validation_failed');
    const demote = await admin.client.patch<Problem>(`/api/v1/users/${admin.user.id}`, { role: 'manager' });
    expect(demote.status).toBe(409);
    expect(demote.body.code).toBe('last_admin');
    const empty = await admin.client.patch<Problem>(`/api/v1/users/${user.id}`, {});
    expect(empty.body.code).toBe('validation_failed');
  });
});

describe('expiry', () => {
  it('expires after INVITATION_TTL: 410 invitation_expired, shown as expired, seat freed, and resend restores it', async () => {
    const short = await startTestServer({
      env: { SMTP_URL: smtp.url, INVITATION_TTL: '1s' },
      config: { outbox: server.config.outbox },
    });
    try {
      const admin = await signUp(short.url);
      const email = uniqueEmail('shortlived');
      const created = await admin.client.post<User>('/api/v1/invitations', { email, name: 'Brief', role: 'sales_rep' });
      const token = tokenFrom(await mailTo(email));
      const deadline = Date.now() + 5000;
      let lookup = await new Client(short.url).post<Problem>('/api/v1/invitations/lookup', { token });
      while (lookup.status === 200 && Date.now() < deadline) {
        await new Promise((r) => setTimeout(r, 50));
        lookup = await new Client(short.url).post<Problem>('/api/v1/invitations/lookup', { token });
      }
      expect(lookup.status).toBe(410);
      expect(lookup.body.code).toBe('invitation_expired');
      const accept = await new Client(short.url).post<Problem>('/api/v1/invitations/accept', {
        token,
        password: STRONG_PASSWORD,
      });
      expect(accept.body.code).toBe('invitation_expired');
      expect((await admin.client.get<User>(`/api/v1/users/${created.body.id}`)).body.status).toBe('expired');
      expect((await admin.client.get<Billing>('/api/v1/billing')).body.seats.pending).toBe(0);
      const summary = await admin.client.get<UsersSummary>('/api/v1/users/summary');
      expect(summary.body.counts.expired).toBe(1);
      // An expired invitation can be sent again (it takes a seat again).
      const resent = await admin.client.post<User>(`/api/v1/users/${created.body.id}/resend`);
      expect(resent.status).toBe(200);
      expect(resent.body.status).toBe('pending');
    } finally {
      await short.close();
    }
  });

  it('needs a free seat to resend an expired invitation: 409 seat_limit_reached', async () => {
    const short = await startTestServer({
      env: { SMTP_URL: smtp.url, INVITATION_TTL: '1s' },
      config: { outbox: server.config.outbox },
    });
    try {
      const admin = await signUp(short.url);
      const created = await admin.client.post<User>('/api/v1/invitations', {
        email: uniqueEmail(),
        name: 'Lapsed',
        role: 'sales_rep',
      });
      await new Promise((r) => setTimeout(r, 1100));
      for (let i = 0; i < 4; i++) await addMember(short, { workspaceId: admin.workspace.id });
      const resend = await admin.client.post<Problem>(`/api/v1/users/${created.body.id}/resend`);
      expect(resend.status).toBe(409);
      expect(resend.body.code).toBe('seat_limit_reached');
    } finally {
      await short.close();
    }
  });
});

describe('email delivery', () => {
  it('does not send an invitation revoked while its email waits for a retry', async () => {
    const admin = await signUp(server.url);
    const db = server.app.ctx.database.db;
    const outboxStatus = async (userId: string) =>
      db.selectFrom('outbox').select(['status', 'last_error']).where('user_id', '=', userId).executeTakeFirst();
    const until = async (
      userId: string,
      predicate: (row: { status: string; last_error: string | null }) => boolean,
    ) => {
      const deadline = Date.now() + 5000;
      for (;;) {
        const row = await outboxStatus(userId);
        if (row && predicate(row)) return row;
        if (Date.now() > deadline) throw new Error(`outbox never matched: ${JSON.stringify(row)}`);
        await new Promise((r) => setTimeout(r, 10));
      }
    };
    smtp.failWith = { code: 451, message: 'Busy' };
    const email = uniqueEmail('cancelled');
    let userId = '';
    try {
      const answer = await invite(admin, { email, name: 'Never Sent', role: 'sales_rep' });
      userId = answer.body.id;
      await until(userId, (row) => row.last_error !== null);
      await admin.client.post(`/api/v1/users/${userId}/revoke`);
    } finally {
      smtp.failWith = null;
    }
    await until(userId, (row) => row.status === 'cancelled');
    expect(smtp.messages.filter((m) => m.to === email)).toHaveLength(0);
    expect((await admin.client.get<User>(`/api/v1/users/${userId}?`)).body.emailStatus).toBeNull();
  });

  it('retries a temporary SMTP failure and then delivers', async () => {
    const admin = await signUp(server.url);
    smtp.failWith = { code: 451, message: 'Try again later' };
    const email = uniqueEmail('retry');
    const answer = await invite(admin, { email, name: 'Retry Ray', role: 'sales_rep' });
    await new Promise((r) => setTimeout(r, 150));
    smtp.failWith = null;
    await mailTo(email);
    await pollUser(admin, answer.body.id, (u) => u.emailStatus === 'sent');
  });

  it('marks a permanently refused email as failed, and a resend can deliver it', async () => {
    const admin = await signUp(server.url);
    smtp.failWith = { code: 550, message: 'No such mailbox' };
    const email = uniqueEmail('bounce');
    const answer = await invite(admin, { email, name: 'Bounce Bea', role: 'sales_rep' });
    try {
      await pollUser(admin, answer.body.id, (u) => u.emailStatus === 'failed');
    } finally {
      smtp.failWith = null;
    }
    const resent = await admin.client.post<User>(`/api/v1/users/${answer.body.id}/resend`);
    expect(resent.body.emailStatus).toBe('queued');
    await mailTo(email);
    await pollUser(admin, answer.body.id, (u) => u.emailStatus === 'sent');
  });
});

describe('the dev mailbox', () => {
  it('keeps emails for the workspace’s admins while no SMTP_URL is set', async () => {
    const dev = await startTestServer({ config: { outbox: server.config.outbox } });
    try {
      const admin = await signUp(dev.url);
      const email = uniqueEmail('dev');
      await admin.client.post('/api/v1/invitations', { email, name: 'Dev Dora', role: 'sales_rep' });
      let items: DevMail[] = [];
      // The admin's own verification email is there too: look for the invitation.
      const invitation = () => items.find((m) => m.to === email);
      const deadline = Date.now() + 5000;
      while (!invitation() && Date.now() < deadline) {
        items = (await admin.client.get<Page<DevMail>>('/api/v1/dev/mailbox')).body.items;
        if (!invitation()) await new Promise((r) => setTimeout(r, 25));
      }
      expect(invitation()).toMatchObject({ to: email });
      expect(invitation()?.text).toMatch(/\/invite\/[A-Za-z0-9_-]{43}/);
      const stranger = await signUp(dev.url);
      const theirs = (await stranger.client.get<Page<DevMail>>('/api/v1/dev/mailbox')).body.items;
      expect(theirs.filter((m) => m.to !== stranger.email)).toHaveLength(0);
      const rep = await addMember(dev, { workspaceId: admin.workspace.id, role: 'sales_rep' });
      const repClient = await signIn(dev, rep.email);
      expect((await repClient.get<Problem>('/api/v1/dev/mailbox')).body.code).toBe('forbidden');
      expect(dev.logs.join('\n')).toContain('/dev/mailbox');
    } finally {
      await dev.close();
    }
  });

  it('is gone once SMTP_URL is set: 404 not_found', async () => {
    const admin = await signUp(server.url);
    const answer = await admin.client.get<Problem>('/api/v1/dev/mailbox');
    expect(answer.status).toBe(404);
    expect(answer.body.code).toBe('not_found');
  });
});

describe('logs', () => {
  it('never contain an invitation token, a password or a session id', async () => {
    const admin = await signUp(server.url);
    const { token } = await invited(admin);
    const visitor = new Client(server.url);
    await visitor.get(`/invite/${token}`);
    await visitor.post('/api/v1/invitations/lookup', { token });
    await visitor.post('/api/v1/invitations/accept', { token, password: STRONG_PASSWORD });
    const all = server.logs.join('\n');
    expect(all).toContain('invitation_accepted');
    for (const secret of [token, STRONG_PASSWORD, visitor.cookies.get('salesos_session') ?? 'missing']) {
      expect(all).not.toContain(secret);
    }
  });
});
