import { notifications } from '@mantine/notifications';
import { useMutation } from '@tanstack/react-query';
import type { User } from '../../../../shared/api/users';
import { errorText, isApiError } from '../../../api/client';
import { reactivateUser } from '../../../api/users';
import { useInvalidateUsers } from './use-invalidate-users';
import { useSeatLimitNotice } from './use-seat-limit-notice';
import { useUserChanged } from './use-user-changed';

/** Reactivate: the person can sign in again with everything they had; it takes a free seat. */
export function useReactivateUser() {
  const changed = useUserChanged();
  const invalidate = useInvalidateUsers();
  const seatLimitNotice = useSeatLimitNotice();

  return useMutation({
    mutationFn: (user: User) => reactivateUser(user.id),
    onSuccess: async (user) => {
      notifications.show({ color: 'teal', title: 'User reactivated', message: `${user.name} can sign in again.` });
      await changed(user);
    },
    onError: async (error, user) => {
      const title = `${user.name} was not reactivated`;
      if (isApiError(error, 'seat_limit_reached')) seatLimitNotice(title, error.message);
      else notifications.show({ color: 'red', title, message: errorText(error) });
      // The page was out of date: the seats were taken, or someone else already acted.
      if (isApiError(error) && error.status === 409) await invalidate();
    },
  });
}
