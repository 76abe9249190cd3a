import { z } from 'zod';
import { singleLine } from './fields.js';

const issuer = z
  .string()
  .trim()
  .min(1, 'Enter the issuer URL of your identity provider.')
  .max(500, 'At most 500 characters.')
  .pipe(z.url({ protocol: /^https?$/, error: 'Enter the issuer as an http(s) URL, e.g. https://login.example.com.' }))
  .refine((value) => !/[?#]/.test(value), 'An issuer URL has no query string or fragment.');

/** PUT /sso: `clientSecret` absent keeps the saved one; `requireForNonAdmins` absent keeps its value. */
export const ssoSettingsBody = z.object({
  enabled: z.boolean(),
  issuer,
  clientId: singleLine(z.string().trim().min(1, 'Enter the client ID.').max(500, 'At most 500 characters.')),
  clientSecret: singleLine(
    z
      .string()
      .min(1, 'Enter the client secret, or leave it out to keep the saved one.')
      .max(2000, 'At most 2,000 characters.'),
  ).optional(),
  requireForNonAdmins: z.boolean().optional(),
});
export type SsoSettingsInput = z.infer<typeof ssoSettingsBody>;

export const ssoSettingsAnswer = z
  .object({
    enabled: z.boolean(),
    issuer: z.string().nullable(),
    clientId: z.string().nullable(),
    /** The secret itself is never returned. */
    clientSecretSet: z.boolean(),
    requireForNonAdmins: z.boolean(),
    /** The redirect URI to register at the provider. */
    redirectUri: z.string(),
    /** A link that starts an SSO sign-in to this workspace, to share with its people. */
    signInUrl: z.string(),
    /** False when the server cannot seal a client secret (PostgreSQL without SECRETS_KEY). */
    canSave: z.boolean(),
    updatedAt: z.string().nullable(),
  })
  .meta({ id: 'SsoSettings' });
export type SsoSettingsView = z.infer<typeof ssoSettingsAnswer>;

/** Where a browser starts an SSO sign-in: to a workspace, or to accept an invitation. */
export const ssoStartQuery = z.object({
  workspace: z.string().max(100).optional(),
  invitation: z.string().max(200).optional(),
});
