import { useQuery } from '@tanstack/react-query';
import { createContext, type ReactNode, useContext } from 'react';
import type { Me } from '../../shared/api/auth';
import { fetchMe } from '../api/auth';
import { queryKeys } from '../api/query-keys';

const SessionContext = createContext<Me | null>(null);

export function useMeQuery() {
  return useQuery({ queryKey: queryKeys.me.all, queryFn: ({ signal }) => fetchMe(signal), staleTime: 30_000 });
}

export function SessionProvider({ me, children }: { me: Me; children: ReactNode }) {
  return <SessionContext.Provider value={me}>{children}</SessionContext.Provider>;
}

/** The signed-in person, their place in the current workspace and the workspace itself. */
export function useSession(): Me {
  const me = useContext(SessionContext);
  if (!me) throw new Error('useSession() is only available inside the signed-in app.');
  return me;
}
