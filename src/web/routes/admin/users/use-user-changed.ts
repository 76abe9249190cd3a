import { useQueryClient } from '@tanstack/react-query';
import { useCallback } from 'react';
import type { User } from '../../../../shared/api/users';
import { queryKeys } from '../../../api/query-keys';
import { useSession } from '../../../components/session-context';
import { useInvalidateUsers } from './use-invalidate-users';

/** After the server answered with a changed user: their drawer at once, then the lists, counts and seats. */
export function useUserChanged() {
  const queryClient = useQueryClient();
  const invalidate = useInvalidateUsers();
  const { user: self } = useSession();
  return useCallback(
    async (updated: User) => {
      queryClient.setQueryData(queryKeys.users.detail(updated.id), updated);
      // An admin who changed their own role sees the app as that role from now on.
      if (updated.id === self.id) await queryClient.invalidateQueries({ queryKey: queryKeys.me.all });
      await invalidate();
    },
    [queryClient, invalidate, self.id],
  );
}
