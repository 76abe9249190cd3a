import { Alert, Button, Group, Modal, Stack } from '@mantine/core';
import { notifications } from '@mantine/notifications';
import { useMutation } from '@tanstack/react-query';
import type { ReactNode } from 'react';
import { errorText, isApiError } from '../../../api/client';
import type { User } from '../../../api/types';
import { IconAlertCircle } from '../../../components/icons';
import { useInvalidateUsers } from './use-invalidate-users';
import { useUserChanged } from './use-user-changed';

type ConfirmUserActionModalProps = {
  user: User | null;
  title: string;
  confirmLabel: string;
  action: (id: string) => Promise<User>;
  successMessage: (user: User) => string;
  /** What the action does, said plainly. */
  children: (user: User) => ReactNode;
  onClose: () => void;
};

/** Asks before an action on one person; Cancel has the focus, so Enter never acts by accident. */
export function ConfirmUserActionModal(props: ConfirmUserActionModalProps) {
  const { user, title, confirmLabel, action, successMessage, children, onClose } = props;
  const changed = useUserChanged();
  const invalidate = useInvalidateUsers();
  const mutation = useMutation({
    mutationFn: (target: User) => action(target.id),
    onSuccess: async (updated) => {
      notifications.show({ color: 'teal', message: successMessage(updated) });
      close();
      await changed(updated);
    },
    // A conflict often means the page is out of date (someone else acted first): show the truth.
    onError: async (error) => {
      if (isApiError(error) && error.status === 409) await invalidate();
    },
  });
  function close() {
    mutation.reset();
    onClose();
  }

  return (
    <Modal opened={user !== null} onClose={close} title={title} centered closeButtonProps={{ 'aria-label': 'Close' }}>
      {user ? (
        <Stack gap="md">
          {children(user)}
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
              {confirmLabel}
            </Button>
          </Group>
        </Stack>
      ) : null}
    </Modal>
  );
}
