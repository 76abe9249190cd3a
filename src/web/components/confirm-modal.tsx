import { Button, Group, Modal, Stack } from '@mantine/core';
import type { ReactNode } from 'react';
import { FormErrorAlert } from './form-error-alert';

/** What the modal reads of the action's mutation (TanStack Query's `useMutation` result fits). */
export type ConfirmAction<T> = {
  mutate: (target: T) => void;
  reset: () => void;
  isPending: boolean;
  error: Error | null;
};

type ConfirmModalProps<T> = {
  /** What the action is about; the modal is open while there is one. */
  target: T | null;
  title: string;
  /** What the action does, said plainly. */
  children: (target: T) => ReactNode;
  /** The confirm button's words: "Delete team". */
  confirmLabel: ReactNode;
  confirmIcon?: ReactNode;
  /** A red confirm button, for what cannot be undone. */
  destructive?: boolean;
  action: ConfirmAction<T>;
  onClose: () => void;
  /**
   * Once started, the action cannot be called back (Send All): Cancel waits for it, and closing
   * the modal leaves it running, so its page still shows how it went. Its refusals are shown there.
   */
  lockWhilePending?: boolean;
};

/**
 * Asks before an action, and shows why it was refused; Cancel has the focus, so Enter never acts
 * by accident. Closing forgets the action's last answer, so the next target starts clean.
 */
export function ConfirmModal<T>(props: ConfirmModalProps<T>) {
  const { target, title, children, confirmLabel, confirmIcon, destructive, action, onClose, lockWhilePending } = props;
  const close = () => {
    if (!(lockWhilePending && action.isPending)) action.reset();
    onClose();
  };
  return (
    <Modal opened={target !== null} onClose={close} title={title} centered closeButtonProps={{ 'aria-label': 'Close' }}>
      {target !== null ? (
        <Stack gap="md">
          {children(target)}
          {lockWhilePending ? null : <FormErrorAlert error={action.error} />}
          <Group justify="flex-end" gap="sm">
            <Button variant="default" onClick={close} data-autofocus disabled={lockWhilePending && action.isPending}>
              Cancel
            </Button>
            <Button
              color={destructive ? 'red' : undefined}
              leftSection={confirmIcon}
              loading={action.isPending}
              onClick={() => action.mutate(target)}
            >
              {confirmLabel}
            </Button>
          </Group>
        </Stack>
      ) : null}
    </Modal>
  );
}
