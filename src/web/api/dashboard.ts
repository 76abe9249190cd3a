import type { Dashboard } from '../../shared/api/dashboard';
import { api } from './client';

export function fetchDashboard(signal?: AbortSignal): Promise<Dashboard> {
  return api.get<Dashboard>('/api/v1/me/dashboard', { signal });
}
