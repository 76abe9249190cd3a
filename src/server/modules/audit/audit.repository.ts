import type { AuditFilters } from '../../../shared/api/audit.js';
import type { Executor } from '../../db/executor.js';
import type { Row } from '../../db/schema.js';

/** `to` given as a day means the whole of that day. */
function upperBound(to: string): string {
  return /^\d{4}-\d{2}-\d{2}$/.test(to) ? `${to}T23:59:59.999Z` : new Date(to).toISOString();
}

export const auditRepository = {
  /** Newest first; `after` is the (at, id) of the last event of the previous page. */
  list(
    db: Executor,
    args: { workspaceId: string; filters: AuditFilters; after: { value: string; id: string } | null; limit: number },
  ): Promise<Row<'audit_events'>[]> {
    const { filters, after } = args;
    let query = db.selectFrom('audit_events').selectAll().where('workspace_id', '=', args.workspaceId);
    if (filters.action) query = query.where('action', '=', filters.action);
    if (filters.actorId) query = query.where('actor_user_id', '=', filters.actorId);
    if (filters.targetId) query = query.where('target_id', '=', filters.targetId);
    if (filters.from) query = query.where('at', '>=', new Date(filters.from).toISOString());
    if (filters.to) query = query.where('at', '<=', upperBound(filters.to));
    if (after) {
      query = query.where((eb) =>
        eb.or([eb('at', '<', after.value), eb.and([eb('at', '=', after.value), eb('id', '<', after.id)])]),
      );
    }
    return query.orderBy('at', 'desc').orderBy('id', 'desc').limit(args.limit).execute();
  },
};
