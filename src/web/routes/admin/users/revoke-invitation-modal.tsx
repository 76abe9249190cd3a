import { Alert, Button, Group, Modal, Stack, Text } from '@mantine/core';
import { notifications } from '@mantine/notifications';
import { useMutation } from '@tanstack/react-query';
import { errorText } from '../../../api/client';
import { revokeInvitation } from '../../../api/invitations';
import type { User } from '../../../api/types';
import { IconAlertCircle } from '../../../components/icons';
import { useInvalidateUsers } from './use-invalidate-users';

/** Asks before revoking: the link dies at once and cannot be brought back. */
export function RevokeInvitationModal({ user, onClose }: { user: User | null; onClose: () => void }) {
  const invalidate = useInvalidateUsers();
  const mutation = useMutation({
    mutationFn: (target: User) => revokeInvitation(target.id),
    onSuccess: async (revoked) => {
      notifications.show({ color: 'teal', message: `Invitation for ${revoked.email} revoked.` });
      close();
      await invalidate();
    },
  });
  function close() {
    mutation.reset();
    onClose();
  }

  return (
    <Modal opened={user !== null} onClose={close} title="Revoke invitation" centered>
      {user ? (
        <Stack gap="md">
          <Text size="sm">
            Revoke the invitation for <strong>{user.name}</strong> ({user.email})?
          </Text>
          <Text size="sm">The link stops working at once and the seat is freed.</Text>
          {mutation.isError ? (
            <Alert color="red" variant="light" icon={<IconAlertCircle />} role="alert">
              {errorText(mutation.error)}
            </Alert>
          ) : null}
          <Group justify="flex-end" gap="sm">
            <Button variant="default" onClick={close} data-autofocus>
              Cancel
            </Button>
            <Button color="red" loading={mutation.isPending} onClick={() => mutation.mutate(user)}>
              Revoke
            </Button>
          </Group>
        </Stack>
      ) : null}
    </Modal>
  );
}
