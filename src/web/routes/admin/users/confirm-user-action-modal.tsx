import { notifications } from '@mantine/notifications';
import { useMutation } from '@tanstack/react-query';
import type { ReactNode } from 'react';
import type { User } from '../../../../shared/api/users';
import { isApiError } from '../../../api/client';
import { ConfirmModal } from '../../../components/confirm-modal';
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

/** Asks before an action on one person, then refreshes what it changed. */
export function ConfirmUserActionModal(props: ConfirmUserActionModalProps) {
  const { user, title, confirmLabel, action, successMessage, children, onClose } = props;
  const changed = useUserChanged();
  const invalidate = useInvalidateUsers();
  const mutation = useMutation({
    mutationFn: (target: User) => action(target.id),
    onSuccess: async (updated) => {
      notifications.show({ color: 'teal', message: successMessage(updated) });
      onClose();
      await changed(updated);
    },
    // A conflict often means the page is out of date (someone else acted first): show the truth.
    onError: async (error) => {
      if (isApiError(error) && error.status === 409) await invalidate();
    },
  });
  return (
    <ConfirmModal
      target={user}
      title={title}
      confirmLabel={confirmLabel}
      destructive
      action={mutation}
      onClose={onClose}
    >
      {children}
    </ConfirmModal>
  );
}
