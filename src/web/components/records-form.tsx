import { Button, Group, Modal, Select, Stack, TextInput } from '@mantine/core';
import { type UseFormReturnType, useForm } from '@mantine/form';
import { notifications } from '@mantine/notifications';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { type ReactNode, useState } from 'react';
import type { Role } from '../../shared/roles';
import { isApiError } from '../api/client';
import { queryKeys } from '../api/query-keys';
import {
  createRecord,
  listOwners,
  type RecordKind,
  updateRecord,
  type WorkRecord,
  type WorkRecordInput,
} from '../api/work-records';
import { applyApiError } from '../lib/form-errors';
import { validateRequired } from '../lib/validators';
import { FormErrorAlert } from './form-error-alert';
import { useSession } from './session-context';

/** The Owner select's value for "nobody" (sent as `ownerId: null`); only admins may choose it. */
const UNASSIGNED = '__unassigned__';
const NAME_MAX = 200;

/** The fields every deal and lead has; the form shows Name first and Owner last. */
export type RecordBaseValues = { name: string; ownerId: string | null };

/** The kind's own fields, with the server's names so its field errors land on them. */
type OwnFields<K extends RecordKind> = Omit<WorkRecordInput<K>, 'name' | 'ownerId'>;

/** How one kind of record fills the shared form between Name and Owner. */
export type RecordFormSpec<K extends RecordKind, V extends object> = {
  /** The kind's own fields for a new record. */
  initial: V;
  fromRecord: (record: WorkRecord<K>) => V;
  /** The API names of the kind's own fields, in the order of the form. */
  fields: readonly (keyof V & string)[];
  validate: (values: V) => Partial<Record<keyof V & string, string | null>>;
  toInput: (values: V) => OwnFields<K>;
  render: (form: UseFormReturnType<RecordBaseValues & V>) => ReactNode;
};

type OwnerOption = { value: string; label: string };

const OWNER_HINTS: Record<Role, string> = {
  admin: 'Anyone active in this workspace, or Unassigned.',
  manager: 'You or a member of your team.',
  sales_rep: 'Sales reps own the records they work on.',
};

/** The people the signed-in person may give a record to, keeping the record's current owner selectable. */
function useOwnerOptions(record: WorkRecord | null): { options: OwnerOption[]; loading: boolean; failed: boolean } {
  const { user } = useSession();
  const owners = useQuery({
    queryKey: queryKeys.workRecords.owners,
    queryFn: ({ signal }) => listOwners(signal),
    staleTime: 60_000,
  });
  const people = owners.data?.items ?? [{ id: user.id, name: user.name }];
  const options: OwnerOption[] = people.map((person) => ({ value: person.id, label: person.name }));
  if (record?.ownerId && !options.some((option) => option.value === record.ownerId)) {
    options.unshift({ value: record.ownerId, label: record.owner?.name ?? 'Current owner' });
  }
  if (user.role === 'admin' || (record !== null && record.ownerId === null)) {
    options.unshift({ value: UNASSIGNED, label: 'Unassigned' });
  }
  return { options, loading: owners.isPending, failed: owners.isError };
}

const ownerFromForm = (value: string | null): string | null => (value === UNASSIGNED || value === null ? null : value);

/** Only the fields that differ from the record, so a save never rewrites what someone else just changed. */
function changedFields<T extends Record<string, unknown>>(next: T, saved: T): Partial<T> {
  const changes: Partial<T> = {};
  for (const key of Object.keys(next) as (keyof T)[]) {
    if (JSON.stringify(next[key] ?? null) !== JSON.stringify(saved[key] ?? null)) changes[key] = next[key];
  }
  return changes;
}

type RecordFormProps<K extends RecordKind, V extends object> = {
  kind: K;
  noun: string;
  spec: RecordFormSpec<K, V>;
  record: WorkRecord<K> | null;
  onDone: () => void;
};

function RecordForm<K extends RecordKind, V extends object>({
  kind,
  noun,
  spec,
  record,
  onDone,
}: RecordFormProps<K, V>) {
  const { user } = useSession();
  const queryClient = useQueryClient();
  const owners = useOwnerOptions(record);
  const [formError, setFormError] = useState<string | null>(null);

  const form = useForm<RecordBaseValues & V>({
    mode: 'controlled',
    initialValues: record
      ? { ...spec.fromRecord(record), name: record.name, ownerId: record.ownerId ?? UNASSIGNED }
      : { ...spec.initial, name: '', ownerId: user.id },
    validate: (values) => ({
      name:
        validateRequired(`Enter the ${noun}’s name.`)(values.name) ??
        (values.name.trim().length > NAME_MAX ? `Use at most ${NAME_MAX} characters.` : null),
      ...spec.validate(values),
      ownerId: values.ownerId ? null : 'Choose an owner.',
    }),
  });

  const invalidate = () => queryClient.invalidateQueries({ queryKey: queryKeys.workRecords.kind(kind) });

  const mutation = useMutation({
    mutationFn: (input: Partial<WorkRecordInput<K>>) =>
      record ? updateRecord(kind, record.id, input) : createRecord(kind, input as WorkRecordInput<K>),
    onSuccess: async (saved) => {
      await invalidate();
      notifications.show({
        color: 'teal',
        message: record ? `${capitalize(noun)} “${saved.name}” saved.` : `${capitalize(noun)} “${saved.name}” created.`,
      });
      onDone();
    },
    onError: async (error) => {
      setFormError(applyApiError(form, error, { fields: ['name', ...spec.fields, 'ownerId'] }));
      // Deleted, or given to someone out of sight, since the list was loaded.
      if (isApiError(error, 'not_found')) await invalidate();
    },
  });

  const inputOf = (values: RecordBaseValues & V) =>
    ({ name: values.name.trim(), ...spec.toInput(values), ownerId: ownerFromForm(values.ownerId) }) as Record<
      string,
      unknown
    >;

  return (
    <form
      noValidate
      onSubmit={form.onSubmit((values) => {
        setFormError(null);
        const input = inputOf(values);
        if (!record) {
          mutation.mutate(input as Partial<WorkRecordInput<K>>);
          return;
        }
        const saved = inputOf({ ...spec.fromRecord(record), name: record.name, ownerId: record.ownerId ?? UNASSIGNED });
        const changes = changedFields(input, saved);
        if (Object.keys(changes).length === 0) onDone();
        else mutation.mutate(changes as Partial<WorkRecordInput<K>>);
      })}
    >
      <Stack gap="md">
        <FormErrorAlert error={formError} />
        <TextInput label="Name" required maxLength={NAME_MAX} data-autofocus {...form.getInputProps('name')} />
        {spec.render(form)}
        <Select
          label="Owner"
          description={OWNER_HINTS[user.role]}
          data={owners.options}
          allowDeselect={false}
          required
          searchable={owners.options.length > 8}
          nothingFoundMessage="No one with that name"
          {...form.getInputProps('ownerId')}
          error={form.errors.ownerId ?? (owners.failed ? 'The list of people could not be loaded.' : undefined)}
        />
        <Group justify="flex-end" gap="sm" mt="xs">
          <Button variant="default" onClick={onDone}>
            Cancel
          </Button>
          <Button type="submit" loading={mutation.isPending}>
            {record ? 'Save changes' : `Create ${noun}`}
          </Button>
        </Group>
      </Stack>
    </form>
  );
}

function capitalize(word: string): string {
  return word.charAt(0).toUpperCase() + word.slice(1);
}

type RecordFormModalProps<K extends RecordKind, V extends object> = {
  kind: K;
  noun: string;
  spec: RecordFormSpec<K, V>;
  /** Opened for a new record with `{ record: null }`, for an edit with the record; closed with null. */
  editing: { record: WorkRecord<K> | null } | null;
  onClose: () => void;
};

/** "New deal" or "Edit deal" (and the same for leads): Name, the kind's fields, Owner. */
export function RecordFormModal<K extends RecordKind, V extends object>({
  kind,
  noun,
  spec,
  editing,
  onClose,
}: RecordFormModalProps<K, V>) {
  const record = editing?.record ?? null;
  return (
    <Modal opened={editing !== null} onClose={onClose} title={record ? `Edit ${noun}` : `New ${noun}`} centered>
      {editing ? (
        <RecordForm key={record?.id ?? 'new'} kind={kind} noun={noun} spec={spec} record={record} onDone={onClose} />
      ) : null}
    </Modal>
  );
}
