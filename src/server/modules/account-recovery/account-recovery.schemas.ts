import { z } from 'zod';
import { emailField } from '../../lib/fields.js';

// A token is 32 random bytes in base64url (43 characters); any other string is simply not valid.
const token = z.string().min(1, 'Required.').max(200);

export const forgotBody = z.object({ email: emailField });
export const tokenBody = z.object({ token });
// Passwords are taken exactly as typed; length and strength rules answer `weak_password` with a reason.
export const resetBody = z.object({ token, password: z.string().min(1, 'Required.').max(100_000) });

export const resetLookupAnswer = z.object({
  email: z.string(),
  name: z.string(),
  expiresAt: z.string(),
  /** False when the account never had a password (SSO): the link sets a first one. */
  hasPassword: z.boolean(),
});

export const resendAnswer = z.object({
  /** False when the email was already verified: nothing was sent. */
  sent: z.boolean(),
});
