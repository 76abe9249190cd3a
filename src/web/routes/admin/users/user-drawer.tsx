import { Badge, Box, Button, Divider, Drawer, Group, Stack, Text, Title } from '@mantine/core';
import { useQuery } from '@tanstack/react-query';
import type { ReactNode } from 'react';
import type { User } from '../../../../shared/api/users';
import { ROLE_LABELS } from '../../../../shared/roles';
import { queryKeys } from '../../../api/query-keys';
import { fetchUser } from '../../../api/users';
import { IconBan, IconRefresh, IconTrash } from '../../../components/icons';
import { QueryError } from '../../../components/query-error';
import { useSession } from '../../../components/session-context';
import { StatusBadge } from '../../../components/status-badge';
import { formatDate, formatDateTime } from '../../../lib/format';
import { ChangeBuddyForm } from './buddy-select';
import { ChangeRoleForm, ChangeTeamForm } from './change-user-setting-form';
import { useReactivateUser } from './use-reactivate-user';

/** Which control has the focus when the drawer opens: "Change role" and "Change team" go straight to it. */
export type DrawerFocus = 'role' | 'team';
export type DrawerTarget = { user: User; focus?: DrawerFocus };
type ConfirmAction = 'deactivate' | 'delete';

function Fact({ label, children }: { label: string; children: ReactNode }) {
  return (
    <>
      <Text component="dt" size="sm" c="dimmed">
        {label}
      </Text>
      <Text component="dd" size="sm" m={0}>
        {children}
      </Text>
    </>
  );
}

function DateFact({ label, iso }: { label: string; iso: string | null }) {
  return (
    <Fact label={label}>
      <span title={formatDateTime(iso) ?? undefined}>{formatDate(iso) ?? '—'}</span>
    </Fact>
  );
}

function UserFacts({ user, isSelf }: { user: User; isSelf: boolean }) {
  return (
    <Box component="dl" m={0} style={{ display: 'grid', gridTemplateColumns: 'max-content 1fr', gap: '8px 16px' }}>
      <Fact label="Email">
        {user.email}
        {isSelf ? (
          <Badge size="xs" variant="outline" color="gray" radius="sm" ml="xs">
            You
          </Badge>
        ) : null}
      </Fact>
      <Fact label="Status">
        <StatusBadge status={user.status} />
      </Fact>
      <Fact label="Role">{ROLE_LABELS[user.role]}</Fact>
      <Fact label="Team">{user.team?.name ?? 'No team'}</Fact>
      <Fact label="Buddy">{user.buddy?.name ?? 'No buddy'}</Fact>
      <Fact label="Invited by">{user.invitedBy?.name ?? '—'}</Fact>
      <DateFact label="Accepted" iso={user.acceptedAt} />
      {user.status === 'deactivated' ? <DateFact label="Deactivated" iso={user.deactivatedAt} /> : null}
    </Box>
  );
}

type AccessProps = { user: User; isSelf: boolean; onConfirm: (action: ConfirmAction, user: User) => void };

/** Deactivate or Reactivate, and Delete; never on oneself (the server refuses it too). */
function AccessActions({ user, isSelf, onConfirm }: AccessProps) {
  const reactivate = useReactivateUser();
  const active = user.status === 'active';
  return (
    <Stack gap="xs">
      <Title order={3} fz="sm">
        Access
      </Title>
      <Text size="sm" c="dimmed">
        {isSelf
          ? 'You cannot deactivate or delete your own account: another admin can.'
          : active
            ? 'Deactivate signs them out and blocks sign-in; their data is kept. Delete is permanent.'
            : 'Reactivate lets them sign in again with everything they had; it takes a free seat. Delete is permanent.'}
      </Text>
      <Group gap="sm">
        {active ? (
          <Button
            variant="default"
            leftSection={<IconBan size={16} />}
            disabled={isSelf}
            onClick={() => onConfirm('deactivate', user)}
          >
            Deactivate
          </Button>
        ) : (
          <Button
            variant="default"
            leftSection={<IconRefresh size={16} />}
            loading={reactivate.isPending}
            onClick={() => reactivate.mutate(user)}
          >
            Reactivate
          </Button>
        )}
        <Button
          variant="light"
          color="red"
          leftSection={<IconTrash size={16} />}
          disabled={isSelf}
          onClick={() => onConfirm('delete', user)}
        >
          Delete
        </Button>
      </Group>
    </Stack>
  );
}

type BodyProps = { target: DrawerTarget; onConfirm: AccessProps['onConfirm'] };

function UserDrawerBody({ target, onConfirm }: BodyProps) {
  const { user: self } = useSession();
  // Starts from the row, then follows the server, so every change shows here at once.
  const query = useQuery({
    queryKey: queryKeys.users.detail(target.user.id),
    queryFn: ({ signal }) => fetchUser(target.user.id, signal),
    initialData: target.user,
  });
  const user = query.data;
  const isSelf = user.id === self.id;

  return (
    <Stack gap="lg">
      {query.isError ? <QueryError error={query.error} onRetry={() => query.refetch()} /> : null}
      <UserFacts user={user} isSelf={isSelf} />
      <Divider />
      <ChangeRoleForm user={user} isSelf={isSelf} autoFocus={target.focus === 'role'} />
      <ChangeTeamForm user={user} autoFocus={target.focus === 'team'} />
      <ChangeBuddyForm key={user.buddy?.id ?? 'none'} user={user} />
      <Divider />
      <AccessActions user={user} isSelf={isSelf} onConfirm={onConfirm} />
    </Stack>
  );
}

type UserDrawerProps = {
  target: DrawerTarget | null;
  onClose: () => void;
  onConfirm: AccessProps['onConfirm'];
  /** A confirmation (Deactivate, Delete) is open above the drawer. */
  confirming: boolean;
};

/** An accepted or deactivated member: who they are, Change role, Change team, Deactivate or Reactivate, Delete. */
export function UserDrawer({ target, onClose, onConfirm, confirming }: UserDrawerProps) {
  return (
    <Drawer
      opened={target !== null}
      onClose={onClose}
      position="right"
      size="md"
      title={target?.user.name}
      // Escape closes only the confirmation above the drawer, not both.
      closeOnEscape={!confirming}
      closeButtonProps={{ 'aria-label': 'Close' }}
    >
      {target ? <UserDrawerBody key={target.user.id} target={target} onConfirm={onConfirm} /> : null}
    </Drawer>
  );
}
