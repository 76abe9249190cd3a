import { z } from 'zod';
import { ONBOARDING_STEPS } from '../../../shared/profile.js';
import { personName } from '../../lib/fields.js';

export const onboardingSchema = z
  .object({
    steps: z.array(z.object({ id: z.enum(ONBOARDING_STEPS), status: z.enum(['done', 'skipped', 'todo']) })),
    next: z.enum([...ONBOARDING_STEPS, 'dashboard']),
    guided: z
      .boolean()
      .describe(
        'True when the person joined by accepting an invitation: the web app takes them through the steps left.',
      ),
  })
  .meta({ id: 'Onboarding' });

export const profileBody = z.object({
  name: personName.optional(),
  phone: z
    .string()
    .max(64, 'At most 64 characters.')
    .nullable()
    .optional()
    .describe('Any common notation; stored as E.164. `null` or an empty string removes it.'),
  country: z
    .string()
    .regex(/^[A-Za-z]{2}$/, 'A two-letter country code (ISO 3166), such as US or FR.')
    .optional()
    .describe('ISO 3166 alpha-2 country used to read a number written without its country code.'),
});
export type ProfileInput = z.infer<typeof profileBody>;

export const tourBody = z.object({ status: z.enum(['completed', 'skipped']) });

export const photoParams = z.object({ key: z.string().min(1).max(100) });
