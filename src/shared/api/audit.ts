import { z } from 'zod';
import { AUDIT_ACTION_NAMES } from '../audit.js';
import { type ListParams, pageQuery } from './pagination.js';

/** One event of the audit log: who did what to what, the values before and after, when and from where. */
export const auditEventSchema = z
  .object({
    id: z.string(),
    at: z.string(),
    /** Null when the workspace itself acted; a failed sign-in may know only an email. */
    actor: z
      .object({ id: z.string().nullable(), name: z.string().nullable(), email: z.string().nullable() })
      .nullable(),
    action: z.string(),
    target: z.object({ type: z.string(), id: z.string().nullable(), label: z.string().nullable() }).nullable(),
    before: z.record(z.string(), z.unknown()).nullable(),
    after: z.record(z.string(), z.unknown()).nullable(),
    ip: z.string().nullable(),
  })
  .meta({ id: 'AuditEvent' });
export type AuditEvent = z.infer<typeof auditEventSchema>;

const isoDate = z.iso.datetime({ offset: true }).or(z.iso.date());

/** `from` and `to` are ISO dates (a whole day) or ISO times, both inclusive. */
export const auditFilters = z.object({
  action: z.enum(AUDIT_ACTION_NAMES).optional(),
  actorId: z.string().max(100).optional(),
  targetId: z.string().max(100).optional(),
  from: isoDate.optional(),
  to: isoDate.optional(),
});
export type AuditFilters = z.infer<typeof auditFilters>;

export const auditListQuery = auditFilters.extend(pageQuery().shape);
export type AuditListParams = ListParams<typeof auditListQuery>;
