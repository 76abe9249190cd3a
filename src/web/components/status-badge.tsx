import { Badge } from '@mantine/core';
import { STATUS_LABELS, type UserStatus } from '../../shared/roles';

export const STATUS_COLORS: Record<UserStatus, string> = {
  pending: 'yellow',
  expired: 'orange',
  active: 'teal',
  deactivated: 'gray',
  revoked: 'red',
};

/** A user's status in the help page's words (an active user is "Accepted"). */
export function StatusBadge({ status }: { status: UserStatus }) {
  return (
    <Badge variant="light" color={STATUS_COLORS[status]} radius="sm" tt="none" fw={600}>
      {STATUS_LABELS[status]}
    </Badge>
  );
}
