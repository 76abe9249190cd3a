import { api } from './client';
import type { EditUserInput, Page, User, UsersQuery, UsersSummary } from './types';

export function listUsers(query: UsersQuery, signal?: AbortSignal): Promise<Page<User>> {
  return api.get<Page<User>>('/api/v1/users', { query, signal });
}

export function fetchUsersSummary(signal?: AbortSignal): Promise<UsersSummary> {
  return api.get<UsersSummary>('/api/v1/users/summary', { signal });
}

export function editUser(id: string, input: EditUserInput): Promise<User> {
  return api.patch<User>(`/api/v1/users/${encodeURIComponent(id)}`, input);
}
