import { escapeHtml, formatDate, headerText, htmlButton, htmlLayout, userText } from './render.js';

export type PasswordResetEmailInput = {
  publicUrl: string;
  token: string;
  name: string;
  email: string;
  expiresAt: string;
  /** False for an account that never had a password (SSO): the same link sets one. */
  hasPassword: boolean;
};

/** The password reset email, in HTML and plain text; the person's name is escaped and links nowhere. */
export function passwordResetEmail(input: PasswordResetEmailInput): { subject: string; text: string; html: string } {
  const link = `${input.publicUrl}/reset-password/${input.token}`;
  const action = input.hasPassword ? 'reset' : 'set';
  const expires = formatDate(input.expiresAt);
  const name = userText(input.name);
  const subject = headerText(input.hasPassword ? 'Reset your SalesOS password' : 'Set a password for SalesOS');
  const text = [
    `Hi ${name.text},`,
    '',
    `Someone asked to ${action} the password of the SalesOS account ${input.email}. If it was you, choose a new password here:`,
    link,
    '',
    `This link works once and expires on ${expires}. Choosing a new password signs you out on every device.`,
    '',
    `If you did not ask for this, ignore this email: your password stays as it is.`,
  ].join('\n');
  const e = escapeHtml;
  const html = htmlLayout({
    title: subject,
    body: [
      `<p>Hi ${name.html},</p>`,
      `<p>Someone asked to ${action} the password of the SalesOS account <strong>${e(input.email)}</strong>. If it was you, choose a new password:</p>`,
      htmlButton(link, input.hasPassword ? 'Reset password' : 'Set password'),
      `<p style="font-size:13px;color:#52606d;">Or paste this link into your browser:<br><a href="${e(link)}">${e(link)}</a></p>`,
      `<p>This link works once and expires on <strong>${e(expires)}</strong>. Choosing a new password signs you out on every device.</p>`,
      `<p style="font-size:13px;color:#52606d;">If you did not ask for this, ignore this email: your password stays as it is.</p>`,
    ].join('\n'),
  });
  return { subject, text, html };
}
