import { List, Text } from '@mantine/core';
import type { User } from '../../../../shared/api/users';
import { deactivateUser } from '../../../api/users';
import { ConfirmUserActionModal } from './confirm-user-action-modal';

/** Asks before deactivating, and says what it does (sessions end, the seat is freed) and does not (data stays). */
export function DeactivateUserModal({ user, onClose }: { user: User | null; onClose: () => void }) {
  return (
    <ConfirmUserActionModal
      user={user}
      title="Deactivate user"
      confirmLabel="Deactivate user"
      action={deactivateUser}
      successMessage={(deactivated) => `${deactivated.name} was deactivated and signed out. Their seat is free.`}
      onClose={onClose}
    >
      {(target) => (
        <>
          <Text size="sm">
            Deactivate <strong>{target.name}</strong> ({target.email})?
          </Text>
          <List size="sm" spacing={4}>
            <List.Item>They are signed out at once and can no longer sign in.</List.Item>
            <List.Item>Their seat is freed.</List.Item>
            <List.Item>All their data is kept: their deals, leads and history stay as they are.</List.Item>
            <List.Item>You can reactivate them later (that takes a free seat).</List.Item>
          </List>
        </>
      )}
    </ConfirmUserActionModal>
  );
}
