import { z } from 'zod';
import { ROLES } from '../roles.js';
import { idName } from './common.js';
import { emailField, passwordField, personName, tokenField } from './fields.js';

/** Why an invitation link cannot be used: the lookup's and the acceptance's refusals, and the page's cases. */
export const INVITATION_TOKEN_PROBLEMS = [
  'invitation_not_found',
  'invitation_expired',
  'invitation_revoked',
  'invitation_superseded',
  'invitation_already_accepted',
] as const;
export type InvitationProblemCode = (typeof INVITATION_TOKEN_PROBLEMS)[number];

const optionalId = z.string().min(1).max(100).nullable().optional();

export const inviteBody = z.object({
  email: emailField,
  name: personName,
  role: z.enum(ROLES, 'Choose a role: admin, manager or sales_rep.'),
  teamId: optionalId,
  buddyId: optionalId,
});
export type InviteInput = z.input<typeof inviteBody>;

// An invitation token that is not one of ours is simply not found.
export const lookupBody = z.object({ token: tokenField });

/** Only these fields are read: a role, workspace or email sent along is ignored. */
export const acceptBody = z.object({
  token: tokenField,
  password: passwordField,
  name: personName.optional(),
});
export type AcceptInput = z.input<typeof acceptBody>;

/** What an invitation link is for (POST /invitations/lookup). */
export const invitationSummary = z.object({
  workspace: idName,
  email: z.string(),
  name: z.string(),
  role: z.enum(ROLES),
  team: idName.nullable(),
  invitedBy: idName.nullable(),
  expiresAt: z.string(),
  accountExists: z.boolean(),
  /** How the existing account proves itself: its password, or only SSO. Null when there is none. */
  accountSignIn: z.enum(['password', 'sso']).nullable(),
  sso: z.boolean(),
  /** The workspace requires SSO for this invitation's role: a password cannot be used to accept. */
  ssoRequired: z.boolean(),
});
export type InvitationSummary = z.infer<typeof invitationSummary>;
