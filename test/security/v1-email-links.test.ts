import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { InvitationSummary } from '../../src/shared/api/invitations.js';
import type { Team } from '../../src/shared/api/teams.js';
import { Client } from '../support/client.js';
import { STRONG_PASSWORD, signUp, uniqueEmail } from '../support/factories.js';
import { foreignLinks, linksIn } from '../support/linkify.js';
import { fastOutbox, startTestServer, type TestServer } from '../support/server.js';
import { type CaughtMail, type SmtpCatcher, startSmtpCatcher, tokenFrom } from '../support/smtp.js';

// Security finding 6 (open relay for phishing), ASVS 5.0 V1.2.1 (output encoding for the context,
// here a mail client that auto-links): text people type (their names, workspace and team names)
// must not become links in the emails we send. Only our own links stay links.

const PUBLIC_URL = 'http://crm.example.test';
const WORKSPACE = 'Payroll action required - confirm at https://evil.example/login';
const INVITER = 'HR Department (IT Security) evil.example';
// Names a fuzzy linkifier links without a scheme: a real top-level domain, www., an address, an IP.
const TEAM = 'Verify at evil.com/payroll';
const INVITEE = 'Write to hr@evil.com or www.evil.org or 10.0.0.1';

let smtp: SmtpCatcher;
let server: TestServer;

beforeAll(async () => {
  smtp = await startSmtpCatcher();
  server = await startTestServer({
    env: { SMTP_URL: smtp.url, PUBLIC_URL },
    config: { outbox: fastOutbox() },
  });
});
afterAll(async () => {
  await server?.close();
  await smtp?.close();
});

async function mailTo(email: string, isWanted: (m: CaughtMail) => boolean): Promise<CaughtMail> {
  const wanted = (m: CaughtMail) => m.to.includes(email) && isWanted(m);
  const all = await smtp.waitFor((messages) => messages.some(wanted));
  const mail = all.findLast(wanted);
  if (!mail) throw new Error(`no mail to ${email}`);
  return mail;
}

/** Our links: pages of this server, and a mailto: of an address the email is about. */
const oursFor =
  (...addresses: string[]) =>
  (href: string) =>
    href.startsWith(`${PUBLIC_URL}/`) || addresses.some((a) => href.toLowerCase() === `mailto:${a}`);

/** The plain text as a person reads it: the zero-width spaces that break auto-links are invisible. */
const readable = (text: string) => text.replaceAll('\u200b', '');

describe('V1.2.1 names in emails are never links (finding 6)', () => {
  it('invitation: the workspace, inviter, team and invitee names link nowhere; the invitation link works', async () => {
    const admin = await signUp(server.url, { workspaceName: WORKSPACE, name: INVITER });
    const team = await admin.client.post<Team>('/api/v1/teams', { name: TEAM });
    expect(team.status).toBe(201);
    const email = uniqueEmail('payroll');
    const invited = await admin.client.post('/api/v1/invitations', {
      email,
      name: INVITEE,
      role: 'sales_rep',
      teamId: team.body.id,
    });
    expect(invited.status, invited.text).toBe(201);
    const mail = await mailTo(email, (m) => m.text.includes('/invite/'));

    expect(await foreignLinks(mail, oursFor())).toEqual({ htmlAnchors: [], htmlText: [], text: [] });
    // No scheme-and-host run that any URL pattern would take up, in either part.
    for (const part of [mail.text, mail.html]) {
      expect(part).not.toMatch(/https?:\/\/evil/);
      expect(part).not.toMatch(/evil\.(example|com|org)/);
      expect(part).not.toContain('hr@evil');
    }
    // The names still read as typed.
    const text = readable(mail.text);
    for (const name of [WORKSPACE, INVITER, TEAM, INVITEE]) expect(text).toContain(name);

    // Our links are still links, in both parts, and the invitation opens.
    const token = tokenFrom(mail);
    const link = `${PUBLIC_URL}/invite/${token}`;
    expect(await linksIn(mail.text)).toContain(link);
    expect(mail.html).toContain(`href="${link}"`);
    expect(mail.html).toContain(`href="${PUBLIC_URL}/guide"`);
    const lookup = await new Client(server.url).post<InvitationSummary>('/api/v1/invitations/lookup', { token });
    expect(lookup.status).toBe(200);
    // What is stored and what the API answers is the name as typed: only emails are changed.
    expect(lookup.body.workspace.name).toBe(WORKSPACE);
    expect(lookup.body.name).toBe(INVITEE);
    // The subject is a header, which mail clients do not link; it keeps the words as typed.
    expect(mail.subject).toBe(`${INVITER} invited you to join ${WORKSPACE} on SalesOS`);
  });

  it('buddy notice: the newcomer, team and workspace names link nowhere', async () => {
    const admin = await signUp(server.url, { workspaceName: WORKSPACE, name: INVITER });
    const team = await admin.client.post<Team>('/api/v1/teams', { name: TEAM });
    const email = uniqueEmail('newcomer');
    const invited = await admin.client.post('/api/v1/invitations', {
      email,
      name: INVITEE,
      role: 'sales_rep',
      teamId: team.body.id,
      buddyId: admin.user.id,
    });
    expect(invited.status, invited.text).toBe(201);
    const token = tokenFrom(await mailTo(email, (m) => m.text.includes('/invite/')));
    const accepted = await new Client(server.url).post('/api/v1/invitations/accept', {
      token,
      password: STRONG_PASSWORD,
    });
    expect(accepted.status, accepted.text).toBe(201);
    const mail = await mailTo(admin.email, (m) => m.subject.includes('you are their buddy'));
    expect(await foreignLinks(mail, oursFor(email))).toEqual({ htmlAnchors: [], htmlText: [], text: [] });
    expect(readable(mail.text)).toContain(`${INVITEE} (${email}) just joined the ${WORKSPACE} workspace`);
  });

  it('verification and password reset: the person name links nowhere', async () => {
    const name = 'Reset now at https://evil.example/reset or evil.com';
    const person = await signUp(server.url, { workspaceName: WORKSPACE, name });
    const verify = await mailTo(person.email, (m) => m.text.includes('/verify-email/'));
    expect(await foreignLinks(verify, oursFor(person.email))).toEqual({ htmlAnchors: [], htmlText: [], text: [] });
    expect(readable(verify.text)).toContain(`Hi ${name},`);

    expect((await new Client(server.url).post('/api/v1/auth/password/forgot', { email: person.email })).status).toBe(
      202,
    );
    const reset = await mailTo(person.email, (m) => m.text.includes('/reset-password/'));
    expect(await foreignLinks(reset, oursFor(person.email))).toEqual({ htmlAnchors: [], htmlText: [], text: [] });
    expect(readable(reset.text)).toContain(`Hi ${name},`);
  });
});
