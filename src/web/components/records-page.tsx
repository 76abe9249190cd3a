import { Button, Paper, Text } from '@mantine/core';
import { notifications } from '@mantine/notifications';
import { keepPreviousData, useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { type ComponentType, useState } from 'react';
import type { Role } from '../../shared/roles';
import { isApiError } from '../api/client';
import { queryKeys } from '../api/query-keys';
import { deleteRecord, listRecords, type RecordKind, type WorkRecord } from '../api/work-records';
import { useCursorPages } from '../hooks/use-cursor-pages';
import { ConfirmModal } from './confirm-modal';
import type { DataColumn } from './data-table';
import { PageHeader } from './page-header';
import { QueryError } from './query-error';
import { RecordFormModal, type RecordFormSpec } from './records-form';
import { RecordsTable } from './records-table';
import { useSession } from './session-context';

const PAGE_SIZE = 25;

/** One kind of work record on screen: its words, its own columns and its own form fields. */
export type RecordsPageConfig<K extends RecordKind, V extends object> = {
  kind: K;
  /** The page title and the table's name: "Deals". */
  title: string;
  /** One record in words: "deal". */
  noun: string;
  icon: ComponentType<{ size?: number; color?: string }>;
  columns: DataColumn<WorkRecord<K>>[];
  form: RecordFormSpec<K, V>;
};

/** What the list holds for each role: admins all, managers their team's, sales reps their own. */
function scopeText(role: Role, noun: string, plural: string): string {
  if (role === 'admin') return `Every ${noun} in this workspace, newest first.`;
  if (role === 'manager') return `Your ${plural} and your team’s, newest first.`;
  return `The ${plural} you own, newest first.`;
}

function DeleteRecordModal<K extends RecordKind>({
  kind,
  noun,
  record,
  onClose,
}: {
  kind: K;
  noun: string;
  record: WorkRecord<K> | null;
  onClose: () => void;
}) {
  const queryClient = useQueryClient();
  const mutation = useMutation({
    mutationFn: (target: WorkRecord<K>) => deleteRecord(kind, target.id),
    onSuccess: async (_data, target) => {
      await queryClient.invalidateQueries({ queryKey: queryKeys.workRecords.kind(kind) });
      notifications.show({
        color: 'teal',
        message: `${noun.charAt(0).toUpperCase()}${noun.slice(1)} “${target.name}” deleted.`,
      });
      onClose();
    },
    onError: async (error) => {
      if (isApiError(error, 'not_found'))
        await queryClient.invalidateQueries({ queryKey: queryKeys.workRecords.kind(kind) });
    },
  });
  return (
    <ConfirmModal
      target={record}
      title={`Delete ${noun}`}
      confirmLabel={`Delete ${noun}`}
      destructive
      action={mutation}
      onClose={onClose}
    >
      {(target) => (
        <Text size="sm">
          Delete the {noun} <strong>{target.name}</strong>? This cannot be undone.
        </Text>
      )}
    </ConfirmModal>
  );
}

/** Deals or leads: the list newest first a page at a time, New, Edit and Delete. */
export function RecordsPage<K extends RecordKind, V extends object>({ config }: { config: RecordsPageConfig<K, V> }) {
  const { kind, title, noun, icon: Icon, columns, form } = config;
  const { user } = useSession();
  const pages = useCursorPages(kind);
  const [editing, setEditing] = useState<{ record: WorkRecord<K> | null } | null>(null);
  const [deleting, setDeleting] = useState<WorkRecord<K> | null>(null);
  const query = useQuery({
    queryKey: queryKeys.workRecords.page(kind, pages.cursor, PAGE_SIZE),
    queryFn: ({ signal }) => listRecords(kind, { limit: PAGE_SIZE, cursor: pages.cursor }, signal),
    placeholderData: keepPreviousData,
  });
  const plural = title.toLowerCase();

  return (
    <>
      <PageHeader
        title={title}
        description={scopeText(user.role, noun, plural)}
        actions={
          <Button leftSection={<Icon size={18} />} onClick={() => setEditing({ record: null })}>
            New {noun}
          </Button>
        }
      />
      {query.isError && !query.data ? (
        <QueryError error={query.error} onRetry={() => query.refetch()} />
      ) : (
        <Paper withBorder radius="md">
          <RecordsTable
            label={title}
            noun={noun}
            columns={columns}
            query={query}
            pages={pages}
            empty={{
              icon: Icon,
              title: `No ${plural} yet`,
              hint: `Use New ${noun} to add the first one.`,
            }}
            onEdit={(record) => setEditing({ record })}
            onDelete={setDeleting}
          />
        </Paper>
      )}
      <RecordFormModal kind={kind} noun={noun} spec={form} editing={editing} onClose={() => setEditing(null)} />
      <DeleteRecordModal kind={kind} noun={noun} record={deleting} onClose={() => setDeleting(null)} />
    </>
  );
}
