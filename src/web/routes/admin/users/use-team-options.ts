import { useQuery } from '@tanstack/react-query';
import type { Ref } from '../../../../shared/api/common';
import { queryKeys } from '../../../api/query-keys';
import { listTeams } from '../../../api/teams';

export type TeamOption = { value: string; label: string };

/** The workspace's teams as select options (first 200, which covers every workspace today). */
export function useTeamOptions(): { options: TeamOption[]; loading: boolean } {
  const teams = useQuery({
    queryKey: queryKeys.teams.options,
    queryFn: ({ signal }) => listTeams({ limit: 200 }, signal),
  });
  return {
    options: (teams.data?.items ?? []).map((team) => ({ value: team.id, label: team.name })),
    loading: teams.isPending,
  };
}

/** The options with the user's own team kept first when it was deleted since: never a bare id. */
export function withCurrentTeam(options: TeamOption[], team: Ref | null): TeamOption[] {
  return team && !options.some((option) => option.value === team.id)
    ? [{ value: team.id, label: team.name }, ...options]
    : options;
}
