import { Button, Group, Modal, Paper, Stack, Text, TextInput, Title, VisuallyHidden } from '@mantine/core';
import { useForm } from '@mantine/form';
import { notifications } from '@mantine/notifications';
import { keepPreviousData, useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { useState } from 'react';
import type { Team } from '../../../../shared/api/teams';
import { queryKeys } from '../../../api/query-keys';
import { createTeam, deleteTeam, listTeams, renameTeam } from '../../../api/teams';
import { ConfirmModal } from '../../../components/confirm-modal';
import { DataTable, RowIconActions, TableEmpty } from '../../../components/data-table';
import { FormErrorAlert } from '../../../components/form-error-alert';
import { IconPencil, IconTeams, IconTrash } from '../../../components/icons';
import { PageHeader } from '../../../components/page-header';
import { QueryError } from '../../../components/query-error';
import { useCursorPages } from '../../../hooks/use-cursor-pages';
import { applyApiError } from '../../../lib/form-errors';
import { plural } from '../../../lib/format';
import { validateRequired } from '../../../lib/validators';

const PAGE_SIZE = 50;
const TEAM_NAME_MAX = 100;

const validateTeamName = (value: string) =>
  validateRequired('Enter a team name.')(value) ??
  (value.trim().length > TEAM_NAME_MAX ? `Use at most ${TEAM_NAME_MAX} characters.` : null);

function useInvalidateTeams() {
  const queryClient = useQueryClient();
  // Team names and counts also appear in Admin > Users.
  return () =>
    Promise.all([
      queryClient.invalidateQueries({ queryKey: queryKeys.teams.all }),
      queryClient.invalidateQueries({ queryKey: queryKeys.users.all }),
    ]);
}

function CreateTeamForm() {
  const invalidate = useInvalidateTeams();
  const [formError, setFormError] = useState<string | null>(null);
  const form = useForm({
    mode: 'controlled',
    initialValues: { name: '' },
    validate: { name: validateTeamName },
  });
  const mutation = useMutation({
    mutationFn: (name: string) => createTeam(name),
    onSuccess: async (team) => {
      form.reset();
      await invalidate();
      notifications.show({ color: 'teal', message: `Team “${team.name}” created.` });
    },
    onError: (error) =>
      setFormError(applyApiError(form, error, { fields: ['name'], codeFields: { team_exists: 'name' } })),
  });

  return (
    <Paper withBorder radius="md" p="lg">
      <Title order={2} fz="md" fw={600} mb={4}>
        Create a team
      </Title>
      <Text size="sm" c="dimmed" mb="md">
        Managers see the deals and leads of their team. Assign a team when you invite someone, or later.
      </Text>
      <form
        noValidate
        onSubmit={form.onSubmit((values) => {
          setFormError(null);
          mutation.mutate(values.name.trim());
        })}
      >
        <Group align="flex-start" gap="sm">
          <TextInput
            label="Team name"
            placeholder="e.g. Enterprise"
            required
            maxLength={TEAM_NAME_MAX}
            style={{ flex: '1 1 260px' }}
            maw={420}
            {...form.getInputProps('name')}
          />
          <Button type="submit" mt={25} loading={mutation.isPending}>
            Create team
          </Button>
        </Group>
        <FormErrorAlert mt="sm" error={formError} />
      </form>
    </Paper>
  );
}

function RenameTeamModal({ team, onClose }: { team: Team | null; onClose: () => void }) {
  return (
    <Modal opened={team !== null} onClose={onClose} title="Rename team" centered>
      {team ? <RenameTeamForm key={team.id} team={team} onDone={onClose} /> : null}
    </Modal>
  );
}

function RenameTeamForm({ team, onDone }: { team: Team; onDone: () => void }) {
  const invalidate = useInvalidateTeams();
  const [formError, setFormError] = useState<string | null>(null);
  const form = useForm({
    mode: 'controlled',
    initialValues: { name: team.name },
    validate: { name: validateTeamName },
  });
  const mutation = useMutation({
    mutationFn: (name: string) => renameTeam(team.id, name),
    onSuccess: async (renamed) => {
      await invalidate();
      notifications.show({ color: 'teal', message: `Team renamed to “${renamed.name}”.` });
      onDone();
    },
    onError: (error) =>
      setFormError(applyApiError(form, error, { fields: ['name'], codeFields: { team_exists: 'name' } })),
  });

  return (
    <form
      noValidate
      onSubmit={form.onSubmit((values) => {
        setFormError(null);
        const name = values.name.trim();
        if (name === team.name) onDone();
        else mutation.mutate(name);
      })}
    >
      <Stack gap="md">
        <FormErrorAlert error={formError} />
        <TextInput
          label="Team name"
          required
          maxLength={TEAM_NAME_MAX}
          data-autofocus
          {...form.getInputProps('name')}
        />
        <Group justify="flex-end" gap="sm">
          <Button variant="default" onClick={onDone}>
            Cancel
          </Button>
          <Button type="submit" loading={mutation.isPending}>
            Save
          </Button>
        </Group>
      </Stack>
    </form>
  );
}

function DeleteTeamModal({ team, onClose }: { team: Team | null; onClose: () => void }) {
  const invalidate = useInvalidateTeams();
  const mutation = useMutation({
    mutationFn: (target: Team) => deleteTeam(target.id),
    onSuccess: async (_data, target) => {
      await invalidate();
      notifications.show({ color: 'teal', message: `Team “${target.name}” deleted.` });
      onClose();
    },
  });
  return (
    <ConfirmModal
      target={team}
      title="Delete team"
      confirmLabel="Delete team"
      destructive
      action={mutation}
      onClose={onClose}
    >
      {(target) => (
        <Text size="sm">
          Delete the team <strong>{target.name}</strong>?{' '}
          {target.memberCount > 0
            ? `Its ${plural(target.memberCount, 'user')} keep working, with no team.`
            : 'It has no users.'}{' '}
          This cannot be undone.
        </Text>
      )}
    </ConfirmModal>
  );
}

function TeamsTable() {
  const pages = useCursorPages('teams');
  const [renaming, setRenaming] = useState<Team | null>(null);
  const [deleting, setDeleting] = useState<Team | null>(null);
  const query = useQuery({
    queryKey: queryKeys.teams.page(pages.cursor, PAGE_SIZE),
    queryFn: ({ signal }) => listTeams({ limit: PAGE_SIZE, cursor: pages.cursor }, signal),
    placeholderData: keepPreviousData,
  });

  if (query.isError && !query.data) return <QueryError error={query.error} onRetry={() => query.refetch()} />;

  return (
    <Paper withBorder radius="md">
      <DataTable
        label="Teams"
        columns={[
          {
            key: 'team',
            header: 'Team',
            cell: (team) => (
              <Text fw={600} size="sm">
                {team.name}
              </Text>
            ),
          },
          {
            key: 'members',
            header: 'Members',
            cell: (team) => (
              <Text size="sm" c={team.memberCount ? undefined : 'dimmed'}>
                {team.memberCount ? plural(team.memberCount, 'member') : 'No members'}
              </Text>
            ),
          },
          {
            key: 'actions',
            header: <VisuallyHidden>Actions</VisuallyHidden>,
            width: 120,
            cell: (team) => (
              <RowIconActions
                actions={[
                  {
                    tooltip: 'Rename',
                    label: `Rename team ${team.name}`,
                    icon: IconPencil,
                    color: 'gray',
                    onClick: () => setRenaming(team),
                  },
                  {
                    tooltip: 'Delete',
                    label: `Delete team ${team.name}`,
                    icon: IconTrash,
                    color: 'red',
                    onClick: () => setDeleting(team),
                  },
                ]}
              />
            ),
          },
        ]}
        query={query}
        rowKey={(team) => team.id}
        empty={
          <TableEmpty
            icon={IconTeams}
            title="No teams yet"
            hint="Create your first team above, then assign people to it."
          />
        }
        pager={{ label: 'Teams pages', pages }}
        minWidth={480}
        horizontalSpacing="md"
      />
      <RenameTeamModal team={renaming} onClose={() => setRenaming(null)} />
      <DeleteTeamModal team={deleting} onClose={() => setDeleting(null)} />
    </Paper>
  );
}

export function TeamsPage() {
  return (
    <>
      <PageHeader
        title="Teams"
        description="Group the people of your workspace into teams. Each user belongs to at most one team."
      />
      <Stack gap="lg">
        <CreateTeamForm />
        <TeamsTable />
      </Stack>
    </>
  );
}
