import { parse } from 'csv-parse/sync';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { BulkImport } from '../../src/shared/api/bulk-invites.js';
import type { Team } from '../../src/shared/api/teams.js';
import type { User } from '../../src/shared/api/users.js';
import type { Problem } from '../../src/shared/errors.js';
import { Client } from '../support/client.js';
import { type SignedUp, STRONG_PASSWORD, signUp, uniqueEmail } from '../support/factories.js';
import { fastOutbox, startTestServer, type TestServer } from '../support/server.js';
import { type CaughtMail, type SmtpCatcher, startSmtpCatcher, tokenFrom } from '../support/smtp.js';

// ASVS 5.0 V1 Encoding and Sanitization: what people type reaches emails and spreadsheets safely.

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

async function invitationTo(email: string): Promise<CaughtMail> {
  const isInvitation = (m: CaughtMail) => m.to.includes(email) && m.text.includes('/invite/');
  const all = await smtp.waitFor((messages) => messages.some(isInvitation));
  const mail = all.find(isInvitation);
  if (!mail) throw new Error('no invitation');
  return mail;
}

async function enterprise(admin: SignedUp): Promise<void> {
  expect((await admin.client.put('/api/v1/billing/plan', { planId: 'enterprise' })).status).toBe(200);
}

/** Any cell a spreadsheet would run as a formula (ASVS 5.0 lists =, +, -, @, tab and NUL; CR too). */
const FORMULA_START = /^[=+\-@\t\r\0]/;

function formulaCells(csv: string): string[] {
  const records = parse(csv, { bom: true, relax_column_count: true }) as string[][];
  return records.flat().filter((cell) => FORMULA_START.test(cell));
}

describe('V1.3.11 user input is sanitized before it reaches the mail system (no SMTP header injection)', () => {
  const evil = 'bcc-target@evil.test';
  const injections = [`Eve\r\nBcc: ${evil}`, `Eve\nBcc: ${evil}`, `Eve\rBcc: ${evil}`, `Eve\u0000Bcc: ${evil}`];

  it('refuses CR, LF and other control characters in every name that reaches an email: 400 validation_failed', async () => {
    const admin = await signUp(server.url);
    const pending = await admin.client.post<User>('/api/v1/invitations', {
      email: uniqueEmail('pending'),
      name: 'Pat Pending',
      role: 'sales_rep',
    });
    expect(pending.status).toBe(201);
    for (const name of injections) {
      const answers = [
        await new Client(server.url).post<Problem>('/api/v1/auth/signup', {
          workspaceName: 'Clean Co',
          name,
          email: uniqueEmail(),
          password: STRONG_PASSWORD,
        }),
        await new Client(server.url).post<Problem>('/api/v1/auth/signup', {
          workspaceName: name,
          name: 'Clean Name',
          email: uniqueEmail(),
          password: STRONG_PASSWORD,
        }),
        await admin.client.post<Problem>('/api/v1/invitations', { email: uniqueEmail(), name, role: 'sales_rep' }),
        await admin.client.patch<Problem>(`/api/v1/users/${pending.body.id}`, { name }),
        await admin.client.patch<Problem>('/api/v1/me/profile', { name }),
        await admin.client.post<Problem>('/api/v1/teams', { name }),
      ];
      for (const answer of answers) {
        expect(answer.status, JSON.stringify(name)).toBe(400);
        expect(answer.body.code).toBe('validation_failed');
      }
    }
  });

  it('refuses an email address carrying a header: 400 validation_failed', async () => {
    const admin = await signUp(server.url);
    for (const email of [`victim@example.test\r\nBcc: ${evil}`, `victim@example.test>\nBcc: ${evil}`]) {
      const answer = await admin.client.post<Problem>('/api/v1/invitations', { email, name: 'Vic', role: 'sales_rep' });
      expect(answer.status).toBe(400);
      expect(answer.body.code).toBe('validation_failed');
    }
  });

  it('keeps other line separators (NEL, U+2028) out of the headers of a delivered invitation', async () => {
    const admin = await signUp(server.url, { name: `Ada\u2028Bcc: ${evil}`, workspaceName: `Acme\u0085Bcc: ${evil}` });
    const email = uniqueEmail('separator');
    const answer = await admin.client.post('/api/v1/invitations', {
      email,
      name: `Ivy\u2029Bcc: ${evil}`,
      role: 'sales_rep',
    });
    expect(answer.status).toBe(201);
    const mail = await invitationTo(email);
    const headerBlock = mail.raw.split(/\r?\n\r?\n/)[0] ?? '';
    expect(headerBlock).not.toMatch(/^bcc:/im);
    expect(mail.headers.has('bcc')).toBe(false);
    expect(mail.subject).toContain('Ada');
    expect(smtp.messages.some((m) => m.to.includes(evil) || m.raw.includes(`RCPT TO:<${evil}>`))).toBe(false);
  });
});

describe('V1.2.1 output encoding for HTML: names are escaped in the invitation email', () => {
  it('escapes script, markup and attribute breakers in every user-supplied field of the HTML part', async () => {
    const admin = await signUp(server.url, {
      name: '<img src=x onerror=alert(1)>',
      workspaceName: '"><svg onload=alert(2)>',
    });
    const team = await admin.client.post<Team>('/api/v1/teams', {
      name: '<b onmouseover=alert(3)>Sales</b>',
    });
    expect(team.status).toBe(201);
    const email = uniqueEmail('html');
    const answer = await admin.client.post('/api/v1/invitations', {
      email,
      name: '<script>alert(4)</script>',
      role: 'manager',
      teamId: team.body.id,
    });
    expect(answer.status).toBe(201);
    const mail = await invitationTo(email);
    tokenFrom(mail);
    const html = mail.html;
    for (const raw of ['<script', '<img', '<svg', '<b onmouseover']) expect(html).not.toContain(raw);
    expect(html).toContain('&lt;script&gt;alert(4)&lt;/script&gt;');
    expect(html).toContain('&lt;img src=x onerror=alert(1)&gt;');
    expect(html).toMatch(/(&quot;|&#34;|&#x22;)&gt;&lt;svg onload=alert\(2\)&gt;/);
    expect(html).toContain('&lt;b onmouseover=alert(3)&gt;Sales&lt;/b&gt;');
    // The plain-text part shows the names as typed.
    expect(mail.text).toContain('<script>alert(4)</script>');
  });
});

describe('V1.2.10 CSV and formula injection: every CSV export neutralises formula cells', () => {
  const payloads = ['=HYPERLINK("http://evil.test","x")', '+SUM(1,2)', '-2+3', '@SUM(1)', '\t=1+1', '\r=1+1'];

  it('audit.csv: actor names, team names, emails and changes never start a cell with a formula character', async () => {
    const admin = await signUp(server.url, { name: '=HYPERLINK("http://evil.test","admin")' });
    await enterprise(admin);
    for (const name of ['+SUM(1,2) team', '@SUM(1) team', '-2+3 team', '=1+1 team']) {
      expect((await admin.client.post('/api/v1/teams', { name })).status).toBe(201);
    }
    for (const [i, email] of ['+cmd@evil.test', '-cmd@evil.test'].entries()) {
      const answer = await admin.client.post('/api/v1/invitations', {
        email,
        name: payloads[i] ?? '=x',
        role: 'sales_rep',
      });
      expect(answer.status, answer.text).toBe(201);
    }
    const answer = await admin.client.get('/api/v1/audit.csv');
    expect(answer.status).toBe(200);
    expect(answer.headers.get('content-type')).toContain('text/csv');
    expect(answer.headers.get('content-disposition')).toMatch(/^attachment;/);
    expect(formulaCells(answer.text)).toEqual([]);
    // The payloads are there, neutralised, so the check above looked at real cells.
    const cells = (parse(answer.text, { bom: true, relax_column_count: true }) as string[][]).flat();
    expect(cells).toContain(`'=HYPERLINK("http://evil.test","admin")`);
    expect(cells).toContain("'@SUM(1) team");
    expect(cells).toContain("'+cmd@evil.test");
  });

  it('invalid.csv of a bulk import: every column, every dangerous first character, is neutralised', async () => {
    const admin = await signUp(server.url);
    await enterprise(admin);
    const quote = (s: string) => `"${s.replaceAll('"', '""')}"`;
    // A NUL byte makes the whole upload refused as binary (checked below), so it never reaches the export.
    const prefixes = ['=', '+', '-', '@', '\t', '\r'];
    const rows = prefixes.map((p) => [`${p}cmd`, `${p}name`, `${p}role`, `${p}team`].map(quote).join(','));
    const upload = await admin.client.request<BulkImport>('POST', '/api/v1/invitations/bulk', {
      rawBody: `email,name,role,team\r\n${rows.join('\r\n')}\r\n`,
      headers: { 'content-type': 'text/csv' },
    });
    expect(upload.status, upload.text).toBe(201);
    expect(upload.body.counts.invalid).toBe(prefixes.length);
    const answer = await admin.client.get(`/api/v1/invitations/bulk/${upload.body.id}/invalid.csv`);
    expect(answer.status).toBe(200);
    expect(answer.headers.get('content-disposition')).toMatch(/^attachment;/);
    const records = parse(answer.text, { bom: true }) as string[][];
    expect(records).toHaveLength(prefixes.length + 1);
    expect(formulaCells(answer.text)).toEqual([]);
    // Leading tabs and CRs are trimmed by the reader; the other characters are kept and quoted away.
    expect(records.slice(1).map((r) => r[1])).toEqual(["'=name", "'+name", "'-name", "'@name", 'name', 'name']);
    const withNul = await admin.client.request<Problem>('POST', '/api/v1/invitations/bulk', {
      rawBody: 'email,name,role,team\r\n\u0000cmd,\u0000name,sales_rep,\r\n',
      headers: { 'content-type': 'text/csv' },
    });
    expect(withNul.status).toBe(400);
    expect(withNul.body.code).toBe('not_csv');
  });

  it('the bulk template is free of formula cells', async () => {
    const admin = await signUp(server.url);
    const answer = await admin.client.get('/api/v1/invitations/bulk/template');
    expect(answer.status).toBe(200);
    expect(answer.text.length).toBeGreaterThan(20);
    expect(formulaCells(answer.text)).toEqual([]);
  });
});
