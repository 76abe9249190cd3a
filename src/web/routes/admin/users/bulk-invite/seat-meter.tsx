import { Anchor, Badge, Group, Paper, Progress, Stack, Text } from '@mantine/core';
import { Link } from 'react-router';
import type { BulkImport } from '../../../../../shared/api/bulk-invites';
import { IconAlertCircle } from '../../../../components/icons';
import { bulkSeatsMissing, bulkSeatsMissingText, bulkSeatsText } from '../../../../lib/bulk-seats';

/** The seats the valid rows need against the plan's free seats, and where to get more. */
export function SeatMeter({ seats }: { seats: BulkImport['seats'] }) {
  const { required, available } = seats;
  const missing = bulkSeatsMissing(seats);
  const over = missing > 0;
  const percent = available === null || required === 0 ? 0 : available === 0 ? 100 : (required / available) * 100;

  return (
    <Paper withBorder radius="md" p="lg" h="100%" component="section" aria-labelledby="seat-meter-heading">
      <Stack gap={10}>
        <Group justify="space-between" gap="xs">
          <Text id="seat-meter-heading" size="xs" fw={700} tt="uppercase" lts={0.5} c="dimmed">
            Seats
          </Text>
          {available === null ? (
            <Badge variant="light" color="indigo" radius="sm" tt="none">
              Unlimited plan
            </Badge>
          ) : (
            <Text size="xs" c={over ? 'red.7' : 'dimmed'} fw={over ? 700 : undefined}>
              {required.toLocaleString()} needed · {available.toLocaleString()} free
            </Text>
          )}
        </Group>
        {available !== null ? (
          <Progress
            value={Math.min(100, percent)}
            color={over ? 'red.6' : 'indigo.6'}
            size={12}
            radius="xl"
            aria-label={`Seats needed: ${required.toLocaleString()} of ${available.toLocaleString()} free`}
          />
        ) : null}
        <Text size="sm" data-testid="seat-meter-text">
          {bulkSeatsText(seats)}
        </Text>
        {over ? (
          <Group
            gap={8}
            wrap="nowrap"
            align="flex-start"
            role="alert"
            p="sm"
            bg="red.0"
            style={{ borderRadius: 'var(--mantine-radius-md)' }}
          >
            <IconAlertCircle size={18} color="var(--mantine-color-red-7)" style={{ flexShrink: 0, marginTop: 2 }} />
            <Text size="sm" c="red.9">
              <strong>{bulkSeatsMissingText(seats)}</strong> Nothing can be sent until the invitations fit: change plan
              in{' '}
              <Anchor component={Link} to="/admin/billing" fw={600} c="red.9" underline="always">
                Admin &gt; Billing
              </Anchor>
              , or remove rows from the file and upload it again.
            </Text>
          </Group>
        ) : null}
      </Stack>
    </Paper>
  );
}
