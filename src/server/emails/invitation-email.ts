import { ROLE_LABELS, type Role } from '../../shared/roles.js';
import { escapeHtml, formatDate, headerText, htmlButton, htmlLayout, userText } from './render.js';

export type InvitationEmailInput = {
  publicUrl: string;
  token: string;
  inviterName: string | null;
  workspaceName: string;
  inviteeName: string;
  role: Role;
  teamName: string | null;
  expiresAt: string;
};

/** The invitation email, in HTML and plain text; every name a person typed is escaped and links nowhere. */
export function invitationEmail(input: InvitationEmailInput): { subject: string; text: string; html: string } {
  const link = `${input.publicUrl}/invite/${input.token}`;
  const guide = `${input.publicUrl}/guide`;
  const inviterName = input.inviterName ?? 'An admin';
  const role = ROLE_LABELS[input.role];
  const expires = formatDate(input.expiresAt);
  // Mail clients do not link a subject: it keeps the names as typed.
  const subject = headerText(`${inviterName} invited you to join ${input.workspaceName} on SalesOS`);
  const inviter = userText(inviterName);
  const workspace = userText(input.workspaceName);
  const invitee = userText(input.inviteeName);
  const team = input.teamName ? userText(input.teamName) : null;
  const text = [
    `Hi ${invitee.text},`,
    '',
    `${inviter.text} invited you to join the ${workspace.text} workspace on SalesOS as ${role}${team ? ` on the ${team.text} team` : ''}.`,
    '',
    'Accept the invitation and create your account:',
    link,
    '',
    `This link expires on ${expires}. If it has expired, ask your admin to resend it.`,
    '',
    `New to SalesOS? Read the Getting Started guide: ${guide}`,
    '',
    'If you did not expect this invitation, you can ignore this email.',
  ].join('\n');
  const e = escapeHtml;
  const html = htmlLayout({
    title: subject,
    body: [
      `<p>Hi ${invitee.html},</p>`,
      `<p><strong>${inviter.html}</strong> invited you to join the <strong>${workspace.html}</strong> workspace on SalesOS as <strong>${e(role)}</strong>${team ? ` on the <strong>${team.html}</strong> team` : ''}.</p>`,
      htmlButton(link, 'Accept invitation'),
      `<p style="font-size:13px;color:#52606d;">Or paste this link into your browser:<br><a href="${e(link)}">${e(link)}</a></p>`,
      `<p>This link expires on <strong>${e(expires)}</strong>. If it has expired, ask your admin to resend it.</p>`,
      `<p>New to SalesOS? Read the <a href="${e(guide)}">Getting Started guide</a>.</p>`,
      `<p style="font-size:13px;color:#52606d;">If you did not expect this invitation, you can ignore this email.</p>`,
    ].join('\n'),
  });
  return { subject, text, html };
}
