import type { Page } from '../../shared/api/pagination';
import type { Team, TeamListParams } from '../../shared/api/teams';
import { api } from './client';

export function listTeams(params: TeamListParams = {}, signal?: AbortSignal) {
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
