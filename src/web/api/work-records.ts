import { api } from './client';
import type { Page, Ref } from './types';

/** A deal's stages in pipeline order (API.md "Deal"), and the words the app shows for them. */
export const DEAL_STAGES = ['qualification', 'proposal', 'negotiation', 'won', 'lost'] as const;
export type DealStage = (typeof DEAL_STAGES)[number];

export const DEAL_STAGE_LABELS: Record<DealStage, string> = {
  qualification: 'Qualification',
  proposal: 'Proposal',
  negotiation: 'Negotiation',
  won: 'Won',
  lost: 'Lost',
};

export type Deal = {
  id: string;
  name: string;
  amount: number;
  stage: DealStage;
  ownerId: string | null;
  owner: Ref | null;
  createdAt: string;
};

export type Lead = {
  id: string;
  name: string;
  email: string | null;
  company: string | null;
  ownerId: string | null;
  owner: Ref | null;
  createdAt: string;
};

/** `ownerId` left out means the signed-in person; null (admins only) leaves the record unassigned. */
export type DealInput = { name: string; amount: number; stage: DealStage; ownerId?: string | null };
export type LeadInput = { name: string; email?: string | null; company?: string | null; ownerId?: string | null };

/** Deals and leads share one set of endpoints and rules: a kind of work record is its path. */
export type RecordKind = 'deals' | 'leads';
export type WorkRecord<K extends RecordKind = RecordKind> = K extends 'deals' ? Deal : Lead;
export type WorkRecordInput<K extends RecordKind = RecordKind> = K extends 'deals' ? DealInput : LeadInput;

export type RecordListParams = { limit?: number; cursor?: string | null; ownerId?: string };

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
  return api.get<{ items: Ref[] }>('/api/v1/owners', { signal });
}

/** Cache keys of deals, leads and owners; a change to a kind invalidates `workRecordKeys.all(kind)`. */
export const workRecordKeys = {
  all: (kind: RecordKind) => ['work-records', kind] as const,
  page: (kind: RecordKind, cursor: string | null, limit: number) =>
    ['work-records', kind, 'page', { cursor, limit }] as const,
  owners: ['work-records', 'owners'] as const,
};
