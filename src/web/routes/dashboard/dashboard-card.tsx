import { Anchor, Box, Button, Group, Paper, Stack, Text, ThemeIcon, Title } from '@mantine/core';
import type { ComponentType, ReactNode } from 'react';
import { Link } from 'react-router';

export type DashboardIcon = ComponentType<{ size?: number; color?: string }>;

/** A card of the dashboard: a region named by its heading, with an optional link beside it. */
export function Card({
  id,
  title,
  icon: CardIcon,
  action,
  children,
}: {
  id: string;
  title: string;
  icon: DashboardIcon;
  action?: ReactNode;
  children: ReactNode;
}) {
  const headingId = `dashboard-${id}-heading`;
  return (
    <Paper withBorder radius="md" p="lg" component="section" aria-labelledby={headingId}>
      <Group justify="space-between" align="center" mb="md" wrap="nowrap" gap="sm">
        <Group gap="sm" wrap="nowrap">
          <ThemeIcon size={32} radius="md" variant="light" color="indigo" aria-hidden="true">
            <CardIcon size={18} />
          </ThemeIcon>
          <Title id={headingId} order={2} fz="md" fw={600}>
            {title}
          </Title>
        </Group>
        {action}
      </Group>
      {children}
    </Paper>
  );
}

export function CardLink({ to, children }: { to: string; children: ReactNode }) {
  return (
    <Anchor component={Link} to={to} size="sm" fw={600} style={{ whiteSpace: 'nowrap' }}>
      {children}
    </Anchor>
  );
}

/** What a card shows when it has nothing yet: what would be here, and the way to start. */
export function EmptyState({
  title,
  hint,
  start,
}: {
  title: string;
  hint: ReactNode;
  /** A small button to where the first one is made. */
  start?: { to: string; label: string; icon: DashboardIcon; variant?: 'light' };
}) {
  const StartIcon = start?.icon;
  return (
    <Stack align="center" gap={6} py="md" ta="center">
      <Text fw={600}>{title}</Text>
      <Text size="sm" c="dimmed" maw={380}>
        {hint}
      </Text>
      {start && StartIcon ? (
        <Box mt={6}>
          <Button
            component={Link}
            to={start.to}
            size="xs"
            variant={start.variant}
            leftSection={<StartIcon size={16} />}
          >
            {start.label}
          </Button>
        </Box>
      ) : null}
    </Stack>
  );
}

/** A short list of items, one per row, divided by hairlines. */
export function ItemList({ label, children }: { label: string; children: ReactNode }) {
  return (
    <Box component="ul" aria-label={label} m={0} p={0} style={{ listStyle: 'none' }}>
      {children}
    </Box>
  );
}

export function ItemRow({ children }: { children: ReactNode }) {
  return (
    <Box component="li" py={10} style={{ borderTop: '1px solid var(--mantine-color-gray-2)' }}>
      {children}
    </Box>
  );
}

/** A card's newest items under a line that counts them all; `empty` while there are none. */
export function CardItems<T extends { id: string }>({
  label,
  items,
  total,
  count,
  empty,
  renderItem,
}: {
  /** The list's accessible name. */
  label: string;
  items: T[];
  total: number;
  /** The line's words before "; the N newest:", as "You own 3 leads". */
  count: ReactNode;
  empty: ReactNode;
  renderItem: (item: T) => ReactNode;
}) {
  if (items.length === 0) return <>{empty}</>;
  return (
    <>
      <Text size="sm" c="dimmed" mb="xs">
        {count}
        {total > items.length ? `; the ${items.length} newest:` : '.'}
      </Text>
      <ItemList label={label}>
        {items.map((item) => (
          <ItemRow key={item.id}>{renderItem(item)}</ItemRow>
        ))}
      </ItemList>
    </>
  );
}
