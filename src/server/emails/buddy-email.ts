import { ROLE_LABELS, type Role } from '../../shared/roles.js';
import { escapeHtml, headerText, htmlButton, htmlLayout } from './render.js';

export type BuddyEmailInput = {
  publicUrl: string;
  buddyName: string;
  newcomerName: string;
  newcomerEmail: string;
  newcomerRole: Role;
  teamName: string | null;
  workspaceName: string;
};

/** Tells a buddy that the person they were assigned to has just joined; every name is escaped. */
export function buddyEmail(input: BuddyEmailInput): { subject: string; text: string; html: string } {
  const link = `${input.publicUrl}/`;
  const role = ROLE_LABELS[input.newcomerRole];
  const team = input.teamName ? ` on the ${input.teamName} team` : '';
  const subject = headerText(`${input.newcomerName} just joined ${input.workspaceName} — you are their buddy`);
  const text = [
    `Hi ${input.buddyName},`,
    '',
    `${input.newcomerName} (${input.newcomerEmail}) just joined the ${input.workspaceName} workspace on SalesOS as ${role}${team}.`,
    '',
    'You are their buddy: say hello, and help them through their first days.',
    '',
    `Open SalesOS: ${link}`,
  ].join('\n');
  const e = escapeHtml;
  const html = htmlLayout({
    title: subject,
    body: [
      `<p>Hi ${e(input.buddyName)},</p>`,
      `<p><strong>${e(input.newcomerName)}</strong> (${e(input.newcomerEmail)}) just joined the <strong>${e(input.workspaceName)}</strong> workspace on SalesOS as <strong>${e(role)}</strong>${input.teamName ? ` on the <strong>${e(input.teamName)}</strong> team` : ''}.</p>`,
      '<p>You are their buddy: say hello, and help them through their first days.</p>',
      htmlButton(link, 'Open SalesOS'),
    ].join('\n'),
  });
  return { subject, text, html };
}
