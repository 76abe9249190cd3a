import { useQuery, useQueryClient } from '@tanstack/react-query';
import { useEffect, useRef } from 'react';
import type { BulkImport } from '../../../../../shared/api/bulk-invites';
import { fetchBulkImport } from '../../../../api/bulk-invites';
import { queryKeys } from '../../../../api/query-keys';
import { useInvalidateUsers } from '../use-invalidate-users';

/** How often a running send is looked at: its progress bar moves, its new people appear. */
const SENDING_POLL_MS = 1000;

/** Where this browser remembers a send it started, so the Users page can follow it too. */
const RUNNING_KEY = 'salesos.bulkSend';

export function rememberRunningSend(id: string): void {
  try {
    localStorage.setItem(RUNNING_KEY, id);
  } catch {
    // Storage may be off (private windows): the progress still shows on the Bulk Invite page.
  }
}

export function runningSendId(): string | null {
  try {
    return localStorage.getItem(RUNNING_KEY);
  } catch {
    return null;
  }
}

function forgetRunningSend(id: string): void {
  try {
    if (localStorage.getItem(RUNNING_KEY) === id) localStorage.removeItem(RUNNING_KEY);
  } catch {
    // As above.
  }
}

/**
 * One bulk import, looked at every second while it is `sending`. Each time more invitations
 * are written the Users lists, counts and seats are fetched again, so new people appear as they
 * arrive; once it is `sent` the polling stops.
 */
export function useBulkImport(id: string | null) {
  const invalidateUsers = useInvalidateUsers();
  const queryClient = useQueryClient();
  const query = useQuery({
    queryKey: queryKeys.bulkImports.one(id ?? ''),
    queryFn: ({ signal }) => fetchBulkImport(id ?? '', signal),
    enabled: id !== null,
    refetchInterval: (q) => (q.state.data?.status === 'sending' ? SENDING_POLL_MS : false),
  });
  const lastSent = useRef<number | null>(null);
  const data: BulkImport | undefined = query.data;
  useEffect(() => {
    if (!data) return;
    if (data.status === 'sent') forgetRunningSend(data.id);
    if (data.status === 'draft') return;
    if (lastSent.current !== null && lastSent.current !== data.counts.sent) void invalidateUsers();
    lastSent.current = data.counts.sent;
  }, [data, invalidateUsers]);
  useEffect(() => {
    if (data?.status === 'sent') void queryClient.invalidateQueries({ queryKey: queryKeys.users.all });
  }, [data?.status, queryClient]);
  return query;
}
