import { Badge, Button, Group, Modal, Select, Skeleton, Stack, Text, TextInput } from '@mantine/core';
import { useForm } from '@mantine/form';
import { notifications } from '@mantine/notifications';
import { useMutation } from '@tanstack/react-query';
import { useState } from 'react';
import type { InviteInput } from '../../../../shared/api/invitations';
import { ROLE_LABELS, ROLES, type Role } from '../../../../shared/roles';
import { isApiError } from '../../../api/client';
import { inviteUser } from '../../../api/invitations';
import { FormErrorAlert } from '../../../components/form-error-alert';
import { applyApiError } from '../../../lib/form-errors';
import { seatsLeft, seatsLeftText } from '../../../lib/seats';
import { validateEmail, validateRequired } from '../../../lib/validators';
import { BuddySelect, useBuddyOptions } from './buddy-select';
import { SeatLimitAlert } from './seat-limit-alert';
import { useInvalidateUsers } from './use-invalidate-users';
import { type TeamOption, useTeamOptions } from './use-team-options';
import { useUsersSummary } from './use-users-summary';

export const ROLE_SELECT_DATA = ROLES.map((role) => ({ value: role, label: ROLE_LABELS[role] }));

const FIELDS = ['email', 'name', 'role', 'teamId', 'buddyId'] as const;

type InviteValues = { email: string; name: string; role: Role | null; teamId: string | null; buddyId: string | null };

function SeatsLeft() {
  const summary = useUsersSummary();
  if (summary.isPending) return <Skeleton h={22} w={140} radius="sm" />;
  if (summary.isError) return null;
  const left = seatsLeft(summary.data.seats);
  return (
    <Badge
      variant="light"
      color={left === 0 ? 'red' : 'indigo'}
      size="lg"
      radius="sm"
      tt="none"
      fw={600}
      style={{ flexShrink: 0, overflow: 'visible' }}
      data-testid="seats-left"
    >
      {seatsLeftText(summary.data.seats)}
    </Badge>
  );
}

function useNoSeatLeft(): boolean {
  const summary = useUsersSummary();
  return summary.data ? seatsLeft(summary.data.seats) === 0 : false;
}

function InviteUserForm({ teams, onDone }: { teams: { options: TeamOption[]; loading: boolean }; onDone: () => void }) {
  const invalidate = useInvalidateUsers();
  const noSeatLeft = useNoSeatLeft();
  const [formError, setFormError] = useState<string | null>(null);
  const [seatRefusal, setSeatRefusal] = useState<string | null>(null);

  const form = useForm<InviteValues>({
    mode: 'controlled',
    initialValues: { email: '', name: '', role: 'sales_rep', teamId: null, buddyId: null },
    validate: {
      email: validateEmail,
      name: validateRequired('Enter the person’s full name.'),
      role: (value) => (value ? null : 'Choose a role.'),
    },
  });

  // The chosen team's members are listed first.
  const buddies = useBuddyOptions({ teamId: form.values.teamId });

  const mutation = useMutation({
    mutationFn: inviteUser,
    onSuccess: async (user) => {
      notifications.show({ color: 'teal', title: 'Invitation sent', message: `Invitation sent to ${user.email}.` });
      onDone();
      await invalidate();
    },
    onError: async (error) => {
      if (isApiError(error, 'seat_limit_reached')) {
        setSeatRefusal(error.message);
        // The counts on the page were out of date: show the real ones.
        await invalidate();
        return;
      }
      setFormError(
        applyApiError(form, error, {
          fields: FIELDS,
          codeFields: { already_member: 'email', already_invited: 'email', team_not_found: 'teamId' },
        }),
      );
    },
  });

  const handleSubmit = form.onSubmit((values) => {
    setFormError(null);
    setSeatRefusal(null);
    if (!values.role) return;
    const input: InviteInput = {
      email: values.email.trim(),
      name: values.name.trim(),
      role: values.role,
      teamId: values.teamId,
      buddyId: values.buddyId,
    };
    mutation.mutate(input);
  });

  return (
    <form onSubmit={handleSubmit} noValidate>
      <Stack gap="md">
        <Group justify="space-between" gap="sm" wrap="nowrap" align="center">
          <Text size="sm" c="dimmed">
            They receive an email with a link to create their account. The link expires after 7 days.
          </Text>
          <SeatsLeft />
        </Group>
        {seatRefusal ? (
          <SeatLimitAlert detail={seatRefusal} onNavigate={onDone} />
        ) : noSeatLeft ? (
          <SeatLimitAlert onNavigate={onDone} />
        ) : null}
        <FormErrorAlert error={formError} />
        <TextInput
          label="Email"
          description="The invitation link is sent to this address."
          type="email"
          autoComplete="off"
          required
          data-autofocus
          {...form.getInputProps('email')}
        />
        <TextInput label="Name" description="The person’s full name." required {...form.getInputProps('name')} />
        <Select label="Role" data={ROLE_SELECT_DATA} allowDeselect={false} required {...form.getInputProps('role')} />
        <Select
          label="Team"
          description="Optional: you can assign a team later."
          placeholder={teams.options.length === 0 && !teams.loading ? 'No teams yet' : 'No team'}
          data={teams.options}
          clearable
          searchable={teams.options.length > 8}
          nothingFoundMessage="No team with that name"
          disabled={teams.loading || teams.options.length === 0}
          {...form.getInputProps('teamId')}
        />
        <BuddySelect options={buddies} {...form.getInputProps('buddyId')} />
        <Group justify="flex-end" gap="sm" mt="xs">
          <Button variant="default" onClick={onDone}>
            Cancel
          </Button>
          <Button type="submit" loading={mutation.isPending}>
            Send Invite
          </Button>
        </Group>
      </Stack>
    </form>
  );
}

/** The help page's "Invite User" form: Email, Name, Role, Team (optional), then Send Invite. */
export function InviteUserModal({ opened, onClose }: { opened: boolean; onClose: () => void }) {
  const teams = useTeamOptions();
  return (
    <Modal opened={opened} onClose={onClose} title="Invite User" size="lg" centered>
      {opened ? <InviteUserForm teams={teams} onDone={onClose} /> : null}
    </Modal>
  );
}
