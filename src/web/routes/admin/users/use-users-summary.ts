import { useQuery } from '@tanstack/react-query';
import { queryKeys } from '../../../api/query-keys';
import { fetchUsersSummary } from '../../../api/users';

/** The workspace's counts by status and its seats, shared by every view that shows them. */
export function useUsersSummary() {
  return useQuery({ queryKey: queryKeys.users.summary, queryFn: ({ signal }) => fetchUsersSummary(signal) });
}
