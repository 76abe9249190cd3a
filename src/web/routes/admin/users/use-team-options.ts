import { useQuery } from '@tanstack/react-query';
import { queryKeys } from '../../../api/query-keys';
import { listTeams } from '../../../api/teams';

export type TeamOption = { value: string; label: string };

/** The workspace's teams as select options (first 200, which covers every workspace today). */
export function useTeamOptions(): { options: TeamOption[]; loading: boolean } {
  const teams = useQuery({
    queryKey: queryKeys.teamOptions,
    queryFn: ({ signal }) => listTeams({ limit: 200 }, signal),
  });
  return {
    options: (teams.data?.items ?? []).map((team) => ({ value: team.id, label: team.name })),
    loading: teams.isPending,
  };
}
