import type { Readable } from 'node:stream';
import type { AuditFilters } from '../../../shared/api/audit.js';
import { AUDIT_ACTIONS, type AuditAction } from '../../../shared/audit.js';
import type { AppContext } from '../../context.js';
import { safeCsv } from '../../lib/csv-export.js';
import { readCursor, toPage } from '../../lib/pagination.js';
import { auditRepository } from './audit.repository.js';
import { toAuditEvent } from './audit.schemas.js';

const CSV_PAGE = 1000;

export function createAuditService(ctx: AppContext) {
  const { db } = ctx.database;
  return {
    async list(workspaceId: string, filters: AuditFilters, page: { limit: number; cursor?: string | undefined }) {
      const after = readCursor(page.cursor);
      const rows = await auditRepository.list(db, { workspaceId, filters, after, limit: page.limit + 1 });
      return toPage(rows, page.limit, toAuditEvent, (r) => r.at);
    },

    /** Every event that matches, newest first, read a page at a time while the file is sent. */
    csv(workspaceId: string, filters: AuditFilters): Readable {
      const columns = ['time', 'actor', 'actor_email', 'action', 'target_type', 'target', 'before', 'after', 'ip'];
      return safeCsv(columns, async (write) => {
        let after: { value: string; id: string } | null = null;
        for (;;) {
          const rows = await auditRepository.list(db, { workspaceId, filters, after, limit: CSV_PAGE });
          for (const row of rows) {
            await write([
              row.at,
              row.actor_name ?? '',
              row.actor_email ?? '',
              AUDIT_ACTIONS[row.action as AuditAction] ?? row.action,
              row.target_type ?? '',
              row.target_label ?? '',
              row.before ?? '',
              row.after ?? '',
              row.ip ?? '',
            ]);
          }
          const last = rows.at(-1);
          if (rows.length < CSV_PAGE || !last) return;
          after = { value: last.at, id: last.id };
        }
      });
    },
  };
}
