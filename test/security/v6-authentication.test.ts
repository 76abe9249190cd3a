import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { loadConfig } from '../../src/server/config.js';
import type { Problem } from '../../src/shared/errors.js';
import { type Answer, Client } from '../support/client.js';
import { devMailboxToken } from '../support/dev-mailbox.js';
import { type SignedUp, signUp, uniqueEmail } from '../support/factories.js';
import { addMember, setStatus } from '../support/fixtures.js';
import { letTimePass, retryAfter } from '../support/rate-limits.js';
import { recordSecret } from '../support/secrets-audit.js';
import { fastOutbox, startTestServer, type TestServer } from '../support/server.js';
import { type CaughtMail, type SmtpCatcher, startSmtpCatcher, tokenFrom } from '../support/smtp.js';

// ASVS 5.0 V6.2 password security and V6.3 general authentication security (no user enumeration).

const DEFAULT_LIMITS = loadConfig({}).rateLimits;
const WIDE = { max: 10_000, windowSeconds: 3600 };

let smtp: SmtpCatcher;
let server: TestServer;

beforeAll(async () => {
  smtp = await startSmtpCatcher();
  server = await startTestServer({
    env: { SMTP_URL: smtp.url, PUBLIC_URL: 'http://crm.example.test' },
    config: {
      outbox: fastOutbox(),
      // Every request of this file comes from one address: the sign-in throttles have their own
      // server below, the per-address limits are tested elsewhere.
      rateLimits: {
        ...DEFAULT_LIMITS,
        signupPerAddress: WIDE,
        loginPerEmailAddress: WIDE,
        loginPerAddress: WIDE,
        forgotPerAddress: WIDE,
        acceptPerAddress: WIDE,
        accountTokenPerAddress: WIDE,
      },
    },
  });
});
afterAll(async () => {
  await server?.close();
  await smtp?.close();
});

async function mailTo(email: string, match: (m: CaughtMail) => boolean): Promise<CaughtMail> {
  const all = await smtp.waitFor((messages) => messages.some((m) => m.to === email && match(m)));
  const mail = all.filter((m) => m.to === email && match(m)).at(-1);
  if (!mail) throw new Error('no mail');
  return mail;
}

function signup(password: string, email = uniqueEmail('pw')) {
  return new Client(server.url).post<Problem>('/api/v1/auth/signup', {
    workspaceName: 'Quantum Widgets',
    name: 'Robin Quill',
    email,
    password,
  });
}

function login(email: string, password: string) {
  return new Client(server.url).post<Problem>('/api/v1/auth/login', { email, password });
}

/** A pending invitation's token, for the acceptance form. */
async function invitationToken(admin: SignedUp): Promise<string> {
  const email = uniqueEmail('acceptor');
  expect(
    (await admin.client.post('/api/v1/invitations', { email, name: 'Ann Acceptor', role: 'sales_rep' })).status,
  ).toBe(201);
  return tokenFrom(await mailTo(email, (m) => m.text.includes('/invite/')));
}

/** A password reset token for `email`. */
async function resetToken(email: string): Promise<string> {
  expect((await new Client(server.url).post('/api/v1/auth/password/forgot', { email })).status).toBe(202);
  const mail = await mailTo(email, (m) => m.text.includes('/reset-password/'));
  const token = /\/reset-password\/([A-Za-z0-9_-]{43})/.exec(mail.text)?.[1];
  if (!token) throw new Error('no reset link');
  recordSecret(token);
  return token;
}

/** The three places a password is chosen: sign-up, invitation acceptance, password reset. */
async function chooseEverywhere(password: string): Promise<Record<string, Answer<Problem>>> {
  const admin = await signUp(server.url);
  return {
    signup: await signup(password),
    accept: await new Client(server.url).post<Problem>('/api/v1/invitations/accept', {
      token: await invitationToken(admin),
      password,
    }),
    reset: await new Client(server.url).post<Problem>('/api/v1/auth/password/reset', {
      token: await resetToken(admin.email),
      password,
    }),
  };
}

function expectWeak(answers: Record<string, Answer<Problem>>) {
  for (const [flow, answer] of Object.entries(answers)) {
    expect(answer.status, `${flow}: ${answer.text}`).toBe(400);
    expect(answer.body.code, flow).toBe('weak_password');
    expect(answer.body.detail.length, flow).toBeGreaterThan(5);
  }
}

function expectAccepted(answers: Record<string, Answer<Problem>>) {
  expect(answers.signup?.status, answers.signup?.text).toBe(201);
  expect(answers.accept?.status, answers.accept?.text).toBe(201);
  expect(answers.reset?.status, answers.reset?.text).toBe(204);
}

/** Random-looking text of exactly `n` code points that no strength check would call weak. */
function randomPassword(n: number): string {
  const alphabet = 'abcdefghijkmnopqrstuvwxyzABCDEFGHJKLMNPQRSTUVWXYZ23456789-_!#%';
  let out = '';
  for (let i = 0; i < n; i++) out += alphabet[(i * 37 + Math.floor(Math.random() * 61)) % alphabet.length];
  return out;
}

describe('V6.2 password security', () => {
  it('V6.2.1 a 9-character password is refused at sign-up, acceptance and reset: 400 weak_password', async () => {
    expectWeak(await chooseEverywhere('Tq8#vLz!2'));
  });

  it('V6.2.1 a strong 10-character password is accepted at sign-up, acceptance and reset', async () => {
    expectAccepted(await chooseEverywhere('Tq8#vLz!2w'));
  });

  it('V6.2.9 passwords of 64 and 256 characters are accepted everywhere, and sign in', async () => {
    for (const length of [64, 256]) {
      const password = randomPassword(length);
      expectAccepted(await chooseEverywhere(password));
      const email = uniqueEmail('long');
      expect((await signup(password, email)).status).toBe(201);
      expect((await login(email, password)).status).toBe(200);
    }
  });

  it('V6.2.9 a 257-character password is refused with a reason naming the limit', async () => {
    const answer = await signup(randomPassword(257));
    expect(answer.status).toBe(400);
    expect(answer.body.code).toBe('weak_password');
    expect(answer.body.detail).toContain('256');
  });

  it('a 10,000-character password is refused quickly at sign-up, acceptance and reset, and fails sign-in quickly', async () => {
    const huge = randomPassword(10_000);
    expectWeak(await chooseEverywhere(huge));
    const admin = await signUp(server.url);
    // Generous bounds for a loaded machine: hashing or estimating 10,000 characters would show.
    let started = Date.now();
    expect((await signup(huge)).status).toBe(400);
    expect(Date.now() - started).toBeLessThan(2000);
    started = Date.now();
    const signIn = await login(admin.email, huge);
    expect(Date.now() - started).toBeLessThan(2000);
    expect(signIn.status).toBe(401);
    expect(signIn.body.code).toBe('invalid_credentials');
  });

  it('V6.2.9 checking a long password stays cheap: 256 characters full of look-alike symbols answer in well under 2 s', async () => {
    for (const password of ['p@$$w0rd!'.repeat(28), randomPassword(256), '4@8(3€6#!1|0$57%2+'.repeat(14)]) {
      const started = Date.now();
      const answer = await signup(password);
      expect(answer.status, answer.text).toBeLessThan(500);
      expect(Date.now() - started, `${password.slice(0, 12)}…`).toBeLessThan(2000);
    }
  });

  it('V6.2.5 any composition is allowed: unicode, emoji, spaces, lower case only, digits only', async () => {
    for (const password of [
      'correct horse battery staple',
      'żółć gęślą jaźń 北京 🐙🦑',
      '   leading and trailing spaces   ',
      '83920174650391827364',
      'zebraquartzplumorchid',
    ]) {
      const email = uniqueEmail('composition');
      const answer = await signup(password, email);
      expect(answer.status, `${JSON.stringify(password)}: ${answer.text}`).toBe(201);
      expect((await login(email, password)).status).toBe(200);
    }
  });

  it('V6.2.8 the password is verified exactly as typed: no trimming, case folding, space collapsing or truncation', async () => {
    const password = `  Mixed Case  ${randomPassword(240)}  `;
    expect([...password]).toHaveLength(256);
    const email = uniqueEmail('exact');
    expect((await signup(password, email)).status).toBe(201);
    const variants = [
      password.trim(),
      password.toUpperCase(),
      password.toLowerCase(),
      password.replace(/ {2,}/g, ' '),
      ` ${password}`,
      `${password} `,
      password.slice(0, 255),
      password.slice(0, 72),
      password.normalize('NFKC') === password ? `${password.slice(0, -1)}x` : password.normalize('NFKC'),
    ];
    for (const variant of variants) {
      const answer = await login(email, variant);
      expect(answer.status, JSON.stringify(variant.slice(0, 30))).toBe(401);
    }
    expect((await login(email, password)).status).toBe(200);
  });

  it('V6.2.4 common passwords are refused', async () => {
    for (const password of ['password1234', 'qwertyuiop123', '1234567890', 'iloveyou1234', 'Password123!']) {
      const answer = await signup(password);
      expect(answer.status, password).toBe(400);
      expect(answer.body.code).toBe('weak_password');
    }
  });

  it('V6.2.11 passwords built on the person’s name, email or workspace name are refused', async () => {
    const email = uniqueEmail('robinquill');
    for (const password of ['RobinQuill2024!', 'QuantumWidgets99', 'quantum-widgets-1', `${email.split('@')[0]}`]) {
      const answer = await signup(password, email);
      expect(answer.status, password).toBe(400);
      expect(answer.body.code).toBe('weak_password');
    }
  });
});

describe('V6.3.8 valid users cannot be deduced from failed authentication', () => {
  /** The parts of an answer an attacker can compare, without per-request ids and dates. */
  function visible(answer: Answer) {
    const headers = [...answer.headers.keys()].filter((h) => !['date', 'x-request-id', 'content-length'].includes(h));
    return {
      status: answer.status,
      body: answer.body,
      headers: headers.sort(),
      cookies: answer.headers.getSetCookie(),
    };
  }

  it('sign-in: a known email with a wrong password, an unknown email and a deactivated member answer alike', async () => {
    const admin = await signUp(server.url);
    const deactivated = await addMember(server, { workspaceId: admin.workspace.id });
    await setStatus(server, deactivated.id, 'deactivated');
    const pending = await addMember(server, { workspaceId: admin.workspace.id, status: 'pending' });
    const wrong = 'not-the-password-42';
    const answers = [
      await login(admin.email, wrong),
      await login(uniqueEmail('nobody'), wrong),
      await login(deactivated.email, wrong),
      await login(pending.email, wrong),
      await login(admin.email.toUpperCase(), wrong),
    ];
    const first = visible(answers[0] as Answer);
    expect(first.status).toBe(401);
    expect((answers[0] as Answer<Problem>).body.code).toBe('invalid_credentials');
    for (const answer of answers) expect(visible(answer)).toEqual(first);
  });

  it('sign-in: an unknown email costs about as much time as a known one (a dummy hash is verified)', async () => {
    const admin = await signUp(server.url);
    const timed = async (email: string) => {
      const start = performance.now();
      await login(email, 'not-the-password-42');
      return performance.now() - start;
    };
    const median = (times: number[]) => times.sort((a, b) => a - b)[Math.floor(times.length / 2)] ?? 0;
    // Alternate, so any load of the machine falls on both alike; the bound is loose on purpose.
    const knownTimes: number[] = [];
    const unknownTimes: number[] = [];
    for (let i = 0; i < 7; i++) {
      knownTimes.push(await timed(admin.email));
      unknownTimes.push(await timed(uniqueEmail('ghost')));
    }
    const known = median(knownTimes);
    const unknown = median(unknownTimes);
    expect(unknown).toBeGreaterThan(known * 0.3);
  });

  it('forgot password: known, unknown, deactivated and upper-cased emails all get the same 202', async () => {
    const admin = await signUp(server.url);
    const deactivated = await addMember(server, { workspaceId: admin.workspace.id });
    await setStatus(server, deactivated.id, 'deactivated');
    const forgot = (email: string) => new Client(server.url).post('/api/v1/auth/password/forgot', { email });
    const answers = [
      await forgot(admin.email),
      await forgot(uniqueEmail('nobody')),
      await forgot(deactivated.email),
      await forgot(admin.email.toUpperCase()),
    ];
    const first = visible(answers[0] as Answer);
    expect(first.status).toBe(202);
    for (const answer of answers) expect(visible(answer)).toEqual(first);
  });
});

describe('V6.1.1 / V6.3.1 password guessing is slowed down, and nobody can lock the owner out', () => {
  // The default limits, with the client address taken from X-Forwarded-For (the test client is
  // 127.0.0.1) so that one test can speak from several addresses.
  let proxied: TestServer;
  // Each test attacks from an address of its own: the per-address throttle counts across tests.
  let ATTACKER = '';
  let attackers = 0;
  const OWNER = '198.51.100.7';
  beforeEach(() => {
    attackers += 1;
    ATTACKER = `203.0.113.${attackers}`;
  });
  beforeAll(async () => {
    proxied = await startTestServer({
      env: { TRUST_PROXY: '127.0.0.1' },
      config: { rateLimits: { ...DEFAULT_LIMITS, signupPerAddress: WIDE } },
    });
  });
  afterAll(async () => {
    await proxied?.close();
  });

  function from(address: string, email: string, password: string) {
    return new Client(proxied.url).post<Problem>(
      '/api/v1/auth/login',
      { email, password },
      { headers: { 'x-forwarded-for': address } },
    );
  }

  /** Fails `count` sign-ins from `address`, waiting out each delay; returns the Retry-After seen before each. */
  async function failChecked(address: string, email: string, count: number): Promise<number[]> {
    const waits: number[] = [];
    for (let i = 0; i < count; i++) {
      let answer = await from(address, email, `guess-${i}-password`);
      if (answer.status === 429) {
        waits.push(retryAfter(answer));
        await letTimePass(proxied, retryAfter(answer));
        answer = await from(address, email, `guess-${i}-password`);
      }
      expect(answer.status, answer.text).toBe(401);
      expect(answer.body.code).toBe('invalid_credentials');
    }
    return waits;
  }

  it('ten wrong passwords from one address, then the right password from another address signs in at once; from the same address, after the delay', async () => {
    const owner = await signUp(proxied.url);
    for (let i = 0; i < 10; i++) {
      expect([401, 429]).toContain((await from(ATTACKER, owner.email, `guess-${i}-password`)).status);
    }
    const elsewhere = await from(OWNER, owner.email, owner.password);
    expect(elsewhere.status, elsewhere.text).toBe(200);
    const same = await from(ATTACKER, owner.email, owner.password);
    expect(same.status).toBe(429);
    expect(same.body.code).toBe('rate_limited');
    await letTimePass(proxied, retryAfter(same));
    expect((await from(ATTACKER, owner.email, owner.password)).status).toBe(200);
  });

  it('ten wrong passwords, each waiting out its delay, are all checked; the delay doubles: 1, 2, 4, 8, 16, then 32 s', async () => {
    const owner = await signUp(proxied.url);
    expect(await failChecked(ATTACKER, owner.email, 10)).toEqual([1, 2, 4, 8, 16]);
    const elsewhere = await from(OWNER, owner.email, owner.password);
    expect(elsewhere.status, elsewhere.text).toBe(200);
    const same = await from(ATTACKER, owner.email, owner.password);
    expect(same.status).toBe(429);
    expect(same.body.code).toBe('rate_limited');
    expect(retryAfter(same)).toBe(32);
    await letTimePass(proxied, retryAfter(same));
    expect((await from(ATTACKER, owner.email, owner.password)).status).toBe(200);
  });

  it('ten wrong passwords sent as fast as possible: five are checked, the rest wait without their password being tried', async () => {
    const owner = await signUp(proxied.url);
    const statuses: number[] = [];
    for (let i = 0; i < 10; i++) statuses.push((await from(ATTACKER, owner.email, `fast-${i}-password`)).status);
    expect(statuses).toEqual([401, 401, 401, 401, 401, 429, 429, 429, 429, 429]);
    // Knocking inside the delay neither grows it nor counts: after it, one more failure doubles it once.
    const knock = await from(ATTACKER, owner.email, owner.password);
    expect(retryAfter(knock)).toBe(1);
    await letTimePass(proxied, 1);
    expect((await from(ATTACKER, owner.email, 'one-more-guess')).status).toBe(401);
    expect(retryAfter(await from(ATTACKER, owner.email, 'and-another-guess'))).toBe(2);
    expect((await from(OWNER, owner.email, owner.password)).status).toBe(200);
  });

  it('the delay stops doubling at 15 minutes', async () => {
    const owner = await signUp(proxied.url);
    const waits = await failChecked(ATTACKER, owner.email, 17);
    expect(waits).toEqual([1, 2, 4, 8, 16, 32, 64, 128, 256, 512, 900, 900]);
    expect(retryAfter(await from(ATTACKER, owner.email, owner.password))).toBe(900);
    expect((await from(OWNER, owner.email, owner.password)).status).toBe(200);
  });

  it('a correct sign-in resets the count for that address', async () => {
    const owner = await signUp(proxied.url);
    await failChecked(ATTACKER, owner.email, 7);
    const wait = await from(ATTACKER, owner.email, owner.password);
    expect(retryAfter(wait)).toBe(4);
    await letTimePass(proxied, 4);
    expect((await from(ATTACKER, owner.email, owner.password)).status).toBe(200);
    expect(await failChecked(ATTACKER, owner.email, 5)).toEqual([]);
    expect(retryAfter(await from(ATTACKER, owner.email, 'sixth-guess'))).toBe(1);
  });

  it('twenty wrong passwords at the same moment: no more than five are checked', async () => {
    const owner = await signUp(proxied.url);
    const answers = await Promise.all(
      Array.from({ length: 20 }, (_, i) => from(ATTACKER, owner.email, `parallel-${i}-password`)),
    );
    const statuses = answers.map((a) => a.status);
    expect(statuses.filter((s) => s === 401).length).toBeLessThanOrEqual(5);
    expect(statuses.filter((s) => s !== 401 && s !== 429)).toEqual([]);
    expect((await from(OWNER, owner.email, owner.password)).status).toBe(200);
  });

  it('wrong passwords at an invitation for an existing account count as sign-in failures, and do not lock the owner out either', async () => {
    const owner = await signUp(proxied.url);
    const inviter = await signUp(proxied.url);
    expect(
      (await inviter.client.post('/api/v1/invitations', { email: owner.email, name: 'Owen Owner', role: 'sales_rep' }))
        .status,
    ).toBe(201);
    const token = await devMailboxToken(inviter.client, owner.email);
    const accept = (password: string) =>
      new Client(proxied.url).post<Problem>(
        '/api/v1/invitations/accept',
        { token, password },
        { headers: { 'x-forwarded-for': ATTACKER } },
      );
    for (let i = 0; i < 5; i++) expect((await accept(`invite-guess-${i}`)).status).toBe(401);
    const slowed = await accept('invite-guess-5');
    expect(slowed.status).toBe(429);
    expect(retryAfter(slowed)).toBe(1);
    // The same throttle guards sign-in from that address; the owner elsewhere is not affected.
    expect((await from(ATTACKER, owner.email, owner.password)).status).toBe(429);
    expect((await from(OWNER, owner.email, owner.password)).status).toBe(200);
  });
});
