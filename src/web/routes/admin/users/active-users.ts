import { useQuery } from '@tanstack/react-query';
import type { UsersQuery } from '../../../../shared/api/users';
import { queryKeys } from '../../../api/query-keys';
import { listUsers } from '../../../api/users';

/** Who can be a buddy or receive a deleted user's deals and leads: the workspace's active users. */
const ACTIVE_USERS_QUERY: UsersQuery = { status: ['active'], sort: 'name', order: 'asc', limit: 200 };

/** The key of the active users' list, kept under `users` so that useInvalidateUsers refreshes it with the lists. */
export const activeUsersKey = queryKeys.users.list(ACTIVE_USERS_QUERY);

/** The workspace's active users (the first 200), by name. */
export function useActiveUsers() {
  return useQuery({ queryKey: activeUsersKey, queryFn: ({ signal }) => listUsers(ACTIVE_USERS_QUERY, signal) });
}
