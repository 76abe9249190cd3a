import { escapeHtml, formatDate, headerText, htmlButton, htmlLayout, userText } from './render.js';

export type VerifyEmailInput = {
  publicUrl: string;
  token: string;
  name: string;
  email: string;
  expiresAt: string;
};

/** The email that proves a person owns their address, in HTML and plain text; their name is escaped and links nowhere. */
export function verifyEmailEmail(input: VerifyEmailInput): { subject: string; text: string; html: string } {
  const link = `${input.publicUrl}/verify-email/${input.token}`;
  const expires = formatDate(input.expiresAt);
  const name = userText(input.name);
  const subject = headerText('Verify your email address for SalesOS');
  const text = [
    `Hi ${name.text},`,
    '',
    `Please confirm that ${input.email} is your email address for SalesOS:`,
    link,
    '',
    `This link expires on ${expires}.`,
    '',
    'If you did not create a SalesOS account, do not open the link: ignore this email.',
  ].join('\n');
  const e = escapeHtml;
  const html = htmlLayout({
    title: subject,
    body: [
      `<p>Hi ${name.html},</p>`,
      `<p>Please confirm that <strong>${e(input.email)}</strong> is your email address for SalesOS.</p>`,
      htmlButton(link, 'Verify email address'),
      `<p style="font-size:13px;color:#52606d;">Or paste this link into your browser:<br><a href="${e(link)}">${e(link)}</a></p>`,
      `<p>This link expires on <strong>${e(expires)}</strong>.</p>`,
      `<p style="font-size:13px;color:#52606d;">If you did not create a SalesOS account, do not open the link: ignore this email.</p>`,
    ].join('\n'),
  });
  return { subject, text, html };
}
