import { useQueryClient } from '@tanstack/react-query';
import { useCallback } from 'react';
import { queryKeys } from '../../../api/query-keys';

/** After an invitation changes: the lists, the counts, the seats and the dev mailbox. */
export function useInvalidateUsers() {
  const queryClient = useQueryClient();
  return useCallback(
    () =>
      Promise.all([
        queryClient.invalidateQueries({ queryKey: queryKeys.users.all }),
        queryClient.invalidateQueries({ queryKey: queryKeys.billing.all }),
        queryClient.invalidateQueries({ queryKey: queryKeys.devMailbox.all }),
      ]),
    [queryClient],
  );
}
