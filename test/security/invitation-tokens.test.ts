import { createHash } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Me } from '../../src/shared/api/auth.js';
import type { Page } from '../../src/shared/api/pagination.js';
import type { User } from '../../src/shared/api/users.js';
import type { Problem } from '../../src/shared/errors.js';
import { Client } from '../support/client.js';
import { readAllTables } from '../support/database-dump.js';
import { type SignedUp, STRONG_PASSWORD, signUp, uniqueEmail } from '../support/factories.js';
import { fastOutbox, startTestServer, type TestServer } from '../support/server.js';
import { type CaughtMail, type SmtpCatcher, startSmtpCatcher, tokenFrom } from '../support/smtp.js';

// ASVS 5.0 V11.5 random values, V6.4 initial secrets (the invitation link), V15.3 mass assignment.

let smtp: SmtpCatcher;
let server: TestServer;

beforeAll(async () => {
  smtp = await startSmtpCatcher();
  server = await startTestServer({
    env: { SMTP_URL: smtp.url, PUBLIC_URL: 'http://crm.example.test' },
    config: { outbox: fastOutbox() },
  });
});
afterAll(async () => {
  await server?.close();
  await smtp?.close();
});

const isInvitation = (email: string) => (m: CaughtMail) => m.to === email && m.text.includes('/invite/');

/** The token of the `n`-th invitation email to `email`. */
async function tokenOf(email: string, n = 1): Promise<string> {
  const all = await smtp.waitFor((messages) => messages.filter(isInvitation(email)).length >= n);
  const mail = all.filter(isInvitation(email))[n - 1];
  if (!mail) throw new Error('no mail');
  return tokenFrom(mail);
}

async function invite(admin: SignedUp, overrides: Record<string, unknown> = {}) {
  const email = uniqueEmail('invitee');
  const answer = await admin.client.post<User>('/api/v1/invitations', {
    email,
    name: 'Ivy Invitee',
    role: 'sales_rep',
    ...overrides,
  });
  expect(answer.status, answer.text).toBe(201);
  return { email, user: answer.body, token: await tokenOf(email) };
}

async function emailSent(admin: SignedUp, id: string): Promise<void> {
  const deadline = Date.now() + 10_000;
  for (;;) {
    const user = (await admin.client.get<User>(`/api/v1/users/${id}`)).body;
    if (user.emailStatus === 'sent') return;
    if (Date.now() > deadline) throw new Error(`email of ${id} never sent: ${JSON.stringify(user)}`);
    await new Promise((r) => setTimeout(r, 25));
  }
}

/** Every text cell of every table, read over a connection of its own from the test database URL. */
async function everyStoredValue(url: string): Promise<string[]> {
  const rows = Object.values(await readAllTables(url)).flat();
  return rows.flatMap((row) => Object.values(row).flatMap((v) => (v === null || v === undefined ? [] : [String(v)])));
}

const sha256 = (s: string) => createHash('sha256').update(s, 'utf8').digest('hex');
const accept = (token: string, body: Record<string, unknown> = {}, client = new Client(server.url)) =>
  client.post<Problem & { user: User; workspace: { id: string } }>('/api/v1/invitations/accept', {
    token,
    password: STRONG_PASSWORD,
    ...body,
  });
const lookup = (token: string) => new Client(server.url).post<Problem>('/api/v1/invitations/lookup', { token });

describe('V11.5.1 invitation tokens come from a CSPRNG with at least 128 bits of entropy', () => {
  let admin: SignedUp;
  let invited: { email: string; user: User; token: string }[];
  beforeAll(async () => {
    admin = await signUp(server.url);
    expect((await admin.client.put('/api/v1/billing/plan', { planId: 'enterprise' })).status).toBe(200);
    const emails = Array.from({ length: 50 }, (_, i) => uniqueEmail(`entropy${i}`));
    const users: User[] = [];
    for (const email of emails) {
      const answer = await admin.client.post<User>('/api/v1/invitations', {
        email,
        name: 'Ent Ropy',
        role: 'sales_rep',
      });
      expect(answer.status).toBe(201);
      users.push(answer.body);
    }
    invited = await Promise.all(
      emails.map(async (email, i) => ({ email, user: users[i] as User, token: await tokenOf(email) })),
    );
  }, 60_000);

  it('50 links from the real SMTP server: no repeats, each the base64url encoding of exactly 32 bytes', () => {
    const tokens = invited.map((i) => i.token);
    expect(new Set(tokens).size).toBe(50);
    for (const token of tokens) {
      expect(token).toMatch(/^[A-Za-z0-9_-]{43}$/);
      const bytes = Buffer.from(token, 'base64url');
      expect(bytes).toHaveLength(32);
      expect(bytes.toString('base64url')).toBe(token);
    }
  });

  it('the 12,800 bits look uniformly random: about half are set, every byte position varies, no shared prefixes', () => {
    const bytes = invited.map((i) => Buffer.from(i.token, 'base64url'));
    let ones = 0;
    for (const b of bytes) for (const byte of b) for (let bit = 0; bit < 8; bit++) ones += (byte >> bit) & 1;
    // 12,800 fair coin flips: the mean is 6,400 and the standard deviation about 57; ±400 is 7 sigma.
    expect(ones).toBeGreaterThan(6000);
    expect(ones).toBeLessThan(6800);
    for (let position = 0; position < 32; position++) {
      expect(new Set(bytes.map((b) => b[position])).size, `byte ${position}`).toBeGreaterThan(25);
    }
    const prefixes = new Set(invited.map((i) => i.token.slice(0, 8)));
    expect(prefixes.size).toBe(50);
  });

  it('V6.4.1 / V11.4.1 only the SHA-256 of a token is stored: the raw token is nowhere in the database', async () => {
    await Promise.all(invited.slice(0, 5).map((i) => emailSent(admin, i.user.id)));
    const stored = await everyStoredValue(server.database.url);
    const joined = stored.join('\n');
    for (const { token } of invited.slice(0, 5)) {
      expect(joined.includes(token)).toBe(false);
      expect(stored).toContain(sha256(token));
    }
  });
});

describe('V6.4.1 an invitation link is single use and dies when replaced or revoked', () => {
  it('works once: a replay after acceptance is 409 invitation_already_accepted and creates no second session or user', async () => {
    const admin = await signUp(server.url);
    const { token, user } = await invite(admin);
    const first = await accept(token);
    expect(first.status).toBe(201);
    for (const body of [{}, { password: 'another-strong-password-77' }, { name: 'Someone Else' }]) {
      const replay = new Client(server.url);
      const answer = await accept(token, body, replay);
      expect(answer.status).toBe(409);
      expect(answer.body.code).toBe('invitation_already_accepted');
      expect(replay.cookies.size).toBe(0);
    }
    expect((await lookup(token)).body.code).toBe('invitation_already_accepted');
    const list = await admin.client.get<Page<User>>('/api/v1/users');
    expect(list.body.items.filter((u) => u.email === user.email)).toHaveLength(1);
  });

  it('resend rotates the link: the old one answers 410 invitation_superseded at lookup and accept, the new one works', async () => {
    const admin = await signUp(server.url);
    const { token: old, user, email } = await invite(admin);
    expect((await admin.client.post(`/api/v1/users/${user.id}/resend`)).status).toBe(200);
    const fresh = await tokenOf(email, 2);
    expect(fresh).not.toBe(old);
    for (const answer of [await lookup(old), await accept(old)]) {
      expect(answer.status).toBe(410);
      expect(answer.body.code).toBe('invitation_superseded');
    }
    expect((await admin.client.get<User>(`/api/v1/users/${user.id}`)).body.status).toBe('pending');
    expect((await accept(fresh)).status).toBe(201);
  });

  it('revoke kills the link at once: 410 invitation_revoked at lookup and accept, no account is made', async () => {
    const admin = await signUp(server.url);
    const { token, user, email } = await invite(admin);
    expect((await admin.client.post(`/api/v1/users/${user.id}/revoke`)).status).toBe(200);
    for (const answer of [await lookup(token), await accept(token)]) {
      expect(answer.status).toBe(410);
      expect(answer.body.code).toBe('invitation_revoked');
    }
    const login = await new Client(server.url).post<Problem>('/api/v1/auth/login', {
      email,
      password: STRONG_PASSWORD,
    });
    expect(login.status).toBe(401);
  });

  it('a guessed or malformed token is 404 invitation_not_found, never a server error', async () => {
    for (const token of [
      '',
      'x',
      'A'.repeat(43),
      `${'A'.repeat(42)}=`,
      '../../etc/passwd',
      'ä'.repeat(43),
      'A'.repeat(5000),
    ]) {
      const answer = await lookup(token);
      expect(answer.status, JSON.stringify(token.slice(0, 20))).toBeLessThan(500);
      expect([400, 404]).toContain(answer.status);
    }
  });
});

describe('V15.3.3 mass assignment: acceptance ignores role, workspace and email sent along', () => {
  it('keeps the invitation’s role, workspace and email whatever the body says', async () => {
    const admin = await signUp(server.url);
    const other = await signUp(server.url);
    const { token, email, user } = await invite(admin, { role: 'sales_rep' });
    const client = new Client(server.url);
    const answer = await accept(
      token,
      {
        role: 'admin',
        workspaceId: other.workspace.id,
        email: 'attacker@evil.test',
        status: 'active',
        teamId: 'x',
        accountId: 'x',
        id: 'x',
      },
      client,
    );
    expect(answer.status).toBe(201);
    expect(answer.body.workspace.id).toBe(admin.workspace.id);
    expect(answer.body.user).toMatchObject({ id: user.id, role: 'sales_rep', email });
    const me = await client.get<Me>('/api/v1/me');
    expect(me.body.user.role).toBe('sales_rep');
    expect(me.body.account.email).toBe(email);
    expect(me.body.workspaces.map((w) => w.id)).toEqual([admin.workspace.id]);
    // The sales rep really has no admin powers, and the other workspace knows nothing of them.
    expect((await client.get<Problem>('/api/v1/users')).status).toBe(403);
    const theirs = await other.client.get<Page<User>>('/api/v1/users');
    expect(theirs.body.items.map((u) => u.email)).not.toContain(email);
    expect(theirs.body.items.map((u) => u.email)).not.toContain('attacker@evil.test');
  });
});
