import { z } from 'zod';
import { idName, limitSchema } from '../users/users.schemas.js';

export const DEAL_STAGES = ['qualification', 'proposal', 'negotiation', 'won', 'lost'] as const;

const recordName = z.string().trim().min(1, 'Enter a name.').max(200, 'At most 200 characters.');
const ownerId = z.string().min(1).max(100).nullable();
const amount = z
  .number()
  .min(0, 'The amount cannot be negative.')
  .max(1e12, 'The amount is too large.')
  .refine((n) => Number.isFinite(n), 'Enter a number.');
const optionalText = (max: number) =>
  z
    .string()
    .trim()
    .max(max, `At most ${max} characters.`)
    .nullable()
    .optional()
    .transform((v) => (v === '' ? null : v));

export const dealBody = z.object({
  name: recordName,
  amount,
  stage: z.enum(DEAL_STAGES),
  ownerId: ownerId.optional(),
});
export const dealPatch = dealBody.partial().refine((b) => Object.values(b).some((v) => v !== undefined), {
  message: 'Send at least one of name, amount, stage, ownerId.',
});

export const leadBody = z.object({
  name: recordName,
  email: optionalText(254).refine((v) => v == null || z.email().safeParse(v).success, 'Enter a valid email address.'),
  company: optionalText(200),
  ownerId: ownerId.optional(),
});
export const leadPatch = leadBody.partial().refine((b) => Object.values(b).some((v) => v !== undefined), {
  message: 'Send at least one of name, email, company, ownerId.',
});

export const recordListQuery = z.object({
  ownerId: z.string().max(100).optional(),
  limit: limitSchema,
  cursor: z.string().max(500).optional(),
});

export const dealSchema = z
  .object({
    id: z.string(),
    name: z.string(),
    amount: z.number(),
    stage: z.enum(DEAL_STAGES),
    ownerId: z.string().nullable(),
    owner: idName.nullable(),
    createdAt: z.string(),
  })
  .meta({ id: 'Deal' });

export const leadSchema = z
  .object({
    id: z.string(),
    name: z.string(),
    email: z.string().nullable(),
    company: z.string().nullable(),
    ownerId: z.string().nullable(),
    owner: idName.nullable(),
    createdAt: z.string(),
  })
  .meta({ id: 'Lead' });

export const ownersSchema = z.object({ items: z.array(idName) });
