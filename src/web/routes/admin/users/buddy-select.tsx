import { Button, type ComboboxItemGroup, Group, Select, type SelectProps, Stack } from '@mantine/core';
import { useForm } from '@mantine/form';
import { notifications } from '@mantine/notifications';
import { useMutation } from '@tanstack/react-query';
import { useState } from 'react';
import type { Ref } from '../../../../shared/api/common';
import type { User } from '../../../../shared/api/users';
import { editUser } from '../../../api/users';
import { FormErrorAlert } from '../../../components/form-error-alert';
import { applyApiError } from '../../../lib/form-errors';
import { useActiveUsers } from './active-users';
import { useUserChanged } from './use-user-changed';

type BuddyOption = { value: string; label: string };

/**
 * Who may be a buddy: the workspace's active members (first 200), the person's own team first
 * ("Same team", then "Others"), never the person themself. A current buddy who is no longer
 * in the list stays as an option, so the select never shows a bare id.
 */
export function useBuddyOptions(args: { teamId: string | null; excludeId?: string; current?: Ref | null }) {
  const users = useActiveUsers();
  const people = (users.data?.items ?? []).filter((u) => u.status === 'active' && u.id !== args.excludeId);
  const option = (u: User): BuddyOption => ({ value: u.id, label: `${u.name} (${u.email})` });
  const same = args.teamId ? people.filter((u) => u.team?.id === args.teamId).map(option) : [];
  const others = people.filter((u) => !args.teamId || u.team?.id !== args.teamId).map(option);
  const { current } = args;
  if (current && !people.some((u) => u.id === current.id)) others.unshift({ value: current.id, label: current.name });
  const groups: ComboboxItemGroup<BuddyOption>[] = [];
  if (same.length > 0) groups.push({ group: 'Same team', items: same });
  if (others.length > 0) groups.push({ group: same.length > 0 ? 'Others' : 'Active members', items: others });
  return { data: groups, count: same.length + others.length, loading: users.isPending };
}

type BuddySelectProps = Omit<SelectProps, 'data'> & { options: ReturnType<typeof useBuddyOptions> };

/** The optional "Buddy" select of the invite and edit forms. */
export function BuddySelect({ options, ...props }: BuddySelectProps) {
  return (
    <Select
      label="Buddy"
      description="Optional: an active teammate who helps them settle in, told by email when they join."
      placeholder={options.count === 0 && !options.loading ? 'No active members' : 'No buddy'}
      data={options.data}
      clearable
      searchable
      nothingFoundMessage="Nobody with that name"
      disabled={options.loading || options.count === 0}
      {...props}
    />
  );
}

/** The user drawer's "Buddy" setting for a member, saved on its own like role and team. */
export function ChangeBuddyForm({ user }: { user: User }) {
  const changed = useUserChanged();
  const options = useBuddyOptions({ teamId: user.team?.id ?? null, excludeId: user.id, current: user.buddy });
  const current = user.buddy?.id ?? null;
  const [formError, setFormError] = useState<string | null>(null);
  const form = useForm<{ buddyId: string | null }>({ mode: 'controlled', initialValues: { buddyId: current } });

  const mutation = useMutation({
    mutationFn: (buddyId: string | null) => editUser(user.id, { buddyId }),
    onSuccess: async (updated) => {
      notifications.show({
        color: 'teal',
        message: updated.buddy
          ? `${updated.name}’s buddy is now ${updated.buddy.name}.`
          : `${updated.name} no longer has a buddy.`,
      });
      await changed(updated);
    },
    onError: (error) => setFormError(applyApiError(form, error, { fields: ['buddyId'] })),
  });

  return (
    <form
      noValidate
      onSubmit={form.onSubmit((values) => {
        setFormError(null);
        mutation.mutate(values.buddyId);
      })}
    >
      <Stack gap="xs">
        <FormErrorAlert error={formError} />
        <BuddySelect
          options={options}
          description="Optional: an active teammate who helps them settle in."
          {...form.getInputProps('buddyId')}
        />
        <Group justify="flex-end">
          <Button
            type="submit"
            variant="default"
            loading={mutation.isPending}
            disabled={form.values.buddyId === current}
          >
            Change buddy
          </Button>
        </Group>
      </Stack>
    </form>
  );
}
