import type { AuditAction } from '../../shared/audit';
import { api, withQuery } from './client';
import type { Page } from './types';

/** One event of the audit log: who did what to what, the values before and after, when and from where. */
export type AuditEvent = {
  id: string;
  at: string;
  /** Null when the workspace itself acted; a failed sign-in may know only an email. */
  actor: { id: string | null; name: string | null; email: string | null } | null;
  action: AuditAction | (string & {});
  target: { type: string; id: string | null; label: string | null } | null;
  before: Record<string, unknown> | null;
  after: Record<string, unknown> | null;
  ip: string | null;
};

/** `from` and `to` are ISO dates (a whole day) or ISO times, both inclusive. */
export type AuditFilters = {
  action?: AuditAction;
  actorId?: string;
  targetId?: string;
  from?: string;
  to?: string;
};

const AUDIT = '/api/v1/audit';

/** Newest first. */
export function listAuditEvents(
  params: AuditFilters & { limit?: number; cursor?: string | null },
  signal?: AbortSignal,
): Promise<Page<AuditEvent>> {
  return api.get<Page<AuditEvent>>(AUDIT, { query: params, signal });
}

/** Every event matching the filters as CSV, for a download link (a GET carrying the session cookie). */
export function auditCsvUrl(filters: AuditFilters): string {
  return withQuery(`${AUDIT}.csv`, filters);
}

export const auditKeys = {
  all: ['audit'] as const,
  page: (filters: AuditFilters, cursor: string | null, limit: number) =>
    ['audit', 'page', { ...filters, cursor, limit }] as const,
};
