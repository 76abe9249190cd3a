import type { Page } from '../../shared/api/pagination';
import type {
  DeleteUserInput,
  EditUserInput,
  User,
  UserRecords,
  UsersQuery,
  UsersSummary,
} from '../../shared/api/users';
import { api } from './client';

const userPath = (id: string, action?: string) =>
  `/api/v1/users/${encodeURIComponent(id)}${action ? `/${action}` : ''}`;

export function listUsers(query: UsersQuery, signal?: AbortSignal): Promise<Page<User>> {
  return api.get<Page<User>>('/api/v1/users', { query, signal });
}

export function fetchUsersSummary(signal?: AbortSignal): Promise<UsersSummary> {
  return api.get<UsersSummary>('/api/v1/users/summary', { signal });
}

export function fetchUser(id: string, signal?: AbortSignal): Promise<User> {
  return api.get<User>(userPath(id), { signal });
}

export function editUser(id: string, input: EditUserInput): Promise<User> {
  return api.patch<User>(userPath(id), input);
}

export function deactivateUser(id: string): Promise<User> {
  return api.post<User>(userPath(id, 'deactivate'));
}

export function reactivateUser(id: string): Promise<User> {
  return api.post<User>(userPath(id, 'reactivate'));
}

export function fetchUserRecords(id: string, signal?: AbortSignal): Promise<UserRecords> {
  return api.get<UserRecords>(userPath(id, 'records'), { signal });
}

export function deleteUser(id: string, input: DeleteUserInput): Promise<void> {
  return api.delete<void>(userPath(id), input);
}
