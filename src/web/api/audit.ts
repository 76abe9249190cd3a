import type { AuditEvent, AuditFilters, AuditListParams } from '../../shared/api/audit';
import type { Page } from '../../shared/api/pagination';
import { api, withQuery } from './client';

const AUDIT = '/api/v1/audit';

/** Newest first. */
export function listAuditEvents(params: AuditListParams, signal?: AbortSignal): Promise<Page<AuditEvent>> {
  return api.get<Page<AuditEvent>>(AUDIT, { query: params, signal });
}

/** Every event matching the filters as CSV, for a download link (a GET carrying the session cookie). */
export function auditCsvUrl(filters: AuditFilters): string {
  return withQuery(`${AUDIT}.csv`, filters);
}
