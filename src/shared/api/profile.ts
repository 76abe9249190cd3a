import { z } from 'zod';
import { ONBOARDING_STEPS } from '../profile.js';
import { personName } from './fields.js';

export const onboardingSchema = z
  .object({
    steps: z.array(z.object({ id: z.enum(ONBOARDING_STEPS), status: z.enum(['done', 'skipped', 'todo']) })),
    /** The first step still to do, or `dashboard` when every step is done or skipped. */
    next: z.enum([...ONBOARDING_STEPS, 'dashboard']),
    /** False for a workspace's founder, who is offered the steps instead (see docs/decisions.md). */
    guided: z
      .boolean()
      .describe(
        'True when the person joined by accepting an invitation: the web app takes them through the steps left.',
      ),
  })
  .meta({ id: 'Onboarding' });
export type Onboarding = z.infer<typeof onboardingSchema>;
export type OnboardingStepStatus = Onboarding['steps'][number]['status'];
export type OnboardingNext = Onboarding['next'];

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
export type TourStatus = z.infer<typeof tourBody>['status'];
