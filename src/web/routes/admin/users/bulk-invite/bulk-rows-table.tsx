import { Badge, Group, SegmentedControl, Skeleton, Stack, Table, Text, VisuallyHidden } from '@mantine/core';
import { keepPreviousData, useQuery } from '@tanstack/react-query';
import { useState } from 'react';
import { BULK_ISSUE_LABELS, type BulkIssue } from '../../../../../shared/bulk-csv';
import { listBulkRows } from '../../../../api/bulk-invites';
import { queryKeys } from '../../../../api/query-keys';
import type { BulkImport, BulkRow, BulkRowFilter } from '../../../../api/types';
import { CursorPager } from '../../../../components/cursor-pager';
import { IconAlertCircle } from '../../../../components/icons';
import { QueryError } from '../../../../components/query-error';
import { useCursorPages } from '../../../../hooks/use-cursor-pages';

/** Rows per page: the file may hold 100,000, the page never shows more than this. */
export const BULK_PAGE_SIZE = 50;
const COLUMNS = 6;

type Field = BulkIssue['field'];
const FIELD_LABELS: Record<Field, string> = { email: 'Email', name: 'Name', role: 'Role', team: 'Team' };

function filterCount(filter: BulkRowFilter, counts: BulkImport['counts']): number {
  return filter === 'all' ? counts.rows : filter === 'valid' ? counts.valid : counts.invalid;
}

function FieldCell({ row, field, maw }: { row: BulkRow; field: Field; maw?: number }) {
  const issues = row.issues.filter((issue) => issue.field === field);
  const value = row[field];
  const invalid = issues.length > 0;
  return (
    <Table.Td
      className="bulk-cell"
      data-invalid={invalid || undefined}
      data-field={field}
      title={invalid ? issues.map((issue) => issue.message).join(' ') : undefined}
    >
      <Group gap={6} wrap="nowrap">
        {invalid ? <IconAlertCircle size={15} color="var(--mantine-color-red-7)" style={{ flexShrink: 0 }} /> : null}
        {value ? (
          <Text size="sm" truncate maw={maw} c={invalid ? 'red.9' : undefined}>
            {value}
          </Text>
        ) : (
          <Text size="sm" c={invalid ? 'red.8' : 'dimmed'} fs={invalid ? 'italic' : undefined}>
            {invalid ? 'Empty' : '—'}
          </Text>
        )}
        {invalid ? <VisuallyHidden>(has an issue)</VisuallyHidden> : null}
      </Group>
    </Table.Td>
  );
}

function IssuesCell({ row }: { row: BulkRow }) {
  if (row.issues.length === 0) {
    return (
      <Badge variant="light" color="teal" radius="sm" tt="none" fw={600}>
        Ready to invite
      </Badge>
    );
  }
  return (
    <Stack component="ul" gap={6} m={0} p={0} style={{ listStyle: 'none' }}>
      {row.issues.map((issue) => (
        <li key={`${issue.field}:${issue.code}`}>
          <Text size="xs" fw={700} c="red.8" span>
            {BULK_ISSUE_LABELS[issue.code]}
          </Text>
          <Text size="sm" lh={1.35}>
            {issue.message}
          </Text>
        </li>
      ))}
    </Stack>
  );
}

function RowLine({ row }: { row: BulkRow }) {
  return (
    <Table.Tr data-status={row.status}>
      <Table.Td>
        <Text size="sm" c="dimmed" ff="monospace">
          {row.row.toLocaleString()}
        </Text>
      </Table.Td>
      <FieldCell row={row} field="email" maw={230} />
      <FieldCell row={row} field="name" maw={170} />
      <FieldCell row={row} field="role" maw={110} />
      <FieldCell row={row} field="team" maw={140} />
      <Table.Td>
        <IssuesCell row={row} />
      </Table.Td>
    </Table.Tr>
  );
}

/** The rows of the file, a page at a time from the server, filtered by whether they have issues. */
export function BulkRowsTable({ bulk }: { bulk: BulkImport }) {
  const [filter, setFilter] = useState<BulkRowFilter>(bulk.counts.invalid > 0 ? 'invalid' : 'all');
  const pages = useCursorPages(`${bulk.id}:${filter}`);
  const params = { filter, limit: BULK_PAGE_SIZE, cursor: pages.cursor };
  const rows = useQuery({
    queryKey: queryKeys.bulkRows(bulk.id, filter, pages.cursor, BULK_PAGE_SIZE),
    queryFn: ({ signal }) => listBulkRows(bulk.id, params, signal),
    placeholderData: keepPreviousData,
    staleTime: Number.POSITIVE_INFINITY,
  });

  const items = rows.data?.items ?? [];
  const total = filterCount(filter, bulk.counts);
  const first = (pages.page - 1) * BULK_PAGE_SIZE + 1;
  const options: { value: BulkRowFilter; label: string }[] = [
    { value: 'all', label: `All (${bulk.counts.rows.toLocaleString()})` },
    { value: 'invalid', label: `With issues (${bulk.counts.invalid.toLocaleString()})` },
    { value: 'valid', label: `Valid (${bulk.counts.valid.toLocaleString()})` },
  ];

  return (
    <>
      <Group justify="space-between" p="md" gap="sm" wrap="wrap">
        <Stack gap={2}>
          <Text fw={700} id="bulk-rows-heading">
            Rows of the file
          </Text>
          <Text size="sm" c="dimmed" aria-live="polite">
            {items.length > 0
              ? `Showing ${first.toLocaleString()}–${(first + items.length - 1).toLocaleString()} of ${total.toLocaleString()}`
              : ' '}
          </Text>
        </Stack>
        <SegmentedControl
          aria-label="Show rows"
          value={filter}
          onChange={(value) => setFilter(value as BulkRowFilter)}
          data={options}
        />
      </Group>
      {rows.isError && !rows.data ? (
        <Stack p="md" pt={0}>
          <QueryError error={rows.error} onRetry={() => rows.refetch()} />
        </Stack>
      ) : (
        <Table.ScrollContainer minWidth={940}>
          <Table
            className="data-table bulk-rows-table"
            verticalSpacing="xs"
            horizontalSpacing="sm"
            aria-labelledby="bulk-rows-heading"
            aria-busy={rows.isFetching}
          >
            <Table.Thead>
              <Table.Tr>
                <Table.Th w={64}>Row</Table.Th>
                <Table.Th>{FIELD_LABELS.email}</Table.Th>
                <Table.Th>{FIELD_LABELS.name}</Table.Th>
                <Table.Th>{FIELD_LABELS.role}</Table.Th>
                <Table.Th>{FIELD_LABELS.team}</Table.Th>
                <Table.Th miw={280}>Issues</Table.Th>
              </Table.Tr>
            </Table.Thead>
            <Table.Tbody>
              {rows.isPending
                ? [0, 1, 2, 3].map((n) => (
                    <Table.Tr key={n}>
                      <Table.Td colSpan={COLUMNS}>
                        <Skeleton h={22} />
                      </Table.Td>
                    </Table.Tr>
                  ))
                : null}
              {!rows.isPending && items.length === 0 ? (
                <Table.Tr>
                  <Table.Td colSpan={COLUMNS}>
                    <Text ta="center" c="dimmed" py="lg">
                      {filter === 'invalid' ? 'No row has an issue.' : 'No row is ready to invite.'}
                    </Text>
                  </Table.Td>
                </Table.Tr>
              ) : null}
              {items.map((row) => (
                <RowLine key={row.row} row={row} />
              ))}
            </Table.Tbody>
          </Table>
        </Table.ScrollContainer>
      )}
      <CursorPager
        label="Rows pages"
        page={pages.page}
        hasPrevious={pages.hasPrevious}
        nextCursor={rows.data?.nextCursor}
        onPrevious={pages.previous}
        onNext={pages.next}
        busy={rows.isFetching}
      />
    </>
  );
}
