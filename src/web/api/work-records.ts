import type { Page } from '../../shared/api/pagination';
import type { Deal, DealInput, Lead, LeadInput, Owners, RecordListParams } from '../../shared/api/work-records';
import type { DealStage } from '../../shared/work-records';
import { api } from './client';

/** The words the app shows for a deal's stages. */
export const DEAL_STAGE_LABELS: Record<DealStage, string> = {
  qualification: 'Qualification',
  proposal: 'Proposal',
  negotiation: 'Negotiation',
  won: 'Won',
  lost: 'Lost',
};

/** Deals and leads share one set of endpoints and rules: a kind of work record is its path. */
export type RecordKind = 'deals' | 'leads';
export type WorkRecord<K extends RecordKind = RecordKind> = K extends 'deals' ? Deal : Lead;
export type WorkRecordInput<K extends RecordKind = RecordKind> = K extends 'deals' ? DealInput : LeadInput;

const recordPath = (kind: RecordKind, id?: string) =>
  id === undefined ? `/api/v1/${kind}` : `/api/v1/${kind}/${encodeURIComponent(id)}`;

/** Newest first; admins see every record, managers their team's, sales reps their own. */
export function listRecords<K extends RecordKind>(kind: K, params: RecordListParams = {}, signal?: AbortSignal) {
  return api.get<Page<WorkRecord<K>>>(recordPath(kind), { query: params, signal });
}

export function getRecord<K extends RecordKind>(kind: K, id: string, signal?: AbortSignal) {
  return api.get<WorkRecord<K>>(recordPath(kind, id), { signal });
}

export function createRecord<K extends RecordKind>(kind: K, input: WorkRecordInput<K>): Promise<WorkRecord<K>> {
  return api.post<WorkRecord<K>>(recordPath(kind), input);
}

/** Sends only the fields given, so a save never rewrites what someone else just changed. */
export function updateRecord<K extends RecordKind>(
  kind: K,
  id: string,
  input: Partial<WorkRecordInput<K>>,
): Promise<WorkRecord<K>> {
  return api.patch<WorkRecord<K>>(recordPath(kind, id), input);
}

export function deleteRecord(kind: RecordKind, id: string): Promise<void> {
  return api.delete<void>(recordPath(kind, id));
}

/** The active people the signed-in person may give a deal or lead to, by name. */
export function listOwners(signal?: AbortSignal) {
  return api.get<Owners>('/api/v1/owners', { signal });
}
