import { existsSync } from 'node:fs';
import { resolve } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadConfig } from '../../src/server/config.js';
import { FORGOT_MIN_MS } from '../../src/server/modules/account-recovery/account-recovery.service.js';
import type { ResendAnswer, ResetLookup } from '../../src/shared/api/account-recovery.js';
import type { AuditEvent } from '../../src/shared/api/audit.js';
import type { Me } from '../../src/shared/api/auth.js';
import type { DevMail } from '../../src/shared/api/dev-mailbox.js';
import type { InvitationSummary } from '../../src/shared/api/invitations.js';
import type { Page } from '../../src/shared/api/pagination.js';
import type { Problem } from '../../src/shared/errors.js';
import { type Answer, Client } from '../support/client.js';
import { type SignedUp, signUp, uniqueEmail } from '../support/factories.js';
import { addMember, signIn } from '../support/fixtures.js';
import { recordSecret } from '../support/secrets-audit.js';
import { fastOutbox, startTestServer, type TestServer } from '../support/server.js';
import { type CaughtMail, type SmtpCatcher, startSmtpCatcher, tokenFrom } from '../support/smtp.js';

const NEW_PASSWORD = 'copper-willow-gazette-58';
const PUBLIC_URL = 'http://crm.example.test';
const DEFAULT_LIMITS = loadConfig({}).rateLimits;
const WEB_BUILT = existsSync(resolve('dist/web/index.html'));

let smtp: SmtpCatcher;
let server: TestServer;

beforeAll(async () => {
  smtp = await startSmtpCatcher();
  server = await startTestServer({
    env: { SMTP_URL: smtp.url, PUBLIC_URL },
    config: {
      outbox: fastOutbox(),
      // Every request of this file comes from one address; the per-address limits have their own server below.
      rateLimits: {
        ...DEFAULT_LIMITS,
        signupPerAddress: { max: 10_000, windowSeconds: 3600 },
        forgotPerAddress: { max: 10_000, windowSeconds: 3600 },
        accountTokenPerAddress: { max: 10_000, windowSeconds: 3600 },
      },
    },
  });
});
afterAll(async () => {
  await server?.close();
  await smtp?.close();
});

const db = () => server.app.ctx.database.db;

/** The `n`-th email (1-based) to `to` whose subject matches, waiting for it with a deadline. */
async function mailTo(to: string, subject: RegExp, n = 1): Promise<CaughtMail> {
  const matching = (all: CaughtMail[]) => all.filter((m) => m.to === to && subject.test(m.subject));
  const mail = matching(await smtp.waitFor((all) => matching(all).length >= n))[n - 1];
  if (!mail) throw new Error('no mail');
  return mail;
}

/** The token of a reset or verification link in an email (recorded for the whole-suite log audit). */
function linkToken(mail: CaughtMail, page: 'reset-password' | 'verify-email'): string {
  const match = new RegExp(`${PUBLIC_URL}/${page}/([A-Za-z0-9_-]{43})(?![A-Za-z0-9_-])`).exec(mail.text);
  if (!match?.[1]) throw new Error(`no ${page} link in: ${mail.text}`);
  recordSecret(match[1]);
  return match[1];
}

const RESET_SUBJECT = /^Reset your SalesOS password$/;
const VERIFY_SUBJECT = /^Verify your email address for SalesOS$/;

function forgot(email: string, client = new Client(server.url)) {
  return client.post('/api/v1/auth/password/forgot', { email });
}

/** Asks for a reset link for `email` and returns the token from the `n`-th reset email. */
async function resetToken(email: string, n = 1): Promise<string> {
  expect((await forgot(email)).status).toBe(202);
  return linkToken(await mailTo(email, RESET_SUBJECT, n), 'reset-password');
}

function reset(token: string, password = NEW_PASSWORD, client = new Client(server.url)) {
  return client.post<Problem>('/api/v1/auth/password/reset', { token, password });
}

function verify(token: string, client = new Client(server.url)) {
  return client.post<Problem>('/api/v1/auth/verify-email', { token });
}

function expectProblem(answer: Answer<unknown>, status: number, code: string) {
  expect(answer.status, answer.text).toBe(status);
  expect((answer.body as Problem).code).toBe(code);
}

function expectNoStore(answer: Answer<unknown>) {
  expect(answer.headers.get('cache-control')).toBe('no-store');
  expect(answer.headers.get('referrer-policy')).toBe('no-referrer');
}

function login(email: string, password: string) {
  return new Client(server.url).post<Problem>('/api/v1/auth/login', { email, password });
}

async function auditOf(admin: SignedUp, action: string) {
  return (await admin.client.get<Page<AuditEvent>>(`/api/v1/audit?action=${action}`)).body.items;
}

describe('POST /auth/password/forgot', () => {
  it('answers an existing and an unknown email identically; only the existing one gets an email', async () => {
    const person = await signUp(server.url, { name: 'Ada <Admin>', workspaceName: 'Acme & Co' }, { verified: false });
    const unknown = uniqueEmail('nobody');

    const timed = async (email: string) => {
      const started = performance.now();
      const answer = await forgot(email);
      return { answer, ms: performance.now() - started };
    };
    const known = await timed(`  ${person.email.toUpperCase()} `);
    const stranger = await timed(unknown);
    for (const { answer, ms } of [known, stranger]) {
      expect(answer.status).toBe(202);
      expect(answer.text).toBe(stranger.answer.text);
      expect(answer.headers.get('content-type')).toBe(stranger.answer.headers.get('content-type'));
      expectNoStore(answer);
      // Both take at least the floor that hides the work done for an existing account.
      expect(ms).toBeGreaterThanOrEqual(FORGOT_MIN_MS - 5);
    }
    expect(Math.abs(known.ms - stranger.ms)).toBeLessThan(FORGOT_MIN_MS);

    // The email is queued in the request's transaction: the answer means it exists, or never will.
    const queued = await db()
      .selectFrom('outbox')
      .select(['to_address', 'kind'])
      .where('kind', '=', 'password_reset')
      .execute();
    expect(queued.filter((m) => m.to_address === unknown)).toHaveLength(0);
    expect(queued.filter((m) => m.to_address === person.email)).toHaveLength(1);

    const mail = await mailTo(person.email, RESET_SUBJECT);
    const token = linkToken(mail, 'reset-password');
    expect(mail.text).toContain(`${PUBLIC_URL}/reset-password/${token}`);
    expect(mail.text).toContain('expires on');
    expect(mail.html).toContain('Ada &lt;Admin&gt;');
    expect(mail.html).not.toContain('<Admin>');
    expect(mail.html).toContain(`${PUBLIC_URL}/reset-password/${token}`);

    // Only the hash is stored, valid for an hour.
    const row = await db()
      .selectFrom('account_tokens as t')
      .innerJoin('accounts as a', 'a.id', 't.account_id')
      .select(['t.token_hash', 't.expires_at', 't.used_at'])
      .where('a.email', '=', person.email)
      .where('t.purpose', '=', 'password_reset')
      .executeTakeFirstOrThrow();
    expect(row.token_hash).toMatch(/^[0-9a-f]{64}$/);
    expect(row.used_at).toBeNull();
    expect(Date.parse(row.expires_at) - Date.now()).toBeGreaterThan(3600_000 - 60_000);
    expect(Date.parse(row.expires_at) - Date.now()).toBeLessThanOrEqual(3600_000);

    // Once sent, the outbox keeps no copy of the link.
    const deadline = Date.now() + 5000;
    let stored = await db().selectFrom('outbox').selectAll().where('to_address', '=', person.email).execute();
    while (stored.some((m) => m.status !== 'sent') && Date.now() < deadline) {
      await new Promise((r) => setTimeout(r, 20));
      stored = await db().selectFrom('outbox').selectAll().where('to_address', '=', person.email).execute();
    }
    for (const message of stored) {
      expect(message.status).toBe('sent');
      expect(JSON.stringify(message)).not.toContain(token);
    }

    const events = await auditOf(person, 'auth.password_reset_requested');
    expect(events).toHaveLength(1);
    expect(events[0]).toMatchObject({ actor: null, target: { id: person.user.id } });
    expect(server.logs.join('\n')).not.toContain(token);
  });

  it('refuses a malformed email: 400 validation_failed', async () => {
    const answer = await new Client(server.url).post<Problem>('/api/v1/auth/password/forgot', {
      email: 'not-an-email',
    });
    expectProblem(answer, 400, 'validation_failed');
    expect(answer.body.errors?.[0]?.path).toBe('email');
  });
});

describe('POST /auth/password/reset', () => {
  it('sets the new password once; every session of the account ends, in every workspace', async () => {
    const person = await signUp(server.url, { name: 'Rita Reset' }, { verified: false });
    const elsewhere = await signUp(server.url, { workspaceName: 'Second Shop' });
    await addMember(server, { workspaceId: elsewhere.workspace.id, email: person.email, role: 'manager' });
    const second = await signIn(server, person.email);
    const third = await signIn(server, person.email);
    expect((await third.post('/api/v1/auth/switch', { workspaceId: elsewhere.workspace.id })).status).toBe(200);
    expect((await person.client.get<Me>('/api/v1/me')).body.account.emailVerified).toBe(false);

    const token = await resetToken(person.email);
    const lookup = await new Client(server.url).post<ResetLookup>('/api/v1/auth/password/reset/lookup', { token });
    expect(lookup.status).toBe(200);
    expect(lookup.body).toMatchObject({ email: person.email, name: 'Rita Reset', hasPassword: true });
    expectNoStore(lookup);

    const answer = await reset(token);
    expect(answer.status, answer.text).toBe(204);
    expectNoStore(answer);

    for (const client of [person.client, second, third]) {
      expectProblem(await client.get('/api/v1/me'), 401, 'unauthenticated');
    }
    expectProblem(await login(person.email, person.password), 401, 'invalid_credentials');
    const fresh = new Client(server.url);
    expect((await fresh.post('/api/v1/auth/login', { email: person.email, password: NEW_PASSWORD })).status).toBe(200);
    // Holding a link sent to the address proves it.
    expect((await fresh.get<Me>('/api/v1/me')).body.account.emailVerified).toBe(true);

    const again = await reset(token, 'another-granite-lantern-77');
    expectProblem(again, 410, 'token_invalid');
    expectNoStore(again);
    expectProblem(
      await new Client(server.url).post('/api/v1/auth/password/reset/lookup', { token }),
      410,
      'token_invalid',
    );
    expect((await login(person.email, NEW_PASSWORD)).status).toBe(200);

    // The event is in the log of each workspace the person belongs to.
    const admin = await signIn(server, elsewhere.email);
    const there = (await admin.get<Page<AuditEvent>>('/api/v1/audit?action=auth.password_reset')).body.items;
    expect(there).toHaveLength(1);
    expect(there[0]?.target).not.toBeNull();
    expect(there[0]?.target?.id).not.toBeNull();
    // The last workspace used was the other one (the third session switched to it).
    expect((await fresh.post('/api/v1/auth/switch', { workspaceId: person.workspace.id })).status).toBe(200);
    const here = (await fresh.get<Page<AuditEvent>>('/api/v1/audit?action=auth.password_reset')).body.items;
    expect(here).toHaveLength(1);
    expect(here[0]).toMatchObject({ actor: { id: person.user.id }, target: { id: person.user.id } });
  });

  it('refuses an expired link: 410 token_invalid, and nothing changes', async () => {
    const person = await signUp(server.url, {}, { verified: false });
    const token = await resetToken(person.email);
    await db()
      .updateTable('account_tokens')
      .set({ expires_at: new Date(Date.now() - 1000).toISOString() })
      .where('purpose', '=', 'password_reset')
      .where(
        'account_id',
        '=',
        (await db().selectFrom('accounts').select('id').where('email', '=', person.email).executeTakeFirstOrThrow()).id,
      )
      .execute();
    expectProblem(
      await new Client(server.url).post('/api/v1/auth/password/reset/lookup', { token }),
      410,
      'token_invalid',
    );
    expectProblem(await reset(token), 410, 'token_invalid');
    expect((await person.client.get('/api/v1/me')).status).toBe(200);
    expect((await login(person.email, person.password)).status).toBe(200);
  });

  it('a newer request supersedes the older link', async () => {
    const person = await signUp(server.url, {}, { verified: false });
    const older = await resetToken(person.email, 1);
    const newer = await resetToken(person.email, 2);
    expect(newer).not.toBe(older);
    expectProblem(await reset(older), 410, 'token_invalid');
    expect((await reset(newer)).status).toBe(204);
    expect((await login(person.email, NEW_PASSWORD)).status).toBe(200);
  });

  it('refuses a weak password: 400 weak_password with the reason, and nothing changes', async () => {
    const person = await signUp(server.url, { name: 'Wendy Weakling' }, { verified: false });
    const token = await resetToken(person.email);
    for (const password of ['short', 'password1234', 'wendyweakling2024']) {
      const answer = await reset(token, password);
      expectProblem(answer, 400, 'weak_password');
      expect(answer.body.errors?.[0]?.path).toBe('password');
      expect(answer.body.detail.length).toBeGreaterThan(0);
    }
    // Nothing changed: the sessions live, the old password works, and the link still works.
    expect((await person.client.get('/api/v1/me')).status).toBe(200);
    expect((await login(person.email, person.password)).status).toBe(200);
    expect((await reset(token)).status).toBe(204);
  });

  it('refuses unknown and malformed tokens, and a link of the other kind', async () => {
    const unknown = 'A'.repeat(43);
    expectProblem(await reset(unknown), 410, 'token_invalid');
    expectProblem(
      await new Client(server.url).post('/api/v1/auth/password/reset/lookup', { token: unknown }),
      410,
      'token_invalid',
    );
    const empty = await reset('');
    expectProblem(empty, 400, 'validation_failed');
    expect(empty.body.errors?.[0]?.path).toBe('token');
    expectProblem(
      await new Client(server.url).post('/api/v1/auth/password/reset', { token: unknown }),
      400,
      'validation_failed',
    );

    // A verification link is not a reset link, and the other way round.
    const person = await signUp(server.url, {}, { verified: false });
    const verifyToken = linkToken(await mailTo(person.email, VERIFY_SUBJECT), 'verify-email');
    expectProblem(await reset(verifyToken), 410, 'token_invalid');
    const token = await resetToken(person.email);
    expectProblem(await verify(token), 410, 'token_invalid');
    expect((await reset(token)).status).toBe(204);
    expect((await verify(verifyToken)).status).toBe(204);
  });

  it('lets exactly one of several simultaneous resets with the same link through', async () => {
    const person = await signUp(server.url, {}, { verified: false });
    const token = await resetToken(person.email);
    const passwords = [
      'racing-harbor-falcon-11',
      'racing-meadow-comet-22',
      'racing-violet-summit-33',
      'racing-amber-tundra-44',
    ];
    const answers = await Promise.all(passwords.map((password) => reset(token, password)));
    const won = answers.filter((a) => a.status === 204);
    expect(won).toHaveLength(1);
    for (const lost of answers.filter((a) => a.status !== 204)) expectProblem(lost, 410, 'token_invalid');
    const winner = passwords[answers.findIndex((a) => a.status === 204)] ?? '';
    expect((await login(person.email, winner)).status).toBe(200);
    const spent = await db()
      .selectFrom('account_tokens')
      .select('used_at')
      .where('purpose', '=', 'password_reset')
      .where(
        'account_id',
        '=',
        (await db().selectFrom('accounts').select('id').where('email', '=', person.email).executeTakeFirstOrThrow()).id,
      )
      .execute();
    expect(spent).toHaveLength(1);
    expect(spent[0]?.used_at).not.toBeNull();
  });
});

describe('email verification', () => {
  it('sign-up sends a verification link; it verifies the email once', async () => {
    const person = await signUp(server.url, { name: 'Vera <Verify>' }, { verified: false });
    expect((await person.client.get<Me>('/api/v1/me')).body.account.emailVerified).toBe(false);
    const mail = await mailTo(person.email, VERIFY_SUBJECT);
    const token = linkToken(mail, 'verify-email');
    expect(mail.text).toContain(person.email);
    expect(mail.html).toContain('Vera &lt;Verify&gt;');
    const expiry = await db()
      .selectFrom('account_tokens')
      .select('expires_at')
      .where('token_hash', '!=', '')
      .where('purpose', '=', 'verify_email')
      .where('account_id', '=', (await person.client.get<Me>('/api/v1/me')).body.account.id)
      .executeTakeFirstOrThrow();
    expect(Date.parse(expiry.expires_at) - Date.now()).toBeGreaterThan(7 * 86400_000 - 60_000);

    // Verifying needs no session: the link may be opened in another browser.
    const answer = await verify(token);
    expect(answer.status, answer.text).toBe(204);
    expectNoStore(answer);
    expect((await person.client.get<Me>('/api/v1/me')).body.account.emailVerified).toBe(true);
    expectProblem(await verify(token), 410, 'token_invalid');
    const events = await auditOf(person, 'auth.email_verified');
    expect(events).toHaveLength(1);
    expect(events[0]).toMatchObject({ actor: { id: person.user.id } });
  });

  it('refuses unknown and expired links: 410 token_invalid', async () => {
    expectProblem(await verify('B'.repeat(43)), 410, 'token_invalid');
    expectProblem(await verify(''), 400, 'validation_failed');
    const person = await signUp(server.url, {}, { verified: false });
    const token = linkToken(await mailTo(person.email, VERIFY_SUBJECT), 'verify-email');
    const accountId = (await person.client.get<Me>('/api/v1/me')).body.account.id;
    await db()
      .updateTable('account_tokens')
      .set({ expires_at: new Date(Date.now() - 1000).toISOString() })
      .where('account_id', '=', accountId)
      .execute();
    expectProblem(await verify(token), 410, 'token_invalid');
    expect((await person.client.get<Me>('/api/v1/me')).body.account.emailVerified).toBe(false);
  });

  it('resends a new link to a signed-in person (the older one stops working), and nothing once verified', async () => {
    const person = await signUp(server.url, {}, { verified: false });
    const first = linkToken(await mailTo(person.email, VERIFY_SUBJECT, 1), 'verify-email');
    const resent = await person.client.post<ResendAnswer>('/api/v1/auth/verify-email/resend');
    expect(resent.status).toBe(202);
    expect(resent.body).toEqual({ sent: true });
    const second = linkToken(await mailTo(person.email, VERIFY_SUBJECT, 2), 'verify-email');
    expect(second).not.toBe(first);
    expectProblem(await verify(first), 410, 'token_invalid');
    expect((await verify(second)).status).toBe(204);
    const after = await person.client.post<ResendAnswer>('/api/v1/auth/verify-email/resend');
    expect(after.status).toBe(202);
    expect(after.body).toEqual({ sent: false });
    expectProblem(await new Client(server.url).post('/api/v1/auth/verify-email/resend'), 401, 'unauthenticated');
  });

  it('an existing account, verified or not, must sign in with its password to accept an invitation', async () => {
    const person = await signUp(server.url, {}, { verified: false });
    const admin = await signUp(server.url, { workspaceName: 'Hiring Co' });
    const email = person.email;
    const sent = await admin.client.post('/api/v1/invitations', { email, name: 'Pat', role: 'sales_rep' });
    expect(sent.status, sent.text).toBe(201);
    const before = tokenFrom(await mailTo(email, /invited you to join/));
    const lookup = (token: string) =>
      new Client(server.url).post<InvitationSummary>('/api/v1/invitations/lookup', { token });
    // Holding the link proves nothing about the account: verified or not, its password is asked for.
    expect((await lookup(before)).body.accountExists).toBe(true);
    const unverified = await new Client(server.url).post('/api/v1/invitations/accept', {
      token: before,
      password: NEW_PASSWORD,
    });
    expectProblem(unverified, 401, 'invalid_credentials');
    expect((await verify(linkToken(await mailTo(person.email, VERIFY_SUBJECT), 'verify-email'))).status).toBe(204);
    expect((await lookup(before)).body.accountExists).toBe(true);
    const wrong = await new Client(server.url).post('/api/v1/invitations/accept', {
      token: before,
      password: NEW_PASSWORD,
    });
    expectProblem(wrong, 401, 'invalid_credentials');
    const right = await new Client(server.url).post('/api/v1/invitations/accept', {
      token: before,
      password: person.password,
    });
    expect(right.status).toBe(201);
  });
});

describe('rate limits', () => {
  let limited: TestServer;
  beforeAll(async () => {
    limited = await startTestServer({
      env: { SMTP_URL: smtp.url, PUBLIC_URL },
      config: {
        outbox: fastOutbox(),
        rateLimits: {
          ...DEFAULT_LIMITS,
          signupPerAddress: { max: 10_000, windowSeconds: 3600 },
          forgotPerAddress: { max: 8, windowSeconds: 3600 },
          accountTokenPerAddress: { max: 3, windowSeconds: 900 },
          verifyResendPerAccount: { max: 2, windowSeconds: 3600 },
        },
      },
    });
  });
  afterAll(async () => {
    await limited?.close();
  });

  function expectLimited(answer: Answer<unknown>) {
    expectProblem(answer, 429, 'rate_limited');
    expect(Number(answer.headers.get('retry-after'))).toBeGreaterThan(0);
  }

  it('forgot: per email (existing or not, the same), then per address', async () => {
    const client = new Client(limited.url);
    const email = uniqueEmail('hammer');
    for (let i = 0; i < DEFAULT_LIMITS.forgotPerEmail.max; i++) {
      expect((await client.post('/api/v1/auth/password/forgot', { email })).status).toBe(202);
    }
    const refused = await client.post('/api/v1/auth/password/forgot', { email: email.toUpperCase() });
    expectLimited(refused);
    expect(Number(refused.headers.get('retry-after'))).toBeLessThanOrEqual(DEFAULT_LIMITS.forgotPerEmail.windowSeconds);
    // Two more requests for other emails reach the address limit (8), the third is refused.
    for (let i = 0; i < 2; i++) {
      expect((await client.post('/api/v1/auth/password/forgot', { email: uniqueEmail() })).status).toBe(202);
    }
    expectLimited(await client.post('/api/v1/auth/password/forgot', { email: uniqueEmail() }));
  });

  it('reset, lookup and verify: per address', async () => {
    const client = new Client(limited.url);
    const token = 'C'.repeat(43);
    expectProblem(await client.post('/api/v1/auth/password/reset/lookup', { token }), 410, 'token_invalid');
    expectProblem(
      await client.post('/api/v1/auth/password/reset', { token, password: NEW_PASSWORD }),
      410,
      'token_invalid',
    );
    expectProblem(await client.post('/api/v1/auth/verify-email', { token }), 410, 'token_invalid');
    expectLimited(await client.post('/api/v1/auth/verify-email', { token }));
    expectLimited(await client.post('/api/v1/auth/password/reset', { token, password: NEW_PASSWORD }));
  });

  it('resend verification: per account', async () => {
    const person = await signUp(limited.url, {}, { verified: false });
    for (let i = 0; i < 2; i++) expect((await person.client.post('/api/v1/auth/verify-email/resend')).status).toBe(202);
    expectLimited(await person.client.post('/api/v1/auth/verify-email/resend'));
  });
});

describe('headers of pages and answers that carry a token', () => {
  it.skipIf(!WEB_BUILT)('serves the reset, verify and invitation pages with no-store and no-referrer', async () => {
    const client = new Client(server.url);
    for (const path of ['/reset-password/x', '/invite/x', '/verify-email/x', '/forgot-password']) {
      const page = await client.get(path);
      expect(page.status, path).toBe(200);
      expect(page.headers.get('content-type')).toContain('text/html');
      expectNoStore(page);
    }
  });

  it('sends no-store and no-referrer on the invitation lookup and accept answers', async () => {
    const client = new Client(server.url);
    const token = 'D'.repeat(43);
    const lookup = await client.post('/api/v1/invitations/lookup', { token });
    expectProblem(lookup, 404, 'invitation_not_found');
    expectNoStore(lookup);
    const accept = await client.post('/api/v1/invitations/accept', { token, password: NEW_PASSWORD });
    expectProblem(accept, 404, 'invitation_not_found');
    expectNoStore(accept);
    const resetAnswer = await reset(token);
    expectProblem(resetAnswer, 410, 'token_invalid');
    expectNoStore(resetAnswer);
    // Even a refusal before the handler runs is not cached.
    const invalid = await client.post('/api/v1/auth/password/reset', { token: '' });
    expectProblem(invalid, 400, 'validation_failed');
    expectNoStore(invalid);
  });
});

describe('the dev mailbox', () => {
  it('shows account emails to the person they were sent to, and to no other admin', async () => {
    const dev = await startTestServer({ config: { outbox: fastOutbox() } });
    try {
      const owner = await signUp(dev.url);
      const other = await addMember(dev, { workspaceId: owner.workspace.id, role: 'admin' });
      const otherClient = await signIn(dev, other.email);
      await new Client(dev.url).post('/api/v1/auth/password/forgot', { email: other.email });
      const mailbox = (client: Client) => client.get<Page<DevMail>>('/api/v1/dev/mailbox');
      const deadline = Date.now() + 10_000;
      let own: DevMail[] = [];
      while (Date.now() < deadline) {
        own = (await mailbox(owner.client)).body.items;
        if (own.some((m) => VERIFY_SUBJECT.test(m.subject))) break;
        await new Promise((r) => setTimeout(r, 25));
      }
      expect(own.map((m) => m.to)).toEqual([owner.email]);
      const verifyLink = /\/verify-email\/([A-Za-z0-9_-]{43})/.exec(own[0]?.text ?? '')?.[1];
      recordSecret(verifyLink);
      expect(verifyLink).toBeTruthy();
      let theirs: DevMail[] = [];
      while (Date.now() < deadline) {
        theirs = (await mailbox(otherClient)).body.items;
        if (theirs.some((m) => RESET_SUBJECT.test(m.subject))) break;
        await new Promise((r) => setTimeout(r, 25));
      }
      recordSecret(/\/reset-password\/([A-Za-z0-9_-]{43})/.exec(theirs[0]?.text ?? '')?.[1]);
      expect(theirs.map((m) => m.to)).toEqual([other.email]);
    } finally {
      await dev.close();
    }
  });
});
