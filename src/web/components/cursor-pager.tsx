import { Button, Group, Text } from '@mantine/core';
import type { useCursorPages } from '../hooks/use-cursor-pages';

type CursorPagerProps = {
  /** The navigation's accessible name: "Users pages". */
  label: string;
  pages: ReturnType<typeof useCursorPages>;
  /** The shown page's `nextCursor`: none, no Next page. */
  nextCursor: string | null | undefined;
  /** A page is being fetched: both buttons wait. */
  busy?: boolean;
};

/** "Previous page" and "Next page" of a cursor-paged list; nothing while the list fits one page. */
export function CursorPager({ label, pages, nextCursor, busy }: CursorPagerProps) {
  if (!pages.hasPrevious && !nextCursor) return null;
  return (
    <Group component="nav" aria-label={label} justify="space-between" px="md" py="sm">
      <Text size="sm" c="dimmed" aria-live="polite">
        Page {pages.page}
      </Text>
      <Group gap="xs">
        <Button variant="default" size="xs" onClick={pages.previous} disabled={!pages.hasPrevious || busy}>
          Previous page
        </Button>
        <Button
          variant="default"
          size="xs"
          onClick={() => (nextCursor ? pages.next(nextCursor) : undefined)}
          disabled={!nextCursor || busy}
        >
          Next page
        </Button>
      </Group>
    </Group>
  );
}
