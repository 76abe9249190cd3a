import { z } from 'zod';
import { DEAL_STAGES } from '../work-records.js';
import { atLeastOne, idName } from './common.js';
import { type ListParams, pageQuery } from './pagination.js';

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

/** `ownerId` left out means the signed-in person; null (admins only) leaves the record unassigned. */
export const dealBody = z.object({
  name: recordName,
  amount,
  stage: z.enum(DEAL_STAGES),
  ownerId: ownerId.optional(),
});
export const dealPatch = atLeastOne(dealBody.partial(), 'name, amount, stage, ownerId');
export type DealInput = z.input<typeof dealBody>;

export const leadBody = z.object({
  name: recordName,
  email: optionalText(254).refine((v) => v == null || z.email().safeParse(v).success, 'Enter a valid email address.'),
  company: optionalText(200),
  ownerId: ownerId.optional(),
});
export const leadPatch = atLeastOne(leadBody.partial(), 'name, email, company, ownerId');
export type LeadInput = z.input<typeof leadBody>;

export const recordListQuery = z.object({ ownerId: z.string().max(100).optional(), ...pageQuery().shape });
export type RecordListParams = ListParams<typeof recordListQuery>;

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
export type Deal = z.infer<typeof dealSchema>;

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
export type Lead = z.infer<typeof leadSchema>;

/** The active people the signed-in person may give a deal or lead to, by name. */
export const ownersSchema = z.object({ items: z.array(idName) });
export type Owners = z.infer<typeof ownersSchema>;
