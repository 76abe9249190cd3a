import { z } from 'zod';

// Server-only: what the identity provider sends back (the settings' wire schemas are in src/shared/api/sso.ts).
/** Whatever the provider sends back; checked by the service, never trusted by shape alone. */
export const ssoCallbackQuery = z.looseObject({
  state: z.string().max(2000).optional(),
  code: z.string().max(4000).optional(),
  error: z.string().max(200).optional(),
  error_description: z.string().max(1000).optional(),
});
