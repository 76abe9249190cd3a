import { z } from 'zod';
import { CHALLENGE_STEPS } from '../challenges.js';
import { atLeastOne, idName } from './common.js';

export const stepSchema = z.enum(CHALLENGE_STEPS);

const name = z.string().trim().min(1, 'Enter a name.').max(100, 'At most 100 characters.');
const steps = z
  .array(stepSchema)
  .min(1, 'Choose at least one step.')
  .max(CHALLENGE_STEPS.length)
  .refine((list) => new Set(list).size === list.length, 'Choose each step once.');
const dueDays = z
  .number()
  .int('Enter a whole number of days.')
  .min(1, 'At least 1 day.')
  .max(365, 'At most 365 days.')
  .nullable()
  .describe('Days from the person’s acceptance to finish; null for no due date.');

export const challengeBody = z.object({ name, steps, active: z.boolean(), dueDays: dueDays.optional() });
export type ChallengeBody = z.infer<typeof challengeBody>;
export type ChallengeInput = z.input<typeof challengeBody>;

export const challengePatch = atLeastOne(challengeBody.partial(), 'name, steps, active, dueDays');
export type ChallengePatch = z.infer<typeof challengePatch>;
export type ChallengeChange = z.input<typeof challengePatch>;

export const challengeSchema = z
  .object({
    id: z.string(),
    name: z.string(),
    steps: z.array(stepSchema).describe('In catalogue order.'),
    active: z.boolean(),
    dueDays: z.number().int().nullable(),
    createdAt: z.string(),
  })
  .meta({ id: 'Challenge' });
export type Challenge = z.infer<typeof challengeSchema>;

export const progressItemSchema = z.object({
  user: idName,
  done: z.array(stepSchema).describe('The challenge’s steps this person has done, in catalogue order.'),
  completedAt: z.string().nullable().describe('When the last of the steps was done; null until all are.'),
  stuckAt: stepSchema.nullable().describe('The first step not done yet; null when finished.'),
});
export type ProgressItem = z.infer<typeof progressItemSchema>;

export const progressSchema = z.object({ items: z.array(progressItemSchema) });
export type ChallengeProgress = z.infer<typeof progressSchema>;

export const myChallengeSchema = z
  .object({
    id: z.string(),
    name: z.string(),
    steps: z.array(stepSchema),
    dueDays: z.number().int().nullable(),
    dueAt: z.string().nullable().describe('The person’s acceptance plus `dueDays`; null without a due date.'),
    done: z.array(stepSchema),
    completedAt: z.string().nullable(),
  })
  .describe('The active Getting Started challenge and the signed-in person’s progress; null when none is active.');
export type MyChallenge = z.infer<typeof myChallengeSchema>;
