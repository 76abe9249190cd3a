import { z } from 'zod';
import { ROLES } from '../../../shared/roles.js';
import { emailField, personName } from '../../lib/fields.js';
import { idName } from '../users/users.schemas.js';

const optionalId = z.string().min(1).max(100).nullable().optional();

export const inviteBody = z.object({
  email: emailField,
  name: personName,
  role: z.enum(ROLES, 'Choose a role: admin, manager or sales_rep.'),
  teamId: optionalId,
  buddyId: optionalId,
});

// A token is 32 random bytes in base64url: 43 characters. Anything else is simply not found.
const token = z.string().min(1, 'Required.').max(200);

export const lookupBody = z.object({ token });

/** Only these fields are read: a role, workspace or email sent along is ignored. */
export const acceptBody = z.object({
  token,
  password: z.string().min(1, 'Required.').max(100_000),
  name: personName.optional(),
});

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
