import { Text, VisuallyHidden } from '@mantine/core';
import type { ComponentType } from 'react';
import type { Ref } from '../../shared/api/common';
import type { useCursorPages } from '../hooks/use-cursor-pages';
import { type DataColumn, DataTable, DateText, type PageQuery, RowIconActions, TableEmpty } from './data-table';
import { IconPencil, IconTrash } from './icons';

/** What every deal and lead has: the table shows these around the kind's own columns. */
export type RecordRowBase = { id: string; name: string; owner: Ref | null; createdAt: string };

type RecordsTableProps<T extends RecordRowBase> = {
  /** The table's accessible name, which is also the page's title: "Deals". */
  label: string;
  /** The record in words, for the row actions: "deal". */
  noun: string;
  /** The kind's own columns, between Name and Owner. */
  columns: DataColumn<T>[];
  query: PageQuery<T>;
  pages: ReturnType<typeof useCursorPages>;
  empty: { icon: ComponentType<{ size?: number; color?: string }>; title: string; hint: string };
  onEdit: (record: T) => void;
  onDelete: (record: T) => void;
};

/** Who owns a record; an admin may leave one with nobody. */
function RecordOwner({ owner }: { owner: Ref | null }) {
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
  query,
  pages,
  empty,
  onEdit,
  onDelete,
}: RecordsTableProps<T>) {
  const all: DataColumn<T>[] = [
    {
      key: 'name',
      header: 'Name',
      minWidth: 180,
      cell: (record) => (
        <Text fw={600} size="sm">
          {record.name}
        </Text>
      ),
    },
    ...columns,
    { key: 'owner', header: 'Owner', cell: (record) => <RecordOwner owner={record.owner} /> },
    { key: 'created', header: 'Created', cell: (record) => <DateText iso={record.createdAt} /> },
    {
      key: 'actions',
      header: <VisuallyHidden>Actions</VisuallyHidden>,
      width: 96,
      cell: (record) => (
        <RowIconActions
          actions={[
            {
              tooltip: 'Edit',
              label: `Edit ${noun} ${record.name}`,
              icon: IconPencil,
              color: 'gray',
              onClick: () => onEdit(record),
            },
            {
              tooltip: 'Delete',
              label: `Delete ${noun} ${record.name}`,
              icon: IconTrash,
              color: 'red',
              onClick: () => onDelete(record),
            },
          ]}
        />
      ),
    },
  ];
  return (
    <DataTable
      label={label}
      columns={all}
      query={query}
      rowKey={(record) => record.id}
      empty={<TableEmpty {...empty} />}
      pager={{ label: `${label} pages`, pages }}
      minWidth={560 + columns.length * 140}
      horizontalSpacing="md"
    />
  );
}
