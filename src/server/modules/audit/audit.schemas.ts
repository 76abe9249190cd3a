// Server-only: an audit row as the wire's AuditEvent (src/shared/api/audit.ts holds the schemas).
import type { AuditEvent } from '../../../shared/api/audit.js';
import type { Row } from '../../db/schema.js';

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
