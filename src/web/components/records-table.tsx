import { ActionIcon, Group, Skeleton, Stack, Table, Text, Tooltip, VisuallyHidden } from '@mantine/core';
import type { ComponentType, ReactNode } from 'react';
import type { Ref } from '../api/types';
import { formatDate, formatDateTime } from '../lib/format';
import { IconPencil, IconTrash } from './icons';

/** What every deal and lead has: the table shows these around the kind's own columns. */
export type RecordRowBase = { id: string; name: string; owner: Ref | null; createdAt: string };

/** A column of a kind of record, between Name and Owner. */
export type RecordColumn<T> = {
  key: string;
  header: string;
  cell: (record: T) => ReactNode;
  align?: 'left' | 'right';
  minWidth?: number;
};

type RecordsTableProps<T extends RecordRowBase> = {
  /** The table's accessible name, which is also the page's title: "Deals". */
  label: string;
  /** The record in words, for the row actions: "deal". */
  noun: string;
  columns: RecordColumn<T>[];
  items: T[];
  loading: boolean;
  busy: boolean;
  empty: { icon: ComponentType<{ size?: number; color?: string }>; title: string; hint: string };
  onEdit: (record: T) => void;
  onDelete: (record: T) => void;
};

/** A date as lists show it, with the full date and time on hover. */
export function RecordDate({ iso }: { iso: string | null }) {
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
    <Text size="sm" c="dimmed" aria-label="None">
      —
    </Text>
  );
}

/** Who owns a record; an admin may leave one with nobody. */
export function RecordOwner({ owner }: { owner: Ref | null }) {
  return owner ? (
    <Text size="sm">{owner.name}</Text>
  ) : (
    <Text size="sm" c="dimmed" fs="italic">
      Unassigned
    </Text>
  );
}

/** Deals or leads, newest first: Name, the kind's own columns, Owner, Created, then Edit and Delete. */
export function RecordsTable<T extends RecordRowBase>({
  label,
  noun,
  columns,
  items,
  loading,
  busy,
  empty,
  onEdit,
  onDelete,
}: RecordsTableProps<T>) {
  const columnCount = columns.length + 4;
  const EmptyIcon = empty.icon;
  return (
    <Table.ScrollContainer minWidth={560 + columns.length * 140}>
      <Table
        verticalSpacing="sm"
        horizontalSpacing="md"
        highlightOnHover
        aria-label={label}
        aria-busy={busy}
        className="data-table"
      >
        <Table.Thead>
          <Table.Tr>
            <Table.Th miw={180}>Name</Table.Th>
            {columns.map((column) => (
              <Table.Th key={column.key} ta={column.align} miw={column.minWidth}>
                {column.header}
              </Table.Th>
            ))}
            <Table.Th>Owner</Table.Th>
            <Table.Th>Created</Table.Th>
            <Table.Th w={96}>
              <VisuallyHidden>Actions</VisuallyHidden>
            </Table.Th>
          </Table.Tr>
        </Table.Thead>
        <Table.Tbody>
          {loading
            ? [0, 1, 2].map((row) => (
                <Table.Tr key={row}>
                  <Table.Td colSpan={columnCount}>
                    <Skeleton h={20} />
                  </Table.Td>
                </Table.Tr>
              ))
            : null}
          {!loading && items.length === 0 ? (
            <Table.Tr>
              <Table.Td colSpan={columnCount}>
                <Stack align="center" gap={6} py="xl">
                  <EmptyIcon size={28} color="var(--mantine-color-dimmed)" />
                  <Text fw={600}>{empty.title}</Text>
                  <Text size="sm" c="dimmed" ta="center" maw={420}>
                    {empty.hint}
                  </Text>
                </Stack>
              </Table.Td>
            </Table.Tr>
          ) : null}
          {items.map((record) => (
            <Table.Tr key={record.id}>
              <Table.Td>
                <Text fw={600} size="sm">
                  {record.name}
                </Text>
              </Table.Td>
              {columns.map((column) => (
                <Table.Td key={column.key} ta={column.align}>
                  {column.cell(record)}
                </Table.Td>
              ))}
              <Table.Td>
                <RecordOwner owner={record.owner} />
              </Table.Td>
              <Table.Td>
                <RecordDate iso={record.createdAt} />
              </Table.Td>
              <Table.Td>
                <Group gap={4} justify="flex-end" wrap="nowrap">
                  <Tooltip label="Edit" withArrow>
                    <ActionIcon
                      variant="subtle"
                      color="gray"
                      aria-label={`Edit ${noun} ${record.name}`}
                      onClick={() => onEdit(record)}
                    >
                      <IconPencil size={18} />
                    </ActionIcon>
                  </Tooltip>
                  <Tooltip label="Delete" withArrow>
                    <ActionIcon
                      variant="subtle"
                      color="red"
                      aria-label={`Delete ${noun} ${record.name}`}
                      onClick={() => onDelete(record)}
                    >
                      <IconTrash size={18} />
                    </ActionIcon>
                  </Tooltip>
                </Group>
              </Table.Td>
            </Table.Tr>
          ))}
        </Table.Tbody>
      </Table>
    </Table.ScrollContainer>
  );
}
