import { Button, Menu, Text } from '@mantine/core';
import { notifications } from '@mantine/notifications';
import { useMutation, useQueryClient } from '@tanstack/react-query';
import { useNavigate } from 'react-router';
import type { WorkspaceMembership } from '../../shared/api/workspaces';
import { ROLE_LABELS } from '../../shared/roles';
import { switchWorkspace } from '../api/auth';
import { errorText } from '../api/client';
import { queryKeys } from '../api/query-keys';
import { IconBuilding, IconCheck, IconChevronDown } from './icons';

type WorkspaceSwitcherProps = { currentId: string; currentName: string; workspaces: WorkspaceMembership[] };

/** Lists the workspaces this person belongs to; choosing one moves the session there. */
export function WorkspaceSwitcher({ currentId, currentName, workspaces }: WorkspaceSwitcherProps) {
  const queryClient = useQueryClient();
  const navigate = useNavigate();

  const mutation = useMutation({
    mutationFn: (workspace: WorkspaceMembership) => switchWorkspace(workspace.id),
    onSuccess: async (_answer, workspace) => {
      // Everything cached belongs to the workspace just left.
      queryClient.removeQueries({ predicate: (query) => query.queryKey[0] !== queryKeys.me.all[0] });
      await queryClient.refetchQueries({ queryKey: queryKeys.me.all });
      navigate('/');
      notifications.show({ color: 'teal', message: `You are now in ${workspace.name}.` });
    },
    onError: (error) => {
      notifications.show({ color: 'red', title: 'Could not switch workspace', message: errorText(error) });
    },
  });

  return (
    <Menu position="bottom-start" width={260} shadow="md">
      <Menu.Target>
        <Button
          variant="subtle"
          color="gray"
          leftSection={<IconBuilding />}
          rightSection={<IconChevronDown size={14} />}
          loading={mutation.isPending}
          aria-label={`Workspace: ${currentName}. Switch workspace`}
        >
          <Text span fw={600} size="sm" c="var(--mantine-color-text)" truncate maw={200}>
            {currentName}
          </Text>
        </Button>
      </Menu.Target>
      <Menu.Dropdown>
        <Menu.Label>Switch workspace</Menu.Label>
        {workspaces.map((workspace) => {
          const current = workspace.id === currentId;
          return (
            <Menu.Item
              key={workspace.id}
              onClick={() => (current ? undefined : mutation.mutate(workspace))}
              rightSection={current ? <IconCheck size={16} /> : null}
              aria-current={current ? 'true' : undefined}
            >
              <Text size="sm" fw={current ? 600 : 500} truncate>
                {workspace.name}
              </Text>
              <Text size="xs" c="dimmed">
                {ROLE_LABELS[workspace.role]}
              </Text>
            </Menu.Item>
          );
        })}
      </Menu.Dropdown>
    </Menu>
  );
}
