import type { AuditAction, AuditTargetType } from '../../../shared/audit.js';
import type { AuthContext } from '../../context.js';
import type { Executor } from '../../db/executor.js';
import type { Row } from '../../db/schema.js';
import { newId } from '../../lib/secrets.js';
import { nowIso } from '../../lib/time.js';

export type AuditActor = { userId: string | null; name: string | null; email: string | null };
export type AuditTarget = { type: AuditTargetType; id: string | null; label: string | null };

export type AuditRecord = {
  workspaceId: string;
  actor: AuditActor | null;
  action: AuditAction;
  target?: AuditTarget | null;
  before?: Record<string, unknown> | null;
  after?: Record<string, unknown> | null;
  ip?: string | null;
};

/** The signed-in person as the audit log names them. */
export function actorOf(auth: Pick<AuthContext, 'user'>): AuditActor {
  return { userId: auth.user.id, name: auth.user.name, email: auth.user.email };
}

/** A person of the workspace as the target of an event: their email, which outlives their name. */
export function userTarget(user: { id: string; email: string }): AuditTarget {
  return { type: 'user', id: user.id, label: user.email };
}

const json = (value: Record<string, unknown> | null | undefined) =>
  value === undefined || value === null ? null : JSON.stringify(value);

/**
 * Writes audit events. Pass the transaction that makes the change, so the event and the change
 * are written together or not at all.
 */
export async function recordAudit(db: Executor, records: AuditRecord | AuditRecord[]): Promise<void> {
  const list = Array.isArray(records) ? records : [records];
  if (list.length === 0) return;
  const at = nowIso();
  const rows: Row<'audit_events'>[] = list.map((r) => ({
    id: newId(),
    workspace_id: r.workspaceId,
    at,
    actor_user_id: r.actor?.userId ?? null,
    actor_name: r.actor?.name ?? null,
    actor_email: r.actor?.email ?? null,
    action: r.action,
    target_type: r.target?.type ?? null,
    target_id: r.target?.id ?? null,
    target_label: r.target?.label ?? null,
    before: json(r.before),
    after: json(r.after),
    ip: r.ip ?? null,
  }));
  for (let i = 0; i < rows.length; i += 500) {
    await db
      .insertInto('audit_events')
      .values(rows.slice(i, i + 500))
      .execute();
  }
}
