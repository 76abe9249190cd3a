import {
  Anchor,
  Avatar,
  Badge,
  Button,
  Group,
  Paper,
  Select,
  Stack,
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
import type { SortOrder, UsersSummary as Summary, User, UserSort, UsersQuery } from '../../../../shared/api/users';
import { ROLE_LABELS, ROLES, type Role, STATUS_LABELS, type UserStatus } from '../../../../shared/roles';
import { queryKeys } from '../../../api/query-keys';
import { listUsers } from '../../../api/users';
import { type DataColumn, DataTable, DateText, TableEmpty } from '../../../components/data-table';
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
import { useSession } from '../../../components/session-context';
import { StatusBadge } from '../../../components/status-badge';
import { useCursorPages } from '../../../hooks/use-cursor-pages';
import { formatDate, formatDateTime, initials } from '../../../lib/format';
import { RunningSendBanner } from './bulk-invite/running-send-banner';
import { EmailStatus } from './email-status';
import { InviteUserModal } from './invite-user-modal';
import { useTeamOptions } from './use-team-options';
import { useUserDialogs } from './use-user-dialogs';
import { useUsersSummary } from './use-users-summary';
import { isMember, type RowAction, UserRowActions } from './user-row-actions';
import { UsersSummary } from './users-summary';

const PAGE_SIZE = 25;
const ALL = 'all';

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

/** The count shown on a tab; the Revoked tab shows none (the summary's `revoked` count is not shown). */
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

type SortProps = { sort: UserSort; order: SortOrder; onSort: (column: UserSort) => void };

function SortButton({ column, label, sort, order, onSort }: SortProps & { column: UserSort; label: string }) {
  const active = sort === column;
  const Icon = active ? (order === 'asc' ? IconChevronUp : IconChevronDown) : IconSelector;
  return (
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
  );
}

/** A column the list can be sorted by: its header is a button, and says how it is sorted. */
function sortable(column: UserSort, label: string, sortProps: SortProps): Pick<DataColumn<User>, 'header' | 'sort'> {
  const { sort, order } = sortProps;
  return {
    header: <SortButton column={column} label={label} {...sortProps} />,
    sort: sort === column ? (order === 'asc' ? 'ascending' : 'descending') : undefined,
  };
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

type UserActions = {
  selfId: string;
  onAction: (action: RowAction, user: User) => void;
  resendingId: string | undefined;
};

function NameCell({ user, isSelf, onAction }: { user: User; isSelf: boolean; onAction: UserActions['onAction'] }) {
  return (
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
  );
}

function userColumns({ selfId, onAction, resendingId }: UserActions, sortProps: SortProps): DataColumn<User>[] {
  return [
    {
      key: 'name',
      ...sortable('name', 'Name', sortProps),
      minWidth: 215,
      cell: (user) => <NameCell user={user} isSelf={user.id === selfId} onAction={onAction} />,
    },
    {
      key: 'email',
      ...sortable('email', 'Email', sortProps),
      cell: (user) => (
        <Text size="sm" truncate maw={190} title={user.email}>
          {user.email}
        </Text>
      ),
    },
    {
      key: 'role',
      header: 'Role',
      cell: (user) => (
        <Text size="sm" style={{ whiteSpace: 'nowrap' }}>
          {ROLE_LABELS[user.role]}
        </Text>
      ),
    },
    {
      key: 'team',
      header: 'Team',
      cell: (user) =>
        user.team ? (
          <Text size="sm">{user.team.name}</Text>
        ) : (
          <Text size="sm" c="dimmed" style={{ whiteSpace: 'nowrap' }}>
            No team
          </Text>
        ),
    },
    {
      key: 'status',
      header: 'Status',
      minWidth: 130,
      cell: (user) => (
        <StatusCell user={user} onResend={() => onAction('resend', user)} resending={resendingId === user.id} />
      ),
    },
    {
      key: 'invited',
      ...sortable('invitedAt', 'Invited', sortProps),
      cell: (user) => <DateText iso={user.invitedAt} />,
    },
    { key: 'accepted', header: 'Accepted', cell: (user) => <DateText iso={user.acceptedAt} /> },
    {
      key: 'actions',
      header: <VisuallyHidden>Actions</VisuallyHidden>,
      width: 44,
      px: 4,
      cell: (user) => <UserRowActions user={user} isSelf={user.id === selfId} onAction={onAction} />,
    },
  ];
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
  const summary = useUsersSummary();
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
    queryKey: queryKeys.users.list({ ...query, cursor: pages.cursor }),
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

  const columns = userColumns(
    { selfId: self.id, onAction: actions.run, resendingId: actions.resendingId },
    { sort, order, onSort },
  );
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
        <RunningSendBanner />
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
                    <DataTable
                      label="Users"
                      columns={columns}
                      query={users}
                      rowKey={(user) => user.id}
                      empty={
                        <TableEmpty
                          icon={IconUsers}
                          title={filtered ? 'No users match these filters' : EMPTY_TAB[tab]}
                          hint={
                            filtered
                              ? 'Try another search, or clear the filters.'
                              : tab === ALL || tab === 'pending'
                                ? 'Use Invite User to bring someone into this workspace.'
                                : undefined
                          }
                        />
                      }
                      pager={{ label: 'Users pages', pages }}
                      minWidth={960}
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
