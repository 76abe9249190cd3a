import { api } from './client';
import type { Page, Team } from './types';

export function listTeams(params: { limit?: number; cursor?: string | null } = {}, signal?: AbortSignal) {
  return api.get<Page<Team>>('/api/v1/teams', { query: params, signal });
}

export function createTeam(name: string): Promise<Team> {
  return api.post<Team>('/api/v1/teams', { name });
}

export function renameTeam(id: string, name: string): Promise<Team> {
  return api.patch<Team>(`/api/v1/teams/${encodeURIComponent(id)}`, { name });
}

export function deleteTeam(id: string): Promise<void> {
  return api.delete<void>(`/api/v1/teams/${encodeURIComponent(id)}`);
}
