import { Button, Group, Modal, Select, Stack, Text, TextInput } from '@mantine/core';
import { useForm } from '@mantine/form';
import { notifications } from '@mantine/notifications';
import { useMutation } from '@tanstack/react-query';
import { useState } from 'react';
import type { EditUserInput, User } from '../../../../shared/api/users';
import type { Role } from '../../../../shared/roles';
import { editUser } from '../../../api/users';
import { FormErrorAlert } from '../../../components/form-error-alert';
import { applyApiError } from '../../../lib/form-errors';
import { validateRequired } from '../../../lib/validators';
import { BuddySelect, useBuddyOptions } from './buddy-select';
import { ROLE_SELECT_DATA } from './invite-user-modal';
import { useInvalidateUsers } from './use-invalidate-users';
import { useTeamOptions, withCurrentTeam } from './use-team-options';

const FIELDS = ['name', 'role', 'teamId', 'buddyId'] as const;

type EditValues = { name: string; role: Role; teamId: string | null; buddyId: string | null };

/** Only what changed, so a save never rewrites a field someone else just edited. */
function changes(user: User, values: EditValues): EditUserInput {
  const input: EditUserInput = {};
  const name = values.name.trim();
  if (name !== user.name) input.name = name;
  if (values.role !== user.role) input.role = values.role;
  if (values.teamId !== (user.team?.id ?? null)) input.teamId = values.teamId;
  if (values.buddyId !== (user.buddy?.id ?? null)) input.buddyId = values.buddyId;
  return input;
}

function EditUserForm({ user, onDone }: { user: User; onDone: () => void }) {
  const invalidate = useInvalidateUsers();
  const teams = useTeamOptions();
  const [formError, setFormError] = useState<string | null>(null);
  const form = useForm<EditValues>({
    mode: 'controlled',
    initialValues: { name: user.name, role: user.role, teamId: user.team?.id ?? null, buddyId: user.buddy?.id ?? null },
    validate: { name: validateRequired('Enter the person’s full name.') },
  });

  const mutation = useMutation({
    mutationFn: (input: EditUserInput) => editUser(user.id, input),
    onSuccess: async (updated) => {
      notifications.show({ color: 'teal', message: `Invitation for ${updated.email} updated.` });
      onDone();
      await invalidate();
    },
    onError: (error) =>
      setFormError(applyApiError(form, error, { fields: FIELDS, codeFields: { team_not_found: 'teamId' } })),
  });

  const teamOptions = withCurrentTeam(teams.options, user.team);
  const buddies = useBuddyOptions({ teamId: form.values.teamId, excludeId: user.id, current: user.buddy });

  return (
    <form
      noValidate
      onSubmit={form.onSubmit((values) => {
        setFormError(null);
        const input = changes(user, values);
        if (Object.keys(input).length === 0) onDone();
        else mutation.mutate(input);
      })}
    >
      <Stack gap="md">
        <Text size="sm" c="dimmed">
          Change the name, role, team or buddy of <strong>{user.email}</strong> before they accept. The invitation link
          stays the same.
        </Text>
        <FormErrorAlert error={formError} />
        <TextInput label="Name" required data-autofocus {...form.getInputProps('name')} />
        <Select label="Role" data={ROLE_SELECT_DATA} allowDeselect={false} required {...form.getInputProps('role')} />
        <Select
          label="Team"
          placeholder="No team"
          data={teamOptions}
          clearable
          searchable={teamOptions.length > 8}
          nothingFoundMessage="No team with that name"
          disabled={teams.loading}
          {...form.getInputProps('teamId')}
        />
        <BuddySelect options={buddies} {...form.getInputProps('buddyId')} />
        <Group justify="flex-end" gap="sm" mt="xs">
          <Button variant="default" onClick={onDone}>
            Cancel
          </Button>
          <Button type="submit" loading={mutation.isPending}>
            Save changes
          </Button>
        </Group>
      </Stack>
    </form>
  );
}

/** Edit of a pending or expired invitation: Name, Role, Team. */
export function EditUserModal({ user, onClose }: { user: User | null; onClose: () => void }) {
  return (
    <Modal opened={user !== null} onClose={onClose} title="Edit invitation" centered>
      {user ? <EditUserForm key={user.id} user={user} onDone={onClose} /> : null}
    </Modal>
  );
}
