import { z } from 'zod';
import { AUDIT_ACTION_NAMES } from '../../../shared/audit.js';
import type { Row } from '../../db/schema.js';
import { limitSchema } from '../users/users.schemas.js';

export const auditEventSchema = z
  .object({
    id: z.string(),
    at: z.string(),
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

export const auditFilters = z.object({
  action: z.enum(AUDIT_ACTION_NAMES).optional(),
  actorId: z.string().max(100).optional(),
  targetId: z.string().max(100).optional(),
  from: isoDate.optional(),
  to: isoDate.optional(),
});
export type AuditFilters = z.infer<typeof auditFilters>;

export const auditListQuery = auditFilters.extend({ limit: limitSchema, cursor: z.string().max(500).optional() });

const parse = (text: string | null) => (text === null ? null : (JSON.parse(text) as Record<string, unknown>));

export function toAuditEvent(row: Row<'audit_events'>): AuditEvent {
  return {
    id: row.id,
    at: row.at,
    actor:
      row.actor_user_id === null && row.actor_name === null && row.actor_email === null
        ? null
        : { id: row.actor_user_id, name: row.actor_name, email: row.actor_email },
    action: row.action,
    target: row.target_type === null ? null : { type: row.target_type, id: row.target_id, label: row.target_label },
    before: parse(row.before),
    after: parse(row.after),
    ip: row.ip,
  };
}
