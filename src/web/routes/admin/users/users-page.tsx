import {
  Anchor,
  Avatar,
  Badge,
  Button,
  Group,
  Paper,
  Select,
  Skeleton,
  Stack,
  Table,
  Tabs,
  Text,
  TextInput,
  UnstyledButton,
  VisuallyHidden,
} from '@mantine/core';
import { useDebouncedValue } from '@mantine/hooks';
import { keepPreviousData, useQuery } from '@tanstack/react-query';
import { useState } from 'react';
import { Link, useSearchParams } from 'react-router';
import { ROLE_LABELS, ROLES, type Role, STATUS_LABELS, type UserStatus } from '../../../../shared/roles';
import { queryKeys } from '../../../api/query-keys';
import type { SortOrder, UsersSummary as Summary, User, UserSort, UsersQuery } from '../../../api/types';
import { fetchUsersSummary, listUsers } from '../../../api/users';
import { CursorPager } from '../../../components/cursor-pager';
import {
  IconChevronDown,
  IconChevronUp,
  IconSearch,
  IconSelector,
  IconUpload,
  IconUserPlus,
  IconUsers,
} from '../../../components/icons';
import { PageHeader } from '../../../components/page-header';
import { QueryError } from '../../../components/query-error';
import { useSession } from '../../../components/session-context';
import { StatusBadge } from '../../../components/status-badge';
import { useCursorPages } from '../../../hooks/use-cursor-pages';
import { formatDate, formatDateTime, initials } from '../../../lib/format';
import { EmailStatus } from './email-status';
import { InviteUserModal } from './invite-user-modal';
import { useTeamOptions } from './use-team-options';
import { useUserDialogs } from './use-user-dialogs';
import { isMember, type RowAction, UserRowActions } from './user-row-actions';
import { UsersSummary } from './users-summary';

const PAGE_SIZE = 25;
const ALL = 'all';
const COLUMNS = 8;

/** The status tabs; "All" is everyone but revoked invitations, which only their own tab lists. */
const TABS = [ALL, 'active', 'pending', 'expired', 'deactivated', 'revoked'] as const;
type Tab = (typeof TABS)[number];

const TAB_LABELS: Record<Tab, string> = { all: 'All', ...STATUS_LABELS };

const EMPTY_TAB: Record<Tab, string> = {
  all: 'No users yet',
  active: 'No one has accepted an invitation yet',
  pending: 'No pending invitations',
  expired: 'No expired invitations',
  deactivated: 'No deactivated users',
  revoked: 'No revoked invitations',
};

function isTab(value: string | null): value is Tab {
  return (TABS as readonly (string | null)[]).includes(value);
}

/** The count shown on a tab; the summary has none for revoked invitations. */
function tabCount(tab: Tab, counts: Summary['counts'] | undefined): number | undefined {
  if (!counts || tab === 'revoked') return undefined;
  if (tab === ALL) return counts.pending + counts.expired + counts.active + counts.deactivated;
  return counts[tab];
}

type Filters = { q: string; role: string; teamId: string };
const NO_FILTERS: Filters = { q: '', role: ALL, teamId: ALL };

const ROLE_OPTIONS = [{ value: ALL, label: 'All roles' }, ...ROLES.map((r) => ({ value: r, label: ROLE_LABELS[r] }))];

function toQuery(filters: Filters, tab: Tab, sort: UserSort, order: SortOrder): UsersQuery {
  const query: UsersQuery = { sort, order, limit: PAGE_SIZE };
  const q = filters.q.trim();
  if (q) query.q = q;
  if (filters.role !== ALL) query.role = filters.role as Role;
  if (filters.teamId !== ALL) query.teamId = filters.teamId;
  if (tab !== ALL) query.status = [tab satisfies UserStatus];
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

function StatusCell({ user, onResend, resending }: { user: User; onResend: () => void; resending: boolean }) {
  const invitation = user.status === 'pending' || user.status === 'expired';
  const expires = invitation ? formatDate(user.expiresAt) : null;
  return (
    <Stack gap={4} align="flex-start">
      <StatusBadge status={user.status} />
      {expires ? (
        <Text
          size="xs"
          c={user.status === 'expired' ? 'orange.9' : 'dimmed'}
          style={{ whiteSpace: 'nowrap' }}
          title={formatDateTime(user.expiresAt) ?? undefined}
        >
          {user.status === 'expired' ? 'Expired' : 'Expires'} {expires}
        </Text>
      ) : null}
      {invitation && user.emailStatus ? (
        <EmailStatus status={user.emailStatus} email={user.email} onResend={onResend} resending={resending} />
      ) : null}
    </Stack>
  );
}

type UserRowProps = {
  user: User;
  isSelf: boolean;
  onAction: (action: RowAction, user: User) => void;
  resending: boolean;
};

function UserRow({ user, isSelf, onAction, resending }: UserRowProps) {
  return (
    <Table.Tr>
      <Table.Td>
        <Group gap="sm" wrap="nowrap">
          <Avatar src={user.photoUrl} alt="" radius="xl" size={28} color="indigo" fz={11}>
            {initials(user.name || user.email)}
          </Avatar>
          {isMember(user) ? (
            <Anchor
              component="button"
              type="button"
              size="sm"
              fw={600}
              c="inherit"
              truncate
              maw={isSelf ? 140 : 180}
              title={user.name}
              aria-haspopup="dialog"
              onClick={() => onAction('edit', user)}
            >
              {user.name}
            </Anchor>
          ) : (
            <Text size="sm" fw={600} truncate maw={isSelf ? 140 : 180} title={user.name}>
              {user.name}
            </Text>
          )}
          {isSelf ? (
            <Badge size="xs" variant="outline" color="gray" radius="sm" style={{ flexShrink: 0 }}>
              You
            </Badge>
          ) : null}
        </Group>
      </Table.Td>
      <Table.Td>
        <Text size="sm" truncate maw={190} title={user.email}>
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
          <Text size="sm" c="dimmed" style={{ whiteSpace: 'nowrap' }}>
            No team
          </Text>
        )}
      </Table.Td>
      <Table.Td>
        <StatusCell user={user} onResend={() => onAction('resend', user)} resending={resending} />
      </Table.Td>
      <Table.Td>
        <DateCell iso={user.invitedAt} />
      </Table.Td>
      <Table.Td>
        <DateCell iso={user.acceptedAt} />
      </Table.Td>
      <Table.Td px={4}>
        <UserRowActions user={user} isSelf={isSelf} onAction={onAction} />
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
  const filtered = filters.q !== '' || filters.role !== ALL || filters.teamId !== ALL;
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
      {filtered ? (
        <Button variant="subtle" color="gray" onClick={() => onChange(NO_FILTERS)}>
          Clear filters
        </Button>
      ) : null}
    </Group>
  );
}

function StatusTabs({ tab }: { tab: Tab }) {
  const summary = useQuery({ queryKey: queryKeys.usersSummary, queryFn: ({ signal }) => fetchUsersSummary(signal) });
  return (
    <Tabs.List px="md" pt={6} aria-label="Status">
      {TABS.map((value) => {
        const count = tabCount(value, summary.data?.counts);
        return (
          <Tabs.Tab
            key={value}
            value={value}
            rightSection={
              count === undefined ? null : (
                <Badge
                  size="sm"
                  variant={value === tab ? 'filled' : 'light'}
                  color={value === tab ? 'indigo' : 'gray'}
                  radius="xl"
                  miw={24}
                >
                  {count.toLocaleString()}
                </Badge>
              )
            }
          >
            {TAB_LABELS[value]}
          </Tabs.Tab>
        );
      })}
    </Tabs.List>
  );
}

export function UsersPage() {
  const { user: self } = useSession();
  const [params, setParams] = useSearchParams();
  const requested = params.get('status');
  const tab: Tab = isTab(requested) ? requested : ALL;
  const [filters, setFilters] = useState<Filters>(NO_FILTERS);
  const [sort, setSort] = useState<UserSort>('name');
  const [order, setOrder] = useState<SortOrder>('asc');
  const [debouncedQ] = useDebouncedValue(filters.q, 300);
  const [inviting, setInviting] = useState(false);
  const actions = useUserDialogs();

  const query = toQuery({ ...filters, q: debouncedQ }, tab, sort, order);
  const pages = useCursorPages(JSON.stringify(query));
  const teams = useTeamOptions();

  const users = useQuery({
    queryKey: queryKeys.usersList({ ...query, cursor: pages.cursor }),
    queryFn: ({ signal }) => listUsers({ ...query, cursor: pages.cursor }, signal),
    placeholderData: keepPreviousData,
  });

  const setTab = (next: Tab) => {
    setParams(
      (current) => {
        const updated = new URLSearchParams(current);
        if (next === ALL) updated.delete('status');
        else updated.set('status', next);
        return updated;
      },
      { replace: true },
    );
  };

  const onSort = (column: UserSort) => {
    if (column === sort) setOrder(order === 'asc' ? 'desc' : 'asc');
    else {
      setSort(column);
      setOrder(column === 'invitedAt' ? 'desc' : 'asc');
    }
  };

  const items = users.data?.items ?? [];
  const sortProps = { sort, order, onSort };
  const filtered = debouncedQ.trim() !== '' || filters.role !== ALL || filters.teamId !== ALL;

  return (
    <>
      <PageHeader
        title="Users"
        description="Everyone in this workspace and every invitation, with its status. Invitation links expire after 7 days."
        actions={
          <>
            <Button component={Link} to="/admin/users/bulk" variant="default" leftSection={<IconUpload size={18} />}>
              Bulk Invite
            </Button>
            <Button leftSection={<IconUserPlus size={18} />} onClick={() => setInviting(true)}>
              Invite User
            </Button>
          </>
        }
      />
      <Stack gap="lg">
        <UsersSummary />
        <Paper withBorder radius="md">
          <Tabs value={tab} onChange={(value) => setTab(isTab(value) ? value : ALL)} keepMounted={false}>
            <StatusTabs tab={tab} />
            {TABS.map((value) => (
              <Tabs.Panel key={value} value={value}>
                {value === tab ? (
                  <>
                    <UsersFilters
                      filters={filters}
                      onChange={(next) => setFilters((current) => ({ ...current, ...next }))}
                      teamOptions={teams.options}
                      teamsLoading={teams.loading}
                    />
                    {users.isError && !users.data ? (
                      <Stack p="md" pt={0}>
                        <QueryError error={users.error} onRetry={() => users.refetch()} />
                      </Stack>
                    ) : (
                      <Table.ScrollContainer minWidth={960}>
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
                              <SortableTh column="name" label="Name" minWidth={215} {...sortProps} />
                              <SortableTh column="email" label="Email" {...sortProps} />
                              <Table.Th>Role</Table.Th>
                              <Table.Th>Team</Table.Th>
                              <Table.Th miw={130}>Status</Table.Th>
                              <SortableTh column="invitedAt" label="Invited" {...sortProps} />
                              <Table.Th>Accepted</Table.Th>
                              <Table.Th w={44} px={4}>
                                <VisuallyHidden>Actions</VisuallyHidden>
                              </Table.Th>
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
                                    <Text fw={600}>{filtered ? 'No users match these filters' : EMPTY_TAB[tab]}</Text>
                                    {filtered || tab === ALL || tab === 'pending' ? (
                                      <Text size="sm" c="dimmed">
                                        {filtered
                                          ? 'Try another search, or clear the filters.'
                                          : 'Use Invite User to bring someone into this workspace.'}
                                      </Text>
                                    ) : null}
                                  </Stack>
                                </Table.Td>
                              </Table.Tr>
                            ) : null}
                            {items.map((user) => (
                              <UserRow
                                key={user.id}
                                user={user}
                                isSelf={user.id === self.id}
                                onAction={actions.run}
                                resending={actions.resendingId === user.id}
                              />
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
                  </>
                ) : null}
              </Tabs.Panel>
            ))}
          </Tabs>
        </Paper>
      </Stack>
      <InviteUserModal opened={inviting} onClose={() => setInviting(false)} />
      {actions.dialogs}
    </>
  );
}
