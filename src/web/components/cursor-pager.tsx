import { Button, Group, Text } from '@mantine/core';

type CursorPagerProps = {
  page: number;
  hasPrevious: boolean;
  nextCursor: string | null | undefined;
  onPrevious: () => void;
  onNext: (cursor: string) => void;
  busy?: boolean;
  label: string;
};

export function CursorPager({ page, hasPrevious, nextCursor, onPrevious, onNext, busy, label }: CursorPagerProps) {
  if (!hasPrevious && !nextCursor) return null;
  return (
    <Group component="nav" aria-label={label} justify="space-between" px="md" py="sm">
      <Text size="sm" c="dimmed" aria-live="polite">
        Page {page}
      </Text>
      <Group gap="xs">
        <Button variant="default" size="xs" onClick={onPrevious} disabled={!hasPrevious || busy}>
          Previous page
        </Button>
        <Button
          variant="default"
          size="xs"
          onClick={() => (nextCursor ? onNext(nextCursor) : undefined)}
          disabled={!nextCursor || busy}
        >
          Next page
        </Button>
      </Group>
    </Group>
  );
}
