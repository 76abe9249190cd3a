import { z } from 'zod';
import { emailField, passwordField, tokenField } from './fields.js';

export const forgotBody = z.object({ email: emailField });
export const tokenBody = z.object({ token: tokenField });
export const resetBody = z.object({ token: tokenField, password: passwordField });
export type ResetInput = z.input<typeof resetBody>;

export const resetLookupAnswer = z.object({
  email: z.string(),
  name: z.string(),
  expiresAt: z.string(),
  /** False when the account never had a password (SSO): the link sets a first one. */
  hasPassword: z.boolean(),
});
export type ResetLookup = z.infer<typeof resetLookupAnswer>;

export const resendAnswer = z.object({
  /** False when the email was already verified: nothing was sent. */
  sent: z.boolean(),
});
export type ResendAnswer = z.infer<typeof resendAnswer>;
