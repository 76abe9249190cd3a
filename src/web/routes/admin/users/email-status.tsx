import { Badge, Group, Text, Tooltip, UnstyledButton } from '@mantine/core';
import type { EmailStatus as Status } from '../../../../shared/roles';
import { IconAlertCircle } from '../../../components/icons';

const LABELS: Record<Status, string> = { queued: 'Queued', sent: 'Sent', failed: 'Failed' };
const COLORS: Record<Status, string> = { queued: 'gray', sent: 'teal', failed: 'red' };
const HINTS: Record<Status, string> = {
  queued: 'The invitation email is waiting to be sent.',
  sent: 'The invitation email was handed to the mail server.',
  failed: 'The invitation email could not be delivered. Check the address, then use Resend to send it again.',
};

/** The last invitation email's delivery, with Resend offered beside a failure. */
type EmailStatusProps = { status: Status; email: string; onResend?: () => void; resending?: boolean };

export function EmailStatus({ status, email, onResend, resending }: EmailStatusProps) {
  const label = LABELS[status];
  return (
    <Group gap={6} wrap="nowrap">
      <Text size="xs" c="dimmed">
        Email
      </Text>
      <Tooltip label={HINTS[status]} multiline w={240} withArrow events={{ hover: true, focus: true, touch: true }}>
        <Badge
          component="span"
          tabIndex={0}
          size="xs"
          radius="sm"
          tt="none"
          variant={status === 'failed' ? 'filled' : 'light'}
          color={COLORS[status]}
          leftSection={status === 'failed' ? <IconAlertCircle size={11} /> : undefined}
          aria-label={`Email: ${label}. ${HINTS[status]}`}
          data-email-status={status}
        >
          {label}
        </Badge>
      </Tooltip>
      {status === 'failed' && onResend ? (
        <UnstyledButton
          onClick={onResend}
          disabled={resending}
          className="inline-action"
          aria-label={`Resend the invitation to ${email}`}
        >
          Resend
        </UnstyledButton>
      ) : null}
    </Group>
  );
}
