import { Alert, Button, Group, Modal, Radio, Select, Skeleton, Stack, Text } from '@mantine/core';
import { type UseFormReturnType, useForm } from '@mantine/form';
import { notifications } from '@mantine/notifications';
import { type UseQueryResult, useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { useState } from 'react';
import type { DeleteUserInput, User, UserRecords } from '../../../../shared/api/users';
import { type ApiError, errorText, isApiError } from '../../../api/client';
import { queryKeys } from '../../../api/query-keys';
import { deleteUser, fetchUserRecords } from '../../../api/users';
import { FormErrorAlert } from '../../../components/form-error-alert';
import { IconAlertCircle } from '../../../components/icons';
import { QueryError } from '../../../components/query-error';
import { applyApiError } from '../../../lib/form-errors';
import { plural } from '../../../lib/format';
import { activeUsersKey, useActiveUsers } from './active-users';
import { useInvalidateUsers } from './use-invalidate-users';

type DeleteValues = { keep: 'reassign' | 'unassigned'; reassignTo: string | null };
type DeleteForm = UseFormReturnType<DeleteValues>;

const owns = (records: UserRecords | undefined) => (records ? records.deals + records.leads > 0 : false);

function ownsText(name: string, records: UserRecords): string {
  return owns(records)
    ? `${name} owns ${plural(records.deals, 'deal')} and ${plural(records.leads, 'lead')}.`
    : `${name} owns no deals or leads, so there is nothing to hand on.`;
}

/** The counts a `reassignment_required` refusal carries: what they own now. */
function recordsFrom(error: ApiError): UserRecords | null {
  const { deals, leads } = error.extra;
  return typeof deals === 'number' && typeof leads === 'number' ? { deals, leads } : null;
}

/** Who may receive the records: every other active user of the workspace. */
function ReceiverSelect({ user, form }: { user: User; form: DeleteForm }) {
  const users = useActiveUsers();
  const options = (users.data?.items ?? [])
    .filter((candidate) => candidate.id !== user.id)
    .map((candidate) => ({ value: candidate.id, label: candidate.name }));
  const inputProps = form.getInputProps('reassignTo');
  return (
    <Select
      label="New owner"
      placeholder="Choose an active user"
      data={options}
      searchable
      nothingFoundMessage="No active user with that name"
      disabled={users.isPending}
      ml={30}
      {...inputProps}
      error={inputProps.error ?? (users.isError ? errorText(users.error) : undefined)}
    />
  );
}

type RecordsChoiceProps = { user: User; records: UseQueryResult<UserRecords>; form: DeleteForm };

function RecordsChoice({ user, records, form }: RecordsChoiceProps) {
  if (records.isPending) return <Skeleton h={22} />;
  if (records.isError) {
    return (
      <QueryError
        error={records.error}
        onRetry={() => records.refetch()}
        title="Their deals and leads could not be counted"
      />
    );
  }
  return (
    <Stack gap="xs">
      <Text size="sm" fw={600}>
        {ownsText(user.name, records.data)}
      </Text>
      {owns(records.data) ? (
        <Radio.Group label="Who receives them?" {...form.getInputProps('keep')}>
          <Stack gap="xs" mt="xs">
            <Radio value="reassign" label="Give them to another active user" />
            {form.values.keep === 'reassign' ? <ReceiverSelect user={user} form={form} /> : null}
            <Radio
              value="unassigned"
              label="Leave them unassigned"
              description="They stay in the workspace with no owner until someone takes them."
            />
          </Stack>
        </Radio.Group>
      ) : null}
    </Stack>
  );
}

type DeleteUserFormProps = {
  user: User;
  onCancel: () => void;
  onDeleted: () => void;
  onDeactivateInstead: (user: User) => void;
};

function DeleteUserForm({ user, onCancel, onDeleted, onDeactivateInstead }: DeleteUserFormProps) {
  const queryClient = useQueryClient();
  const invalidate = useInvalidateUsers();
  const [formError, setFormError] = useState<string | null>(null);
  const form = useForm<DeleteValues>({ mode: 'controlled', initialValues: { keep: 'reassign', reassignTo: null } });
  const records = useQuery({
    queryKey: queryKeys.users.records(user.id),
    queryFn: ({ signal }) => fetchUserRecords(user.id, signal),
  });

  const mutation = useMutation({
    mutationFn: (input: DeleteUserInput) => deleteUser(user.id, input),
    onSuccess: async () => {
      notifications.show({ color: 'teal', title: 'User deleted', message: `${user.name} was deleted.` });
      onDeleted();
      // They are gone: refetching their own queries would only answer 404.
      queryClient.removeQueries({ queryKey: queryKeys.users.detail(user.id) });
      queryClient.removeQueries({ queryKey: queryKeys.users.records(user.id) });
      await invalidate();
    },
    onError: async (error) => {
      setFormError(
        applyApiError(form, error, { fields: ['reassignTo'], codeFields: { invalid_reassignee: 'reassignTo' } }),
      );
      // They came to own records since the dialog opened: show the counts, and the choice.
      const counts = isApiError(error, 'reassignment_required') ? recordsFrom(error) : null;
      if (counts) queryClient.setQueryData(queryKeys.users.records(user.id), counts);
      if (isApiError(error, 'invalid_reassignee')) await queryClient.invalidateQueries({ queryKey: activeUsersKey });
    },
  });

  const handleSubmit = form.onSubmit((values) => {
    setFormError(null);
    // Owning nothing, send no choice: should they own something by now, the server refuses and says so.
    if (!owns(records.data)) mutation.mutate({});
    else if (values.keep === 'unassigned') mutation.mutate({ reassignTo: null });
    else if (values.reassignTo) mutation.mutate({ reassignTo: values.reassignTo });
    else form.setFieldError('reassignTo', 'Choose who receives their deals and leads.');
  });

  return (
    <form onSubmit={handleSubmit} noValidate>
      <Stack gap="md">
        <Text size="sm">
          Delete <strong>{user.name}</strong> ({user.email})?
        </Text>
        <RecordsChoice user={user} records={records} form={form} />
        <Alert color="orange" variant="light" icon={<IconAlertCircle />} title="Deletion is permanent" role="note">
          <Text size="sm">
            Their account, name, photo and phone are erased and cannot be brought back. The audit log keeps a record of
            the deletion.
          </Text>
          <Text size="sm" mt={6}>
            Deactivating is safer than deleting. A deactivated user’s data is preserved and the account can be
            reactivated later.
          </Text>
          {user.status === 'active' ? (
            <Button mt="sm" size="xs" variant="default" onClick={() => onDeactivateInstead(user)}>
              Deactivate instead
            </Button>
          ) : null}
        </Alert>
        <FormErrorAlert error={formError} />
        <Group justify="flex-end" gap="sm">
          <Button variant="default" onClick={onCancel} data-autofocus>
            Cancel
          </Button>
          <Button type="submit" color="red" loading={mutation.isPending} disabled={!records.data}>
            Delete user
          </Button>
        </Group>
      </Stack>
    </form>
  );
}

type DeleteUserModalProps = Omit<DeleteUserFormProps, 'user' | 'onCancel'> & {
  user: User | null;
  onClose: () => void;
};

/** Delete: permanent; the user's deals and leads go to another active user, or to no one. */
export function DeleteUserModal({ user, onClose, ...actions }: DeleteUserModalProps) {
  return (
    <Modal
      opened={user !== null}
      onClose={onClose}
      title="Delete user"
      size="lg"
      centered
      closeButtonProps={{ 'aria-label': 'Close' }}
    >
      {user ? <DeleteUserForm key={user.id} user={user} onCancel={onClose} {...actions} /> : null}
    </Modal>
  );
}
