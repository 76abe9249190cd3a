import { z } from 'zod';
import { EMAIL_STATUSES, ROLES, USER_STATUSES } from '../roles.js';
import { atLeastOne, idName } from './common.js';
import { personName } from './fields.js';
import { type ListParams, limitSchema } from './pagination.js';

/** A person's place in the current workspace: an invitation, a member, or a former one. */
export const userSchema = z
  .object({
    id: z.string(),
    email: z.string(),
    name: z.string(),
    role: z.enum(ROLES),
    team: idName.nullable(),
    status: z.enum(USER_STATUSES),
    invitedAt: z.string(),
    invitedBy: idName.nullable(),
    expiresAt: z.string().nullable(),
    acceptedAt: z.string().nullable(),
    deactivatedAt: z.string().nullable(),
    emailStatus: z.enum(EMAIL_STATUSES).nullable(),
    buddy: idName.nullable(),
    phone: z.string().nullable(),
    photoUrl: z.string().nullable(),
  })
  .meta({ id: 'User' });
export type User = z.infer<typeof userSchema>;

const statusList = z
  .union([z.enum(USER_STATUSES), z.array(z.enum(USER_STATUSES))])
  .transform((v) => (Array.isArray(v) ? v : [v]));

/** GET /users: `status` may repeat. */
export const usersListQuery = z.object({
  status: statusList.optional(),
  role: z.enum(ROLES).optional(),
  teamId: z.string().max(100).optional(),
  q: z.string().max(200).optional(),
  sort: z.enum(['name', 'email', 'invitedAt']).default('name'),
  order: z.enum(['asc', 'desc']).default('asc'),
  limit: limitSchema,
  cursor: z.string().max(1000).optional(),
});
/** The query as the server reads it: defaults applied, `status` always a list. */
export type UsersListParams = z.output<typeof usersListQuery>;
export type UserSort = UsersListParams['sort'];
export type SortOrder = UsersListParams['order'];
export type UsersQuery = ListParams<typeof usersListQuery>;

export const usersSummarySchema = z.object({
  counts: z.object({
    pending: z.number().int(),
    expired: z.number().int(),
    active: z.number().int(),
    deactivated: z.number().int(),
    revoked: z.number().int(),
  }),
  seats: z.object({
    limit: z.number().int().nullable(),
    used: z.number().int(),
    active: z.number().int(),
    pending: z.number().int(),
  }),
});
export type UsersSummary = z.infer<typeof usersSummarySchema>;

export const editUserBody = atLeastOne(
  z.object({
    role: z.enum(ROLES).optional(),
    teamId: z.string().min(1).max(100).nullable().optional(),
    name: personName.optional(),
    buddyId: z.string().min(1).max(100).nullable().optional(),
  }),
  'role, teamId, name, buddyId',
);
export type EditUserInput = z.input<typeof editUserBody>;
export type EditUserChanges = z.output<typeof editUserBody>;

/** What a user owns: what deleting them hands on. */
export const userRecordsSchema = z.object({ deals: z.number().int(), leads: z.number().int() });
export type UserRecords = z.infer<typeof userRecordsSchema>;

export const deleteUserBody = z
  .object({ reassignTo: z.string().min(1).max(100).nullable().optional() })
  // A DELETE without a body arrives as null: the same as sending no choice.
  .nullish()
  .describe('`reassignTo`: the active user who receives the deals and leads, or null to leave them unassigned.');
/** Without `reassignTo`, the server refuses (409 `reassignment_required`) to delete a user who owns records. */
export type DeleteUserInput = NonNullable<z.input<typeof deleteUserBody>>;
