import { Badge, Group, SegmentedControl, Stack, Text, VisuallyHidden } from '@mantine/core';
import { keepPreviousData, useQuery } from '@tanstack/react-query';
import { useState } from 'react';
import type { BulkImport, BulkIssue, BulkRow, BulkRowFilter } from '../../../../../shared/api/bulk-invites';
import { BULK_ISSUE_LABELS } from '../../../../../shared/bulk-csv';
import { listBulkRows } from '../../../../api/bulk-invites';
import { queryKeys } from '../../../../api/query-keys';
import { type DataColumn, DataTable } from '../../../../components/data-table';
import { IconAlertCircle } from '../../../../components/icons';
import { useCursorPages } from '../../../../hooks/use-cursor-pages';

/** Rows per page: the file may hold 100,000, the page never shows more than this. */
export const BULK_PAGE_SIZE = 50;

type Field = BulkIssue['field'];
const FIELD_LABELS: Record<Field, string> = { email: 'Email', name: 'Name', role: 'Role', team: 'Team' };

function filterCount(filter: BulkRowFilter, counts: BulkImport['counts']): number {
  return filter === 'all' ? counts.rows : filter === 'valid' ? counts.valid : counts.invalid;
}

function fieldIssues(row: BulkRow, field: Field) {
  return row.issues.filter((issue) => issue.field === field);
}

function FieldValue({ row, field, maw }: { row: BulkRow; field: Field; maw: number }) {
  const value = row[field];
  const invalid = fieldIssues(row, field).length > 0;
  return (
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
  );
}

/** A field of the file as a column: its cell is marked, with the issues on hover, when the field has one. */
function fieldColumn(field: Field, maw: number): DataColumn<BulkRow> {
  return {
    key: field,
    header: FIELD_LABELS[field],
    cell: (row) => <FieldValue row={row} field={field} maw={maw} />,
    cellProps: (row) => {
      const issues = fieldIssues(row, field);
      const invalid = issues.length > 0;
      return {
        className: 'bulk-cell',
        'data-invalid': invalid || undefined,
        'data-field': field,
        title: invalid ? issues.map((issue) => issue.message).join(' ') : undefined,
      };
    },
  };
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

const COLUMNS: DataColumn<BulkRow>[] = [
  {
    key: 'row',
    header: 'Row',
    width: 64,
    cell: (row) => (
      <Text size="sm" c="dimmed" ff="monospace">
        {row.row.toLocaleString()}
      </Text>
    ),
  },
  fieldColumn('email', 230),
  fieldColumn('name', 170),
  fieldColumn('role', 110),
  fieldColumn('team', 140),
  { key: 'issues', header: 'Issues', minWidth: 280, cell: (row) => <IssuesCell row={row} /> },
];

/** The rows of the file, a page at a time from the server, filtered by whether they have issues. */
export function BulkRowsTable({ bulk }: { bulk: BulkImport }) {
  const [filter, setFilter] = useState<BulkRowFilter>(bulk.counts.invalid > 0 ? 'invalid' : 'all');
  const pages = useCursorPages(`${bulk.id}:${filter}`);
  const params = { filter, limit: BULK_PAGE_SIZE, cursor: pages.cursor };
  const rows = useQuery({
    queryKey: queryKeys.bulkImports.rows(bulk.id, filter, pages.cursor, BULK_PAGE_SIZE),
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
      <DataTable
        labelledBy="bulk-rows-heading"
        columns={COLUMNS}
        query={rows}
        rowKey={(row) => row.row}
        rowProps={(row) => ({ 'data-status': row.status })}
        empty={
          <Text ta="center" c="dimmed" py="lg">
            {filter === 'invalid' ? 'No row has an issue.' : 'No row is ready to invite.'}
          </Text>
        }
        pager={{ label: 'Rows pages', pages }}
        minWidth={940}
        className="bulk-rows-table"
        verticalSpacing="xs"
        highlightOnHover={false}
      />
    </>
  );
}
