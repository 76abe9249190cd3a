import { Text } from '@mantine/core';
import type { User } from '../../../../shared/api/users';
import { revokeInvitation } from '../../../api/invitations';
import { ConfirmUserActionModal } from './confirm-user-action-modal';

/** Asks before revoking: the link dies at once and cannot be brought back. */
export function RevokeInvitationModal({ user, onClose }: { user: User | null; onClose: () => void }) {
  return (
    <ConfirmUserActionModal
      user={user}
      title="Revoke invitation"
      confirmLabel="Revoke"
      action={revokeInvitation}
      successMessage={(revoked) => `Invitation for ${revoked.email} revoked.`}
      onClose={onClose}
    >
      {(target) => (
        <>
          <Text size="sm">
            Revoke the invitation for <strong>{target.name}</strong> ({target.email})?
          </Text>
          <Text size="sm">The link stops working at once and the seat is freed.</Text>
        </>
      )}
    </ConfirmUserActionModal>
  );
}
