import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { anchorHrefs, linksIn, visibleText } from '../../../test/support/linkify.js';
import { buddyEmail } from './buddy-email.js';
import { invitationEmail } from './invitation-email.js';
import { passwordResetEmail } from './password-reset-email.js';
import { escapeHtml, userText } from './render.js';
import { verifyEmailEmail } from './verify-email-email.js';

// Security finding 6: names people type must never become links in our emails (mail clients
// auto-link anything that looks like a URL, a domain or an address).

/** Names a phisher would choose: schemes, bare domains, www., addresses, IPs, UNC and look-alike dots. */
const HOSTILE = [
  'Payroll action required - confirm at https://evil.example/login',
  'HR Department (IT Security) evil.example.com',
  'Verify at evil.com/payroll',
  'Write to hr@evil.com or www.evil.org or 10.0.0.1',
  'Open //evil.com/x or \\\\evil.com\\share or \\\\fileserver\\payroll',
  'mailto:ceo@evil.com javascript:alert(1) HTTPS://EVIL.COM',
  'evil。com evil．com evil｡com hr＠evil.com https：//evil.com',
  'Follow @evilcorp on evil.co.uk and xn--80ak6aa92e.com',
];

const PUBLIC_URL = 'http://crm.example.test';
const ours = (href: string) => href.startsWith(`${PUBLIC_URL}/`);
const readable = (text: string) => text.replaceAll('\u200b', '');

async function foreignLinks(mail: { text: string; html: string }, allowed: (href: string) => boolean) {
  const html = [...anchorHrefs(mail.html), ...(await linksIn(visibleText(mail.html)))];
  return [...html, ...(await linksIn(mail.text))].filter((href) => !ours(href) && !allowed(href));
}

describe('userText', () => {
  it('leaves nothing a linkifier links, in the text part and in what the HTML part shows', async () => {
    for (const name of HOSTILE) {
      // The oracle does link the raw names: the test would fail without userText.
      expect((await linksIn(name)).length, name).toBeGreaterThan(0);
      const safe = userText(name);
      expect(await linksIn(safe.text), name).toEqual([]);
      expect(await linksIn(visibleText(safe.html)), name).toEqual([]);
      expect(anchorHrefs(safe.html)).toEqual([]);
    }
  });

  it('keeps the words as typed: only invisible zero-width spaces and empty spans are added', () => {
    for (const name of [...HOSTILE, 'Zoë & "Ann" <b>O\'Neil</b>', 'and/or', 'Plain Name']) {
      const safe = userText(name);
      expect(readable(safe.text)).toBe(name);
      expect(safe.html.replaceAll('<span>&#8203;</span>', '')).toBe(escapeHtml(name));
    }
    expect(userText('Plain Name')).toEqual({ text: 'Plain Name', html: 'Plain Name' });
  });

  it('breaks every URL, domain, address and IP it is given, in any words (property)', async () => {
    const linkish = fc.oneof(
      fc.webUrl({ withQueryParameters: true, withFragments: true }),
      fc.domain(),
      fc.emailAddress(),
      fc.ipV4(),
      fc.domain().map((d) => `www.${d}`),
      fc.domain().map((d) => `//${d}/path`),
    );
    const words = fc.array(fc.oneof(linkish, fc.constantFrom('confirm at', 'HR', '(IT)', '-', ':', 'now!')), {
      minLength: 1,
      maxLength: 4,
    });
    await fc.assert(
      fc.asyncProperty(words, async (parts) => {
        const safe = userText(parts.join(' '));
        expect(await linksIn(safe.text)).toEqual([]);
        expect(await linksIn(visibleText(safe.html))).toEqual([]);
      }),
      { numRuns: 200 },
    );
  });
});

describe('every email template shows user text through userText', () => {
  const expiresAt = '2031-05-06T07:08:09.000Z';

  it('invitation: inviter, workspace, invitee and team names link nowhere; our links stay', async () => {
    for (const name of HOSTILE) {
      const mail = invitationEmail({
        publicUrl: PUBLIC_URL,
        token: 'tok_123',
        inviterName: name,
        workspaceName: name,
        inviteeName: name,
        role: 'sales_rep',
        teamName: name,
        expiresAt,
      });
      expect(await foreignLinks(mail, () => false), name).toEqual([]);
      expect(await linksIn(mail.text)).toEqual([`${PUBLIC_URL}/invite/tok_123`, `${PUBLIC_URL}/guide`]);
      expect(anchorHrefs(mail.html)).toEqual([
        `${PUBLIC_URL}/invite/tok_123`,
        `${PUBLIC_URL}/invite/tok_123`,
        `${PUBLIC_URL}/guide`,
      ]);
      expect(readable(mail.text)).toContain(`${name} invited you to join the ${name} workspace`);
    }
  });

  it('buddy notice: buddy, newcomer, workspace and team names link nowhere', async () => {
    for (const name of HOSTILE) {
      const mail = buddyEmail({
        publicUrl: PUBLIC_URL,
        buddyName: name,
        newcomerName: name,
        newcomerEmail: 'newcomer@example.com',
        newcomerRole: 'manager',
        teamName: name,
        workspaceName: name,
      });
      // The newcomer's address is a mailbox that accepted the invitation: a mailto: link to it is fine.
      expect(await foreignLinks(mail, (href) => href === 'mailto:newcomer@example.com'), name).toEqual([]);
      expect(anchorHrefs(mail.html)).toEqual([`${PUBLIC_URL}/`]);
    }
  });

  it('password reset and email verification: the person name links nowhere', async () => {
    for (const name of HOSTILE) {
      const args = { publicUrl: PUBLIC_URL, token: 'tok_456', name, email: 'person@example.com', expiresAt };
      const ownAddress = (href: string) => href === 'mailto:person@example.com';
      const reset = passwordResetEmail({ ...args, hasPassword: true });
      expect(await foreignLinks(reset, ownAddress), name).toEqual([]);
      expect(anchorHrefs(reset.html)).toEqual([
        `${PUBLIC_URL}/reset-password/tok_456`,
        `${PUBLIC_URL}/reset-password/tok_456`,
      ]);
      const verify = verifyEmailEmail(args);
      expect(await foreignLinks(verify, ownAddress), name).toEqual([]);
      expect(anchorHrefs(verify.html)).toEqual([
        `${PUBLIC_URL}/verify-email/tok_456`,
        `${PUBLIC_URL}/verify-email/tok_456`,
      ]);
    }
  });

  it('asks mail clients that read it (Apple Mail) not to detect links and numbers themselves', () => {
    const mail = verifyEmailEmail({ publicUrl: PUBLIC_URL, token: 't', name: 'N', email: 'n@example.com', expiresAt });
    expect(mail.html).toContain(
      '<meta name="format-detection" content="telephone=no, date=no, address=no, email=no, url=no">',
    );
  });
});
