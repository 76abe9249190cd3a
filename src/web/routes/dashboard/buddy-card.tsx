import { Anchor, Avatar, Box, Group, Text } from '@mantine/core';
import type { DashboardBuddy } from '../../../shared/api/dashboard';
import { IconUserPlus } from '../../components/icons';
import { initials } from '../../lib/format';
import { Card, EmptyState } from './dashboard-card';

export function Buddy({ buddy }: { buddy: DashboardBuddy | null }) {
  return (
    <Card id="buddy" title="Your buddy" icon={IconUserPlus}>
      {buddy ? (
        <Group gap="md" wrap="nowrap">
          <Avatar src={buddy.photoUrl} alt="" radius="xl" size={48} color="indigo">
            {initials(buddy.name)}
          </Avatar>
          <Box miw={0}>
            <Text fw={600} truncate>
              {buddy.name}
            </Text>
            <Anchor
              href={`mailto:${buddy.email}`}
              size="sm"
              style={{ overflowWrap: 'anywhere' }}
              aria-label={`Email ${buddy.name} at ${buddy.email}`}
            >
              {buddy.email}
            </Anchor>
            <Text size="xs" c="dimmed" mt={4}>
              Your go-to teammate for questions while you settle in.
            </Text>
          </Box>
        </Group>
      ) : (
        <EmptyState
          title="No buddy assigned yet"
          hint="An admin can pair you with a teammate who helps you find your way around."
        />
      )}
    </Card>
  );
}
