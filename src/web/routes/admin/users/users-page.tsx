import {
  Avatar,
  Badge,
  Button,
  Group,
  Paper,
  Select,
  Skeleton,
  Stack,
  Table,
  Text,
  TextInput,
  UnstyledButton,
} from '@mantine/core';
import { useDebouncedValue } from '@mantine/hooks';
import { keepPreviousData, useQuery } from '@tanstack/react-query';
import { useState } from 'react';
import { ROLE_LABELS, ROLES, type Role, STATUS_LABELS, USER_STATUSES, type UserStatus } from '../../../../shared/roles';
import { queryKeys } from '../../../api/query-keys';
import { listTeams } from '../../../api/teams';
import type { SortOrder, User, UserSort, UsersQuery } from '../../../api/types';
import { listUsers } from '../../../api/users';
import { CursorPager } from '../../../components/cursor-pager';
import { IconChevronDown, IconChevronUp, IconSearch, IconSelector, IconUsers } from '../../../components/icons';
import { PageHeader } from '../../../components/page-header';
import { QueryError } from '../../../components/query-error';
import { useSession } from '../../../components/session-context';
import { StatusBadge } from '../../../components/status-badge';
import { useCursorPages } from '../../../hooks/use-cursor-pages';
import { formatDate, formatDateTime, initials } from '../../../lib/format';
import { UsersSummary } from './users-summary';

const PAGE_SIZE = 25;
const ALL = 'all';
const COLUMNS = 7;

type Filters = { q: string; role: string; teamId: string; status: string };
const NO_FILTERS: Filters = { q: '', role: ALL, teamId: ALL, status: ALL };

const ROLE_OPTIONS = [{ value: ALL, label: 'All roles' }, ...ROLES.map((r) => ({ value: r, label: ROLE_LABELS[r] }))];
const STATUS_OPTIONS = [
  { value: ALL, label: 'All statuses' },
  ...USER_STATUSES.map((s) => ({ value: s, label: STATUS_LABELS[s] })),
];

function toQuery(filters: Filters, sort: UserSort, order: SortOrder): UsersQuery {
  const query: UsersQuery = { sort, order, limit: PAGE_SIZE };
  const q = filters.q.trim();
  if (q) query.q = q;
  if (filters.role !== ALL) query.role = filters.role as Role;
  if (filters.teamId !== ALL) query.teamId = filters.teamId;
  if (filters.status !== ALL) query.status = [filters.status as UserStatus];
  return query;
}

function SortableTh({
  column,
  sort,
  order,
  onSort,
  label,
  minWidth,
}: {
  minWidth?: number;
  column: UserSort;
  sort: UserSort;
  order: SortOrder;
  onSort: (column: UserSort) => void;
  label: string;
}) {
  const active = sort === column;
  const Icon = active ? (order === 'asc' ? IconChevronUp : IconChevronDown) : IconSelector;
  return (
    <Table.Th aria-sort={active ? (order === 'asc' ? 'ascending' : 'descending') : undefined} miw={minWidth}>
      <UnstyledButton
        onClick={() => onSort(column)}
        className="sort-button"
        data-active={active || undefined}
        aria-label={`${label}: sort ${active && order === 'asc' ? 'descending' : 'ascending'}`}
      >
        <Group gap={4} wrap="nowrap">
          <span>{label}</span>
          <Icon size={14} />
        </Group>
      </UnstyledButton>
    </Table.Th>
  );
}

function DateCell({ iso }: { iso: string | null }) {
  const text = formatDate(iso);
  return text ? (
    <Text size="sm" style={{ whiteSpace: 'nowrap' }} title={formatDateTime(iso) ?? undefined}>
      {text}
    </Text>
  ) : (
    <Text size="sm" c="dimmed" aria-label="None">
      —
    </Text>
  );
}

function UserRow({ user, isSelf }: { user: User; isSelf: boolean }) {
  const expires = user.status === 'pending' || user.status === 'expired' ? formatDate(user.expiresAt) : null;
  return (
    <Table.Tr>
      <Table.Td>
        <Group gap="sm" wrap="nowrap">
          <Avatar src={user.photoUrl} alt="" radius="xl" size={28} color="indigo" fz={11}>
            {initials(user.name || user.email)}
          </Avatar>
          <Text size="sm" fw={600} truncate maw={180} title={user.name}>
            {user.name}
          </Text>
          {isSelf ? (
            <Badge size="xs" variant="outline" color="gray" radius="sm" style={{ flexShrink: 0 }}>
              You
            </Badge>
          ) : null}
        </Group>
      </Table.Td>
      <Table.Td>
        <Text size="sm" truncate maw={220} title={user.email}>
          {user.email}
        </Text>
      </Table.Td>
      <Table.Td>
        <Text size="sm" style={{ whiteSpace: 'nowrap' }}>
          {ROLE_LABELS[user.role]}
        </Text>
      </Table.Td>
      <Table.Td>
        {user.team ? (
          <Text size="sm">{user.team.name}</Text>
        ) : (
          <Text size="sm" c="dimmed">
            No team
          </Text>
        )}
      </Table.Td>
      <Table.Td>
        <Stack gap={2} align="flex-start">
          <StatusBadge status={user.status} />
          {expires ? (
            <Text size="xs" c="dimmed" style={{ whiteSpace: 'nowrap' }}>
              {user.status === 'expired' ? 'Expired' : 'Expires'} {expires}
            </Text>
          ) : null}
        </Stack>
      </Table.Td>
      <Table.Td>
        <DateCell iso={user.invitedAt} />
      </Table.Td>
      <Table.Td>
        <DateCell iso={user.acceptedAt} />
      </Table.Td>
    </Table.Tr>
  );
}

function UsersFilters({
  filters,
  onChange,
  teamOptions,
  teamsLoading,
}: {
  filters: Filters;
  onChange: (next: Partial<Filters>) => void;
  teamOptions: { value: string; label: string }[];
  teamsLoading: boolean;
}) {
  const filtered = filters.q !== '' || filters.role !== ALL || filters.teamId !== ALL || filters.status !== ALL;
  return (
    <Group align="flex-end" gap="sm" p="md" wrap="wrap" role="search" aria-label="Filter users">
      <TextInput
        label="Search"
        placeholder="Name or email"
        type="search"
        leftSection={<IconSearch size={16} />}
        value={filters.q}
        onChange={(event) => onChange({ q: event.currentTarget.value })}
        style={{ flex: '1 1 240px' }}
      />
      <Select
        label="Role"
        data={ROLE_OPTIONS}
        value={filters.role}
        onChange={(value) => onChange({ role: value ?? ALL })}
        allowDeselect={false}
        w={150}
      />
      <Select
        label="Team"
        data={[{ value: ALL, label: 'All teams' }, ...teamOptions]}
        value={filters.teamId}
        onChange={(value) => onChange({ teamId: value ?? ALL })}
        allowDeselect={false}
        searchable={teamOptions.length > 8}
        nothingFoundMessage="No team with that name"
        disabled={teamsLoading}
        w={170}
      />
      <Select
        label="Status"
        data={STATUS_OPTIONS}
        value={filters.status}
        onChange={(value) => onChange({ status: value ?? ALL })}
        allowDeselect={false}
        w={150}
      />
      {filtered ? (
        <Button variant="subtle" color="gray" onClick={() => onChange(NO_FILTERS)}>
          Clear filters
        </Button>
      ) : null}
    </Group>
  );
}

export function UsersPage() {
  const { user: self } = useSession();
  const [filters, setFilters] = useState<Filters>(NO_FILTERS);
  const [sort, setSort] = useState<UserSort>('name');
  const [order, setOrder] = useState<SortOrder>('asc');
  const [debouncedQ] = useDebouncedValue(filters.q, 300);

  const query = toQuery({ ...filters, q: debouncedQ }, sort, order);
  const pages = useCursorPages(JSON.stringify(query));

  const teams = useQuery({
    queryKey: queryKeys.teamOptions,
    queryFn: ({ signal }) => listTeams({ limit: 200 }, signal),
  });
  const teamOptions = (teams.data?.items ?? []).map((team) => ({ value: team.id, label: team.name }));

  const users = useQuery({
    queryKey: queryKeys.usersList({ ...query, cursor: pages.cursor }),
    queryFn: ({ signal }) => listUsers({ ...query, cursor: pages.cursor }, signal),
    placeholderData: keepPreviousData,
  });

  const onSort = (column: UserSort) => {
    if (column === sort) setOrder(order === 'asc' ? 'desc' : 'asc');
    else {
      setSort(column);
      setOrder(column === 'invitedAt' ? 'desc' : 'asc');
    }
  };

  const items = users.data?.items ?? [];
  const sortProps = { sort, order, onSort };

  return (
    <>
      <PageHeader
        title="Users"
        description="Everyone in this workspace and every invitation, with its status. Invitation links expire after 7 days."
      />
      <Stack gap="lg">
        <UsersSummary />
        <Paper withBorder radius="md">
          <UsersFilters
            filters={filters}
            onChange={(next) => setFilters((current) => ({ ...current, ...next }))}
            teamOptions={teamOptions}
            teamsLoading={teams.isPending}
          />
          {users.isError && !users.data ? (
            <Stack p="md" pt={0}>
              <QueryError error={users.error} onRetry={() => users.refetch()} />
            </Stack>
          ) : (
            <Table.ScrollContainer minWidth={900}>
              <Table
                verticalSpacing="sm"
                horizontalSpacing="sm"
                highlightOnHover
                aria-label="Users"
                aria-busy={users.isFetching}
                className="data-table"
              >
                <Table.Thead>
                  <Table.Tr>
                    <SortableTh column="name" label="Name" minWidth={200} {...sortProps} />
                    <SortableTh column="email" label="Email" {...sortProps} />
                    <Table.Th>Role</Table.Th>
                    <Table.Th>Team</Table.Th>
                    <Table.Th>Status</Table.Th>
                    <SortableTh column="invitedAt" label="Invited" {...sortProps} />
                    <Table.Th>Accepted</Table.Th>
                  </Table.Tr>
                </Table.Thead>
                <Table.Tbody>
                  {users.isPending
                    ? [0, 1, 2, 3].map((row) => (
                        <Table.Tr key={row}>
                          <Table.Td colSpan={COLUMNS}>
                            <Skeleton h={22} />
                          </Table.Td>
                        </Table.Tr>
                      ))
                    : null}
                  {!users.isPending && items.length === 0 ? (
                    <Table.Tr>
                      <Table.Td colSpan={COLUMNS}>
                        <Stack align="center" gap={6} py="xl">
                          <IconUsers size={28} color="var(--mantine-color-dimmed)" />
                          <Text fw={600}>No users match these filters</Text>
                          <Text size="sm" c="dimmed">
                            Try another search, or clear the filters.
                          </Text>
                        </Stack>
                      </Table.Td>
                    </Table.Tr>
                  ) : null}
                  {items.map((user) => (
                    <UserRow key={user.id} user={user} isSelf={user.id === self.id} />
                  ))}
                </Table.Tbody>
              </Table>
            </Table.ScrollContainer>
          )}
          <CursorPager
            label="Users pages"
            page={pages.page}
            hasPrevious={pages.hasPrevious}
            nextCursor={users.data?.nextCursor}
            onPrevious={pages.previous}
            onNext={pages.next}
            busy={users.isFetching}
          />
        </Paper>
      </Stack>
    </>
  );
}
