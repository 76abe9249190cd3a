import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { Client } from '../support/client.js';
import { signUp, uniqueEmail } from '../support/factories.js';
import { recordSecret } from '../support/secrets-audit.js';
import { fastOutbox, startTestServer, type TestServer } from '../support/server.js';
import { type CaughtMail, type SmtpCatcher, startSmtpCatcher, tokenFrom } from '../support/smtp.js';

// ASVS 5.0 V16.2.5: sensitive data (passwords, tokens, session ids) never reaches the logs.

const PUBLIC_URL = 'http://crm.example.test';

let smtp: SmtpCatcher;
let server: TestServer;

beforeAll(async () => {
  smtp = await startSmtpCatcher();
  server = await startTestServer({
    env: { SMTP_URL: smtp.url, PUBLIC_URL, LOG_LEVEL: 'debug' },
    config: { outbox: fastOutbox() },
  });
});
afterAll(async () => {
  await server?.close();
  await smtp?.close();
});

async function mail(to: string, match: (m: CaughtMail) => boolean): Promise<CaughtMail> {
  const found = (await smtp.waitFor((all) => all.some((m) => m.to === to && match(m)))).filter(
    (m) => m.to === to && match(m),
  );
  const last = found.at(-1);
  if (!last) throw new Error('no mail');
  return last;
}

function linkToken(message: CaughtMail, page: string): string {
  const token = new RegExp(`/${page}/([A-Za-z0-9_-]{43})`).exec(message.text)?.[1];
  if (!token) throw new Error(`no ${page} link`);
  recordSecret(token);
  return token;
}

describe('V16.2.5 logs never contain passwords, tokens or session ids', () => {
  it('after sign-up, sign-in, invitation, acceptance, verification, reset and sign-out, no secret is in the server log', async () => {
    const secrets: Record<string, string> = {};
    const adminPassword = 'saffron-glacier-violin-61';
    const admin = await signUp(server.url, { password: adminPassword });
    secrets.adminPassword = adminPassword;
    secrets.signupSession = admin.client.cookies.get('salesos_session') ?? 'missing';
    secrets.signupCsrf = admin.client.cookies.get('salesos_csrf') ?? 'missing';

    // Sign-in, right and wrong.
    const wrongPassword = 'wrong-harbor-kettle-88';
    secrets.wrongPassword = wrongPassword;
    await new Client(server.url).post('/api/v1/auth/login', { email: admin.email, password: wrongPassword });
    await admin.client.post('/api/v1/auth/login', { email: admin.email, password: adminPassword });
    secrets.loginSession = admin.client.cookies.get('salesos_session') ?? 'missing';
    secrets.loginCsrf = admin.client.cookies.get('salesos_csrf') ?? 'missing';

    // Email verification: page, then API.
    secrets.verifyToken = linkToken(await mail(admin.email, (m) => m.text.includes('/verify-email/')), 'verify-email');
    await new Client(server.url).get(`/verify-email/${secrets.verifyToken}`);
    expect((await admin.client.post('/api/v1/auth/verify-email', { token: secrets.verifyToken })).status).toBe(204);

    // Invitation: page, SSO start with the token, lookup, a wrong and a right acceptance.
    const inviteeEmail = uniqueEmail('logged');
    await admin.client.post('/api/v1/invitations', { email: inviteeEmail, name: 'Lou Logged', role: 'sales_rep' });
    secrets.invitationToken = tokenFrom(await mail(inviteeEmail, (m) => m.text.includes('/invite/')));
    const invitee = new Client(server.url);
    await invitee.get(`/invite/${secrets.invitationToken}`);
    await invitee.get(`/invite/${secrets.invitationToken}?utm=x`);
    await invitee.get(`/auth/sso/start?workspace=${admin.workspace.id}&invitation=${secrets.invitationToken}`);
    await invitee.post('/api/v1/invitations/lookup', { token: secrets.invitationToken });
    secrets.weakPassword = 'LouLogged2024';
    await invitee.post('/api/v1/invitations/accept', {
      token: secrets.invitationToken,
      password: secrets.weakPassword,
    });
    secrets.inviteePassword = 'marble-tundra-compass-14';
    const accepted = await invitee.post('/api/v1/invitations/accept', {
      token: secrets.invitationToken,
      password: secrets.inviteePassword,
    });
    expect(accepted.status).toBe(201);
    secrets.acceptSession = invitee.cookies.get('salesos_session') ?? 'missing';
    secrets.acceptCsrf = invitee.cookies.get('salesos_csrf') ?? 'missing';
    // A replayed acceptance is refused and logged as such, still without the token.
    await new Client(server.url).post('/api/v1/invitations/accept', {
      token: secrets.invitationToken,
      password: secrets.inviteePassword,
    });

    // Password reset: forgot, page, lookup, reset.
    expect((await new Client(server.url).post('/api/v1/auth/password/forgot', { email: inviteeEmail })).status).toBe(
      202,
    );
    secrets.resetToken = linkToken(
      await mail(inviteeEmail, (m) => m.text.includes('/reset-password/')),
      'reset-password',
    );
    await new Client(server.url).get(`/reset-password/${secrets.resetToken}`);
    await new Client(server.url).post('/api/v1/auth/password/reset/lookup', { token: secrets.resetToken });
    secrets.resetPassword = 'quartz-lagoon-pepper-27';
    expect(
      (
        await new Client(server.url).post('/api/v1/auth/password/reset', {
          token: secrets.resetToken,
          password: secrets.resetPassword,
        })
      ).status,
    ).toBe(204);

    // A forged CSRF header and a sign-out.
    await admin.client.post('/api/v1/teams', { name: 'Nope' }, { csrf: 'forged-csrf-value-123' });
    secrets.forgedCsrf = 'forged-csrf-value-123';
    expect((await admin.client.post('/api/v1/auth/logout')).status).toBe(204);

    const log = server.logs.join('\n');
    // The flows were logged (so the scan looked at something), with request ids and redacted pages.
    expect(log).toContain('invitation_accepted');
    expect(log).toContain('/invite/[redacted]');
    expect(log).toContain('/reset-password/[redacted]');
    expect(server.logs.every((line) => typeof (JSON.parse(line) as { level?: unknown }).level === 'number')).toBe(true);
    for (const [name, secret] of Object.entries(secrets)) {
      expect(secret.length, name).toBeGreaterThanOrEqual(8);
      expect(log.includes(secret), `${name} found in the server log`).toBe(false);
    }
  });
});
