import { Alert, Anchor, Text } from '@mantine/core';
import { Link } from 'react-router';
import { IconAlertCircle } from '../../../components/icons';

type SeatLimitAlertProps = {
  /** The server's explanation (how many seats are missing), when it refused; else the plan is simply full. */
  detail?: string | null;
  title?: string;
  onNavigate?: () => void;
};

/** No seat is left: says so, and where to get more. */
export function SeatLimitAlert({ detail, title = 'No seats left on your plan', onNavigate }: SeatLimitAlertProps) {
  return (
    <Alert color={detail ? 'red' : 'orange'} variant="light" icon={<IconAlertCircle />} title={title} role="alert">
      <Text size="sm">
        {detail ??
          'Every seat on your plan is in use: active users and pending invitations each take one. Change plan in Admin > Billing, or revoke a pending invitation, to invite someone new.'}
      </Text>
      <Anchor
        component={Link}
        to="/admin/billing"
        size="sm"
        fw={600}
        mt={6}
        display="inline-block"
        onClick={onNavigate}
      >
        Go to Admin &gt; Billing
      </Anchor>
    </Alert>
  );
}
