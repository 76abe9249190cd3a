import { ActionIcon, Group, Skeleton, Stack, Table, type TableProps, Text, Tooltip } from '@mantine/core';
import type { ComponentType, ReactNode } from 'react';
import type { useCursorPages } from '../hooks/use-cursor-pages';
import { formatDate, formatDateTime } from '../lib/format';
import { CursorPager } from './cursor-pager';
import { QueryError } from './query-error';

type Icon = ComponentType<{ size?: number; color?: string }>;
type CursorPages = ReturnType<typeof useCursorPages>;
type DataAttributes = { [name: `data-${string}`]: string | boolean | undefined };

/** One column: its header cell and, for each row, its cell. */
export type DataColumn<T> = {
  key: string;
  header: ReactNode;
  cell: (row: T) => ReactNode;
  /** Of the header and every cell. */
  align?: 'left' | 'right';
  /** Of the header: the column is at least this wide. */
  minWidth?: number;
  width?: number;
  /** Horizontal padding of the header and every cell, for a narrow column of icons. */
  px?: number;
  /** The header's aria-sort, on the column the list is sorted by. */
  sort?: 'ascending' | 'descending';
  /** Attributes of a row's cell, as the bulk preview marks a field with an issue. */
  cellProps?: (row: T) => DataAttributes & { className?: string; title?: string };
};

/** What the table reads of a paged list's query (TanStack Query's result fits). */
export type PageQuery<T> = {
  data: { items: T[]; nextCursor: string | null } | undefined;
  error: Error | null;
  isError: boolean;
  isPending: boolean;
  isFetching: boolean;
  refetch: () => unknown;
};

type DataTableProps<T> = Pick<TableProps, 'verticalSpacing' | 'horizontalSpacing' | 'highlightOnHover'> & {
  /** The table's accessible name; or `labelledBy`, the id of a heading that names it. */
  label?: string;
  labelledBy?: string;
  columns: DataColumn<T>[];
  query: PageQuery<T>;
  rowKey: (row: T) => string | number;
  rowProps?: (row: T) => DataAttributes;
  /** What an empty page says (a `TableEmpty`, mostly). */
  empty: ReactNode;
  /** "Previous page" and "Next page" under the table, named by `label`: "Users pages". */
  pager?: { label: string; pages: CursorPages };
  /** Narrower than this, the table scrolls sideways. */
  minWidth: number;
  /** Added to `data-table`. */
  className?: string;
};

const SKELETON_ROWS = [0, 1, 2, 3];

/**
 * A page of a list as a table: skeleton rows while the first page loads, `empty` when it holds
 * nothing, the error with Try again when it could not be loaded, and the pager. `aria-busy`
 * says when a page is being fetched.
 */
export function DataTable<T>({
  label,
  labelledBy,
  columns,
  query,
  rowKey,
  rowProps,
  empty,
  pager,
  minWidth,
  className,
  verticalSpacing = 'sm',
  horizontalSpacing = 'sm',
  highlightOnHover = true,
}: DataTableProps<T>) {
  const items = query.data?.items ?? [];
  const span = columns.length;
  return (
    <>
      {query.isError && !query.data ? (
        <Stack p="md" pt={0}>
          <QueryError error={query.error} onRetry={() => query.refetch()} />
        </Stack>
      ) : (
        <Table.ScrollContainer minWidth={minWidth}>
          <Table
            verticalSpacing={verticalSpacing}
            horizontalSpacing={horizontalSpacing}
            highlightOnHover={highlightOnHover}
            aria-label={label}
            aria-labelledby={labelledBy}
            aria-busy={query.isFetching}
            className={className ? `data-table ${className}` : 'data-table'}
          >
            <Table.Thead>
              <Table.Tr>
                {columns.map((column) => (
                  <Table.Th
                    key={column.key}
                    ta={column.align}
                    miw={column.minWidth}
                    w={column.width}
                    px={column.px}
                    aria-sort={column.sort}
                  >
                    {column.header}
                  </Table.Th>
                ))}
              </Table.Tr>
            </Table.Thead>
            <Table.Tbody>
              {query.isPending
                ? SKELETON_ROWS.map((row) => (
                    <Table.Tr key={row}>
                      <Table.Td colSpan={span}>
                        <Skeleton h={22} />
                      </Table.Td>
                    </Table.Tr>
                  ))
                : null}
              {!query.isPending && items.length === 0 ? (
                <Table.Tr>
                  <Table.Td colSpan={span}>{empty}</Table.Td>
                </Table.Tr>
              ) : null}
              {items.map((row) => (
                <Table.Tr key={rowKey(row)} {...rowProps?.(row)}>
                  {columns.map((column) => (
                    <Table.Td key={column.key} ta={column.align} px={column.px} {...column.cellProps?.(row)}>
                      {column.cell(row)}
                    </Table.Td>
                  ))}
                </Table.Tr>
              ))}
            </Table.Tbody>
          </Table>
        </Table.ScrollContainer>
      )}
      {pager ? (
        <CursorPager
          label={pager.label}
          pages={pager.pages}
          nextCursor={query.data?.nextCursor}
          busy={query.isFetching}
        />
      ) : null}
    </>
  );
}

/** An empty list: what would be here, and how to start. */
export function TableEmpty({ icon: EmptyIcon, title, hint }: { icon: Icon; title: string; hint?: string }) {
  return (
    <Stack align="center" gap={6} py="xl">
      <EmptyIcon size={28} color="var(--mantine-color-dimmed)" />
      <Text fw={600}>{title}</Text>
      {hint ? (
        <Text size="sm" c="dimmed" ta="center" maw={420}>
          {hint}
        </Text>
      ) : null}
    </Stack>
  );
}

/** A cell with nothing in it: a dash, read as "None". */
export function NoneText() {
  return (
    <Text size="sm" c="dimmed" aria-label="None">
      —
    </Text>
  );
}

/** A date as lists show it, with the full date and time on hover. */
export function DateText({ iso }: { iso: string | null }) {
  const text = formatDate(iso);
  return text ? (
    <Text
      component="time"
      dateTime={iso ?? undefined}
      size="sm"
      style={{ whiteSpace: 'nowrap' }}
      title={formatDateTime(iso) ?? undefined}
    >
      {text}
    </Text>
  ) : (
    <NoneText />
  );
}

export type RowIconAction = {
  /** The tooltip: "Edit". */
  tooltip: string;
  /** The button's accessible name, naming the row: "Edit deal Acme". */
  label: string;
  icon: Icon;
  color: 'gray' | 'red';
  onClick: () => void;
};

/** A row's actions as icon buttons with tooltips, at the end of the row. */
export function RowIconActions({ actions }: { actions: RowIconAction[] }) {
  return (
    <Group gap={4} justify="flex-end" wrap="nowrap">
      {actions.map(({ tooltip, label, icon: ActionIconGlyph, color, onClick }) => (
        <Tooltip key={tooltip} label={tooltip} withArrow>
          <ActionIcon variant="subtle" color={color} aria-label={label} onClick={onClick}>
            <ActionIconGlyph size={18} />
          </ActionIcon>
        </Tooltip>
      ))}
    </Group>
  );
}
