import {
  ActionIcon,
  Alert,
  Button,
  Group,
  Modal,
  Paper,
  Skeleton,
  Stack,
  Table,
  Text,
  TextInput,
  Title,
  Tooltip,
  VisuallyHidden,
} from '@mantine/core';
import { useForm } from '@mantine/form';
import { notifications } from '@mantine/notifications';
import { keepPreviousData, useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { useState } from 'react';
import { errorText } from '../../../api/client';
import { queryKeys } from '../../../api/query-keys';
import { createTeam, deleteTeam, listTeams, renameTeam } from '../../../api/teams';
import type { Team } from '../../../api/types';
import { CursorPager } from '../../../components/cursor-pager';
import { IconAlertCircle, IconPencil, IconTeams, IconTrash } from '../../../components/icons';
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
      queryClient.invalidateQueries({ queryKey: queryKeys.teams }),
      queryClient.invalidateQueries({ queryKey: queryKeys.users }),
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
        {formError ? (
          <Alert mt="sm" color="red" variant="light" icon={<IconAlertCircle />} role="alert">
            {formError}
          </Alert>
        ) : null}
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
        {formError ? (
          <Alert color="red" variant="light" icon={<IconAlertCircle />} role="alert">
            {formError}
          </Alert>
        ) : null}
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
  const close = () => {
    mutation.reset();
    onClose();
  };

  return (
    <Modal opened={team !== null} onClose={close} title="Delete team" centered>
      {team ? (
        <Stack gap="md">
          <Text size="sm">
            Delete the team <strong>{team.name}</strong>?{' '}
            {team.memberCount > 0
              ? `Its ${plural(team.memberCount, 'user')} keep working, with no team.`
              : 'It has no users.'}{' '}
            This cannot be undone.
          </Text>
          {mutation.isError ? (
            <Alert color="red" variant="light" icon={<IconAlertCircle />} role="alert">
              {errorText(mutation.error)}
            </Alert>
          ) : null}
          <Group justify="flex-end" gap="sm">
            <Button variant="default" onClick={close} data-autofocus>
              Cancel
            </Button>
            <Button color="red" loading={mutation.isPending} onClick={() => mutation.mutate(team)}>
              Delete team
            </Button>
          </Group>
        </Stack>
      ) : null}
    </Modal>
  );
}

function TeamsTable() {
  const pages = useCursorPages('teams');
  const [renaming, setRenaming] = useState<Team | null>(null);
  const [deleting, setDeleting] = useState<Team | null>(null);
  const query = useQuery({
    queryKey: queryKeys.teamsPage(pages.cursor, PAGE_SIZE),
    queryFn: ({ signal }) => listTeams({ limit: PAGE_SIZE, cursor: pages.cursor }, signal),
    placeholderData: keepPreviousData,
  });

  if (query.isError && !query.data) return <QueryError error={query.error} onRetry={() => query.refetch()} />;

  const items = query.data?.items ?? [];

  return (
    <Paper withBorder radius="md">
      <Table.ScrollContainer minWidth={480}>
        <Table verticalSpacing="sm" horizontalSpacing="md" highlightOnHover aria-label="Teams" className="data-table">
          <Table.Thead>
            <Table.Tr>
              <Table.Th>Team</Table.Th>
              <Table.Th>Members</Table.Th>
              <Table.Th w={120}>
                <VisuallyHidden>Actions</VisuallyHidden>
              </Table.Th>
            </Table.Tr>
          </Table.Thead>
          <Table.Tbody>
            {query.isPending
              ? [0, 1, 2].map((row) => (
                  <Table.Tr key={row}>
                    <Table.Td colSpan={3}>
                      <Skeleton h={20} />
                    </Table.Td>
                  </Table.Tr>
                ))
              : null}
            {!query.isPending && items.length === 0 ? (
              <Table.Tr>
                <Table.Td colSpan={3}>
                  <Stack align="center" gap={6} py="xl">
                    <IconTeams size={28} color="var(--mantine-color-dimmed)" />
                    <Text fw={600}>No teams yet</Text>
                    <Text size="sm" c="dimmed" ta="center" maw={420}>
                      Create your first team above, then assign people to it.
                    </Text>
                  </Stack>
                </Table.Td>
              </Table.Tr>
            ) : null}
            {items.map((team) => (
              <Table.Tr key={team.id}>
                <Table.Td>
                  <Text fw={600} size="sm">
                    {team.name}
                  </Text>
                </Table.Td>
                <Table.Td>
                  <Text size="sm" c={team.memberCount ? undefined : 'dimmed'}>
                    {team.memberCount ? plural(team.memberCount, 'member') : 'No members'}
                  </Text>
                </Table.Td>
                <Table.Td>
                  <Group gap={4} justify="flex-end" wrap="nowrap">
                    <Tooltip label="Rename" withArrow>
                      <ActionIcon
                        variant="subtle"
                        color="gray"
                        aria-label={`Rename team ${team.name}`}
                        onClick={() => setRenaming(team)}
                      >
                        <IconPencil size={18} />
                      </ActionIcon>
                    </Tooltip>
                    <Tooltip label="Delete" withArrow>
                      <ActionIcon
                        variant="subtle"
                        color="red"
                        aria-label={`Delete team ${team.name}`}
                        onClick={() => setDeleting(team)}
                      >
                        <IconTrash size={18} />
                      </ActionIcon>
                    </Tooltip>
                  </Group>
                </Table.Td>
              </Table.Tr>
            ))}
          </Table.Tbody>
        </Table>
      </Table.ScrollContainer>
      <CursorPager
        label="Teams pages"
        page={pages.page}
        hasPrevious={pages.hasPrevious}
        nextCursor={query.data?.nextCursor}
        onPrevious={pages.previous}
        onNext={pages.next}
        busy={query.isFetching}
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
