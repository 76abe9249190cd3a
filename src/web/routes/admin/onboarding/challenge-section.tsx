import {
  Button,
  Checkbox,
  Group,
  NumberInput,
  Paper,
  Progress,
  Skeleton,
  Stack,
  Switch,
  Table,
  Text,
  TextInput,
  Title,
} from '@mantine/core';
import { useForm } from '@mantine/form';
import { notifications } from '@mantine/notifications';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { useState } from 'react';
import type { Challenge, ChallengeInput } from '../../../../shared/api/challenges';
import { CHALLENGE_STEP_LABELS, CHALLENGE_STEPS, type ChallengeStep } from '../../../../shared/challenges';
import { createChallenge, fetchChallengeProgress, listChallenges, updateChallenge } from '../../../api/challenges';
import { queryKeys } from '../../../api/query-keys';
import { FormErrorAlert } from '../../../components/form-error-alert';
import { QueryError } from '../../../components/query-error';
import { applyApiError } from '../../../lib/form-errors';
import { formatDate } from '../../../lib/format';

type Values = { name: string; steps: ChallengeStep[]; dueDays: number | string; active: boolean };

const valuesOf = (challenge: Challenge | null): Values => ({
  name: challenge?.name ?? 'Getting Started',
  steps: challenge?.steps ?? [...CHALLENGE_STEPS],
  dueDays: challenge?.dueDays ?? '',
  active: challenge?.active ?? true,
});

function ChallengeForm({ challenge }: { challenge: Challenge | null }) {
  const queryClient = useQueryClient();
  const [formError, setFormError] = useState<string | null>(null);
  const form = useForm<Values>({
    initialValues: valuesOf(challenge),
    validate: {
      name: (value) => (value.trim() ? null : 'Enter a name.'),
      steps: (value) => (value.length > 0 ? null : 'Choose at least one step.'),
      dueDays: (value) =>
        value === '' || (Number.isInteger(Number(value)) && Number(value) >= 1 && Number(value) <= 365)
          ? null
          : 'Enter a number of days from 1 to 365, or leave it empty.',
    },
  });

  const mutation = useMutation({
    mutationFn: (input: ChallengeInput) => (challenge ? updateChallenge(challenge.id, input) : createChallenge(input)),
    onSuccess: async (saved) => {
      notifications.show({ color: 'teal', message: `${saved.name} saved${saved.active ? ' and active' : ''}.` });
      await Promise.all([
        queryClient.invalidateQueries({ queryKey: queryKeys.challenges.all }),
        queryClient.invalidateQueries({ queryKey: queryKeys.dashboard.all }),
      ]);
    },
    onError: (error) => setFormError(applyApiError(form, error, { fields: ['name', 'steps', 'dueDays', 'active'] })),
  });

  const handleSubmit = form.onSubmit((values) => {
    setFormError(null);
    mutation.mutate({
      name: values.name.trim(),
      steps: CHALLENGE_STEPS.filter((s) => values.steps.includes(s)),
      active: values.active,
      dueDays: values.dueDays === '' ? null : Number(values.dueDays),
    });
  });

  return (
    <form onSubmit={handleSubmit} noValidate>
      <Stack gap="md">
        <FormErrorAlert error={formError} />
        <TextInput label="Name" required maxLength={100} {...form.getInputProps('name')} />
        <Checkbox.Group
          label="Steps"
          description="Each person’s progress follows what they actually do; nobody ticks a step by hand."
          required
          {...form.getInputProps('steps')}
        >
          <Stack gap={6} mt={6}>
            {CHALLENGE_STEPS.map((step) => (
              <Checkbox key={step} value={step} label={CHALLENGE_STEP_LABELS[step]} />
            ))}
          </Stack>
        </Checkbox.Group>
        <NumberInput
          label="Days to finish"
          description="Optional: the dashboard shows each person a due date this many days after they joined."
          min={1}
          max={365}
          allowDecimal={false}
          allowNegative={false}
          w={200}
          {...form.getInputProps('dueDays')}
        />
        <Switch
          label="Active"
          description="Shown on everyone’s dashboard. Activating this challenge ends any other active one."
          {...form.getInputProps('active', { type: 'checkbox' })}
        />
        <Group>
          <Button type="submit" loading={mutation.isPending}>
            Save
          </Button>
        </Group>
      </Stack>
    </form>
  );
}

function Leaderboard({ challenge }: { challenge: Challenge }) {
  const progress = useQuery({
    queryKey: queryKeys.challenges.progress(challenge.id),
    queryFn: ({ signal }) => fetchChallengeProgress(challenge.id, signal),
  });
  if (progress.isPending) return <Skeleton h={120} aria-label="Loading the leaderboard" />;
  if (progress.isError) return <QueryError error={progress.error} onRetry={() => progress.refetch()} />;
  const total = challenge.steps.length;
  return (
    <Table.ScrollContainer minWidth={520}>
      <Table striped verticalSpacing="xs" aria-labelledby="challenge-leaderboard-heading">
        <Table.Thead>
          <Table.Tr>
            <Table.Th scope="col">Person</Table.Th>
            <Table.Th scope="col">Steps done</Table.Th>
            <Table.Th scope="col">Stuck at</Table.Th>
            <Table.Th scope="col">Finished</Table.Th>
          </Table.Tr>
        </Table.Thead>
        <Table.Tbody>
          {progress.data.items.map((item) => (
            <Table.Tr key={item.user.id}>
              <Table.Td>{item.user.name}</Table.Td>
              <Table.Td>
                <Group gap="xs" wrap="nowrap">
                  <Text size="sm" style={{ fontVariantNumeric: 'tabular-nums' }}>
                    {item.done.length} of {total}
                  </Text>
                  <Progress
                    value={total ? (item.done.length / total) * 100 : 0}
                    w={80}
                    aria-label={`${item.user.name}: ${item.done.length} of ${total} steps`}
                  />
                </Group>
              </Table.Td>
              <Table.Td>{item.stuckAt ? CHALLENGE_STEP_LABELS[item.stuckAt] : '—'}</Table.Td>
              <Table.Td>
                {item.completedAt ? (
                  <time dateTime={item.completedAt}>{formatDate(item.completedAt)}</time>
                ) : (
                  <Text span size="sm" c="dimmed">
                    Not yet
                  </Text>
                )}
              </Table.Td>
            </Table.Tr>
          ))}
        </Table.Tbody>
      </Table>
    </Table.ScrollContainer>
  );
}

/** Admin > Onboarding: the Getting Started challenge and its leaderboard. */
export function ChallengeSection() {
  const challenges = useQuery({ queryKey: queryKeys.challenges.all, queryFn: ({ signal }) => listChallenges(signal) });
  // The active challenge, else the newest: the one an admin is working on.
  const current = challenges.data
    ? (challenges.data.items.find((c) => c.active) ?? challenges.data.items[0] ?? null)
    : null;

  return (
    <Paper withBorder radius="md" p="lg" component="section" aria-labelledby="challenge-heading">
      <Title id="challenge-heading" order={2} fz="md" fw={600} mb={4}>
        Getting Started challenge
      </Title>
      <Text size="sm" c="dimmed" mb="md">
        Pick the first actions every new person should take. Their progress updates by itself as they do them.
      </Text>
      {challenges.isPending ? (
        <Skeleton h={240} aria-label="Loading the challenge" />
      ) : challenges.isError ? (
        <QueryError error={challenges.error} onRetry={() => challenges.refetch()} />
      ) : (
        <Stack gap="xl">
          <ChallengeForm key={current?.id ?? 'new'} challenge={current} />
          {current ? (
            <Stack gap="xs">
              <Title id="challenge-leaderboard-heading" order={3} fz="sm" fw={600}>
                Leaderboard
              </Title>
              <Leaderboard challenge={current} />
            </Stack>
          ) : null}
        </Stack>
      )}
    </Paper>
  );
}
