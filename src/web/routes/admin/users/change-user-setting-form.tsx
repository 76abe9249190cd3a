import { Button, Group, Select, Stack } from '@mantine/core';
import { useForm } from '@mantine/form';
import { notifications } from '@mantine/notifications';
import { useMutation } from '@tanstack/react-query';
import { useState } from 'react';
import type { EditUserInput, User } from '../../../../shared/api/users';
import { ROLE_LABELS, ROLES } from '../../../../shared/roles';
import { editUser } from '../../../api/users';
import { FormErrorAlert } from '../../../components/form-error-alert';
import { applyApiError } from '../../../lib/form-errors';
import { ROLE_SELECT_DATA } from './invite-user-modal';
import { useTeamOptions, withCurrentTeam } from './use-team-options';
import { useUserChanged } from './use-user-changed';

/** The "No team" option's value; team ids are UUIDs, so it never names a team. */
const NO_TEAM = 'no-team';

type SettingFormProps = {
  user: User;
  field: keyof EditUserInput;
  label: string;
  /** The button's words: "Change role", "Change team". */
  action: string;
  data: { value: string; label: string }[];
  current: string;
  toInput: (value: string) => EditUserInput;
  successMessage: (updated: User) => string;
  description?: string;
  autoFocus?: boolean;
  loading?: boolean;
};

/** One setting of a member, saved on its own with PATCH /api/v1/users/{id}: effective on their next request. */
function SettingForm(props: SettingFormProps) {
  const { user, field, label, action, data, current, toInput, successMessage, description, autoFocus, loading } = props;
  const changed = useUserChanged();
  const [formError, setFormError] = useState<string | null>(null);
  const form = useForm<Record<string, string>>({ mode: 'controlled', initialValues: { [field]: current } });

  const mutation = useMutation({
    mutationFn: (value: string) => editUser(user.id, toInput(value)),
    onSuccess: async (updated) => {
      notifications.show({ color: 'teal', message: successMessage(updated) });
      await changed(updated);
    },
    onError: (error) =>
      setFormError(
        applyApiError(form, error, { fields: [field], codeFields: { last_admin: field, team_not_found: field } }),
      ),
  });

  return (
    <form
      noValidate
      onSubmit={form.onSubmit((values) => {
        setFormError(null);
        mutation.mutate(values[field] ?? current);
      })}
    >
      <Stack gap="xs">
        <FormErrorAlert error={formError} />
        <Select
          label={label}
          description={description}
          data={data}
          allowDeselect={false}
          searchable={data.length > 8}
          nothingFoundMessage="Nothing matches"
          disabled={loading}
          data-autofocus={autoFocus || undefined}
          {...form.getInputProps(field)}
        />
        <Group justify="flex-end">
          <Button
            type="submit"
            variant="default"
            loading={mutation.isPending}
            disabled={form.values[field] === current}
          >
            {action}
          </Button>
        </Group>
      </Stack>
    </form>
  );
}

type ChangeProps = { user: User; autoFocus?: boolean };

export function ChangeRoleForm({ user, autoFocus, isSelf }: ChangeProps & { isSelf: boolean }) {
  return (
    <SettingForm
      // A new key when the saved role changes, so the form starts again from what the server holds.
      key={user.role}
      user={user}
      field="role"
      label="Role"
      action="Change role"
      data={ROLE_SELECT_DATA}
      current={user.role}
      toInput={(value) => ({ role: ROLES.find((role) => role === value) ?? user.role })}
      successMessage={(updated) => `${updated.name}’s role is now ${ROLE_LABELS[updated.role]}.`}
      description={isSelf ? 'This is you: without the Admin role you lose access to the Admin panel.' : undefined}
      autoFocus={autoFocus}
    />
  );
}

export function ChangeTeamForm({ user, autoFocus }: ChangeProps) {
  const teams = useTeamOptions();
  const current = user.team?.id ?? NO_TEAM;
  return (
    <SettingForm
      key={current}
      user={user}
      field="teamId"
      label="Team"
      action="Change team"
      data={[{ value: NO_TEAM, label: 'No team' }, ...withCurrentTeam(teams.options, user.team)]}
      current={current}
      toInput={(value) => ({ teamId: value === NO_TEAM ? null : value })}
      successMessage={(updated) =>
        updated.team ? `${updated.name}’s team is now ${updated.team.name}.` : `${updated.name} no longer has a team.`
      }
      autoFocus={autoFocus}
      loading={teams.loading}
    />
  );
}
