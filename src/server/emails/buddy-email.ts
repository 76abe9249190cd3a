import { ROLE_LABELS, type Role } from '../../shared/roles.js';
import { escapeHtml, headerText, htmlButton, htmlLayout, userText } from './render.js';

export type BuddyEmailInput = {
  publicUrl: string;
  buddyName: string;
  newcomerName: string;
  newcomerEmail: string;
  newcomerRole: Role;
  teamName: string | null;
  workspaceName: string;
};

/** Tells a buddy that the person they were assigned to has just joined; every name is escaped and links nowhere. */
export function buddyEmail(input: BuddyEmailInput): { subject: string; text: string; html: string } {
  const link = `${input.publicUrl}/`;
  const role = ROLE_LABELS[input.newcomerRole];
  // Mail clients do not link a subject: it keeps the names as typed.
  const subject = headerText(`${input.newcomerName} just joined ${input.workspaceName} — you are their buddy`);
  const buddy = userText(input.buddyName);
  const newcomer = userText(input.newcomerName);
  const workspace = userText(input.workspaceName);
  const team = input.teamName ? userText(input.teamName) : null;
  // The newcomer's address is shown as it is: a mailbox that received and accepted the invitation.
  const text = [
    `Hi ${buddy.text},`,
    '',
    `${newcomer.text} (${input.newcomerEmail}) just joined the ${workspace.text} workspace on SalesOS as ${role}${team ? ` on the ${team.text} team` : ''}.`,
    '',
    'You are their buddy: say hello, and help them through their first days.',
    '',
    `Open SalesOS: ${link}`,
  ].join('\n');
  const e = escapeHtml;
  const html = htmlLayout({
    title: subject,
    body: [
      `<p>Hi ${buddy.html},</p>`,
      `<p><strong>${newcomer.html}</strong> (${e(input.newcomerEmail)}) just joined the <strong>${workspace.html}</strong> workspace on SalesOS as <strong>${e(role)}</strong>${team ? ` on the <strong>${team.html}</strong> team` : ''}.</p>`,
      '<p>You are their buddy: say hello, and help them through their first days.</p>',
      htmlButton(link, 'Open SalesOS'),
    ].join('\n'),
  });
  return { subject, text, html };
}
