import { queryKeys } from '../../../api/query-keys';
import type { UsersQuery } from '../../../api/types';

/** Who can receive a deleted user's deals and leads: the workspace's active users. */
export const ACTIVE_USERS_QUERY: UsersQuery = { status: ['active'], sort: 'name', order: 'asc', limit: 200 };

/** One person's queries, kept under `users` so that useInvalidateUsers refreshes them with the lists. */
export const userKeys = {
  detail: (id: string) => [...queryKeys.users, 'detail', id] as const,
  records: (id: string) => [...queryKeys.users, 'records', id] as const,
  activeUsers: queryKeys.usersList(ACTIVE_USERS_QUERY),
};
