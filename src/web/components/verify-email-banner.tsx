import { Alert, Button, Group, Text } from '@mantine/core';
import { notifications } from '@mantine/notifications';
import { useMutation, useQueryClient } from '@tanstack/react-query';
import { useState } from 'react';
import { errorMessage } from '../../shared/errors';
import { resendVerificationEmail } from '../api/account';
import { errorText, isApiError } from '../api/client';
import { queryKeys } from '../api/query-keys';
import { formatWait } from '../lib/format';
import { IconMail } from './icons';
import { useSession } from './session-context';

/** Reminds a signed-in person whose email is not verified yet, with a way to get a new link. */
export function VerifyEmailBanner() {
  const { account } = useSession();
  const queryClient = useQueryClient();
  const [hidden, setHidden] = useState(false);
  const resend = useMutation({
    mutationFn: resendVerificationEmail,
    onSuccess: ({ sent }) => {
      if (sent) {
        notifications.show({
          color: 'teal',
          title: 'Verification email sent',
          message: `We sent a new link to ${account.email}. It works for 7 days.`,
        });
      }
      return queryClient.invalidateQueries({ queryKey: queryKeys.me.all });
    },
    onError: (error) => {
      const message =
        isApiError(error, 'rate_limited') && error.retryAfter
          ? `${errorMessage('rate_limited')} You can try again in ${formatWait(error.retryAfter)}.`
          : errorText(error);
      notifications.show({ color: 'red', title: 'The email could not be sent', message });
    },
  });

  if (account.emailVerified || hidden) return null;

  return (
    <Alert
      color="yellow"
      variant="light"
      icon={<IconMail />}
      title="Please verify your email address"
      withCloseButton
      closeButtonLabel="Hide this reminder"
      onClose={() => setHidden(true)}
      mb="lg"
      // A standing reminder, not an error: announced politely, not as an alert on every page.
      role="status"
      data-testid="verify-email-banner"
    >
      <Group justify="space-between" align="center" gap="sm">
        <Text size="sm">
          We sent a link to <strong>{account.email}</strong>. Open it to confirm this address is yours: inviting people
          needs a confirmed address.
        </Text>
        <Button size="xs" variant="white" color="yellow.9" loading={resend.isPending} onClick={() => resend.mutate()}>
          Resend verification email
        </Button>
      </Group>
    </Alert>
  );
}
