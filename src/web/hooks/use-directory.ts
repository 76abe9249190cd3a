import { useQuery } from '@tanstack/react-query';
import { useMemo } from 'react';
import { fetchDirectory } from '../api/people';
import { queryKeys } from '../api/query-keys';
import { mentionIndex } from '../lib/mentions';

/** The workspace's active members, kept for a minute, and the index mentions are looked up in. */
export function useDirectory() {
  const query = useQuery({
    queryKey: queryKeys.people.directory,
    queryFn: ({ signal }) => fetchDirectory(signal),
    staleTime: 60_000,
  });
  const people = query.data;
  const byId = useMemo(() => new Map((people ?? []).map((p) => [p.id, p])), [people]);
  const index = useMemo(() => mentionIndex(people ?? []), [people]);
  return { people: people ?? [], byId, index, loaded: query.isSuccess, refetch: query.refetch };
}

export type Directory = ReturnType<typeof useDirectory>;
