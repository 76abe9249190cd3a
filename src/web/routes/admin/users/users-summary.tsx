import { Box, Grid, Group, Paper, SimpleGrid, Skeleton, Text } from '@mantine/core';
import type { UsersSummary as Summary } from '../../../../shared/api/users';
import { STATUS_LABELS } from '../../../../shared/roles';
import { QueryError } from '../../../components/query-error';
import { SeatUsage } from '../../../components/seat-usage';
import { STATUS_COLORS } from '../../../components/status-badge';
import { useUsersSummary } from './use-users-summary';

const COUNTED = ['pending', 'active', 'expired', 'deactivated'] as const satisfies readonly (keyof Summary['counts'])[];

function Stat({ status, count }: { status: (typeof COUNTED)[number]; count: number }) {
  return (
    <Box>
      <Text size="xs" fw={700} tt="uppercase" lts={0.5} c="dimmed" style={{ display: 'flex', alignItems: 'center' }}>
        <Box
          component="span"
          aria-hidden="true"
          w={8}
          h={8}
          mr={6}
          style={{ borderRadius: 8, background: `var(--mantine-color-${STATUS_COLORS[status]}-6)` }}
        />
        {STATUS_LABELS[status]}
      </Text>
      <Text fz={26} fw={700} lh={1.3}>
        {count.toLocaleString()}
      </Text>
    </Box>
  );
}

export function UsersSummary() {
  const query = useUsersSummary();

  if (query.isPending) return <Skeleton h={104} radius="md" />;
  if (query.isError) return <QueryError error={query.error} onRetry={() => query.refetch()} />;
  const { counts, seats } = query.data;

  return (
    <Grid gap="md" aria-label="Users summary" role="region">
      <Grid.Col span={{ base: 12, md: 7 }}>
        <Paper withBorder radius="md" p="lg" h="100%">
          <SimpleGrid cols={{ base: 2, sm: 4 }} spacing="lg">
            {COUNTED.map((status) => (
              <Stat key={status} status={status} count={counts[status]} />
            ))}
          </SimpleGrid>
        </Paper>
      </Grid.Col>
      <Grid.Col span={{ base: 12, md: 5 }}>
        <Paper withBorder radius="md" p="lg" h="100%">
          <Group justify="space-between" mb={10}>
            <Text size="xs" fw={700} tt="uppercase" lts={0.5} c="dimmed">
              Seats
            </Text>
            <Text size="xs" c="dimmed">
              {seats.limit === null
                ? `${seats.used.toLocaleString()} used`
                : `${seats.used.toLocaleString()} of ${seats.limit.toLocaleString()} used`}
            </Text>
          </Group>
          <SeatUsage active={seats.active} pending={seats.pending} limit={seats.limit} />
        </Paper>
      </Grid.Col>
    </Grid>
  );
}
