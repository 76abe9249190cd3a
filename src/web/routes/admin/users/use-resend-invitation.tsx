import { notifications } from '@mantine/notifications';
import { useMutation } from '@tanstack/react-query';
import type { User } from '../../../../shared/api/users';
import { errorMessage } from '../../../../shared/errors';
import { errorText, isApiError } from '../../../api/client';
import { resendInvitation } from '../../../api/invitations';
import { formatWait } from '../../../lib/format';
import { useInvalidateUsers } from './use-invalidate-users';
import { useSeatLimitNotice } from './use-seat-limit-notice';

/** Resend: a new link (the old one stops working), the 7-day timer reset, the email again. */
export function useResendInvitation() {
  const invalidate = useInvalidateUsers();
  const seatLimitNotice = useSeatLimitNotice();

  return useMutation({
    mutationFn: (user: User) => resendInvitation(user.id),
    onSuccess: async (user) => {
      notifications.show({
        color: 'teal',
        title: 'Invitation sent again',
        message: `A new link was sent to ${user.email}. The previous link no longer works.`,
      });
      await invalidate();
    },
    onError: async (error, user) => {
      const title = `The invitation to ${user.email} was not sent`;
      if (isApiError(error, 'rate_limited')) {
        const wait = error.retryAfter ? ` You can resend it in ${formatWait(error.retryAfter)}.` : '';
        notifications.show({ color: 'red', title, message: `${errorMessage('rate_limited')}${wait}`, autoClose: 8000 });
        return;
      }
      if (isApiError(error, 'seat_limit_reached')) {
        seatLimitNotice(title, error.message);
        await invalidate();
        return;
      }
      notifications.show({ color: 'red', title, message: errorText(error) });
      if (isApiError(error, 'not_pending')) await invalidate();
    },
  });
}
