import { Box, Group, Progress, Stack, Text } from '@mantine/core';
import { plural } from '../lib/format';

type SeatUsageProps = { active: number; pending: number; limit: number | null; size?: 'md' | 'lg' };

export const SEAT_COLORS = { active: 'indigo.6', pending: 'yellow.5' } as const;

function Swatch({ color }: { color: string }) {
  const [name, shade] = color.split('.');
  return (
    <Box
      component="span"
      aria-hidden="true"
      w={10}
      h={10}
      style={{ borderRadius: 3, display: 'inline-block', background: `var(--mantine-color-${name}-${shade})` }}
    />
  );
}

/** Seats in use against the plan's limit: active users and pending invitations in two colours. */
export function SeatUsage({ active, pending, limit, size = 'md' }: SeatUsageProps) {
  const used = active + pending;
  const percent = (n: number) => (limit ? Math.min(100, (n / limit) * 100) : 0);
  const activePercent = percent(active);
  const pendingPercent = Math.min(100 - activePercent, percent(pending));
  const available = limit === null ? null : Math.max(0, limit - used);

  return (
    <Stack gap={8}>
      {limit !== null ? (
        <Progress.Root size={size === 'lg' ? 14 : 10} radius="xl" aria-label="Seat usage">
          <Progress.Section
            value={activePercent}
            color={SEAT_COLORS.active}
            aria-label={`Active: ${active} of ${limit} seats`}
          />
          <Progress.Section
            value={pendingPercent}
            color={SEAT_COLORS.pending}
            aria-label={`Pending: ${pending} of ${limit} seats`}
          />
        </Progress.Root>
      ) : null}
      <Group justify="space-between" gap="xs" wrap="wrap">
        <Group gap={6} wrap="wrap">
          <Swatch color={SEAT_COLORS.active} />
          <Text size="sm" span>
            <strong>{active.toLocaleString()}</strong> active ·
          </Text>
          <Swatch color={SEAT_COLORS.pending} />
          <Text size="sm" span>
            <strong>{pending.toLocaleString()}</strong> pending{' '}
            {limit === null ? (
              <>
                · <strong>Unlimited</strong> seats
              </>
            ) : (
              <>
                of <strong>{limit.toLocaleString()}</strong> seats
              </>
            )}
          </Text>
        </Group>
        <Text size="sm" c={available === 0 ? 'red.7' : 'dimmed'} fw={available === 0 ? 600 : undefined}>
          {available === null
            ? 'No seat limit'
            : available === 0
              ? 'No seats available'
              : `${plural(available, 'seat')} available`}
        </Text>
      </Group>
    </Stack>
  );
}
