import { Anchor, Group, Stack } from '@mantine/core';
import { Link } from 'react-router';
import type { DashboardAdmin } from '../../../shared/api/dashboard';
import { IconUsers } from '../../components/icons';
import { SeatUsage } from '../../components/seat-usage';
import { plural } from '../../lib/format';
import { Card, CardLink } from './dashboard-card';

export function WorkspaceCard({ summary }: { summary: DashboardAdmin }) {
  const { counts, seats } = summary;
  return (
    <Card id="workspace" title="Workspace" icon={IconUsers}>
      <Stack gap="sm">
        <Group gap="lg">
          <Anchor component={Link} to="/admin/users?status=pending" size="sm" fw={600}>
            {plural(counts.pending, 'pending invitation')}
          </Anchor>
          {counts.expired > 0 ? (
            <Anchor component={Link} to="/admin/users?status=expired" size="sm" fw={600} c="orange.8">
              {plural(counts.expired, 'expired invitation')}
            </Anchor>
          ) : null}
        </Group>
        <SeatUsage active={seats.active} pending={seats.pending} limit={seats.limit} />
        <CardLink to="/admin/users">Manage people in Admin &gt; Users</CardLink>
      </Stack>
    </Card>
  );
}
