import { Button, Group, Paper, Skeleton, Stack, Switch, Text, Textarea, Title } from '@mantine/core';
import { useForm } from '@mantine/form';
import { notifications } from '@mantine/notifications';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { useState } from 'react';
import type { WelcomeMessage } from '../../../../shared/api/chat';
import { unknownPlaceholders, WELCOME_MAX } from '../../../../shared/chat';
import { fetchWelcome, renderWelcome, saveWelcome } from '../../../api/chat';
import { queryKeys } from '../../../api/query-keys';
import { FormErrorAlert } from '../../../components/form-error-alert';
import { QueryError } from '../../../components/query-error';
import { useSession } from '../../../components/session-context';
import { applyApiError } from '../../../lib/form-errors';

type Values = { enabled: boolean; template: string };

const SAMPLE = { name: 'Jamie Rivera', role: 'Sales Rep' };

function WelcomeForm({ welcome }: { welcome: WelcomeMessage }) {
  const me = useSession();
  const queryClient = useQueryClient();
  const [formError, setFormError] = useState<string | null>(null);
  const form = useForm<Values>({
    initialValues: { enabled: welcome.enabled, template: welcome.template },
    validate: {
      template: (value) => {
        if (value.length > WELCOME_MAX) return `At most ${WELCOME_MAX.toLocaleString('en')} characters.`;
        const unknown = unknownPlaceholders(value);
        if (unknown.length > 0) return `Unknown placeholder {${unknown[0]}}: use {name}, {team} or {role}.`;
        return null;
      },
    },
  });

  const mutation = useMutation({
    mutationFn: (values: Values) => saveWelcome({ enabled: values.enabled, template: values.template.trim() }),
    onSuccess: (result) => {
      form.resetDirty({ enabled: result.enabled, template: result.template });
      form.setValues({ enabled: result.enabled, template: result.template });
      queryClient.setQueryData(queryKeys.chat.welcome, result);
      notifications.show({ color: 'teal', message: 'Welcome message saved.' });
    },
    onError: (error) => setFormError(applyApiError(form, error, { fields: ['enabled', 'template'] })),
  });

  const preview = renderWelcome(form.values.template, { ...SAMPLE, team: me.workspace.name });

  return (
    <form
      onSubmit={form.onSubmit((values) => {
        setFormError(null);
        mutation.mutate(values);
      })}
      noValidate
    >
      <Stack gap="sm">
        <FormErrorAlert error={formError} />
        <Switch label="Post a welcome message" {...form.getInputProps('enabled', { type: 'checkbox' })} />
        <Textarea
          label="Welcome message"
          description={`Plain text. {name} becomes the new person’s name, {team} their team (or the workspace’s name when they have none), {role} their role. ${form.values.template.length.toLocaleString('en')} / ${WELCOME_MAX.toLocaleString('en')} characters.`}
          autosize
          minRows={3}
          maxRows={10}
          {...form.getInputProps('template')}
        />
        <Stack gap={4}>
          <Title order={3} fz="sm" fw={600} id="welcome-preview-heading">
            Preview
          </Title>
          <Paper
            withBorder
            radius="md"
            p="sm"
            bg="blue.0"
            component="section"
            aria-labelledby="welcome-preview-heading"
            aria-live="polite"
          >
            <Text size="sm" fw={600}>
              SalesOS
            </Text>
            <Text size="sm" style={{ whiteSpace: 'pre-wrap', overflowWrap: 'anywhere' }}>
              {form.values.enabled && preview ? preview : 'Nothing is posted when someone joins.'}
            </Text>
          </Paper>
          <Text size="xs" c="dimmed">
            Shown for a new {SAMPLE.role} named {SAMPLE.name}. Posted to #general by the workspace once, when a person
            accepts their invitation.
          </Text>
        </Stack>
        <Group>
          <Button type="submit" loading={mutation.isPending}>
            Save
          </Button>
        </Group>
      </Stack>
    </form>
  );
}

export function WelcomeMessageSection() {
  const welcome = useQuery({ queryKey: queryKeys.chat.welcome, queryFn: ({ signal }) => fetchWelcome(signal) });
  return (
    <Paper withBorder radius="md" p="lg" component="section" aria-labelledby="welcome-heading">
      <Title id="welcome-heading" order={2} fz="md" fw={600} mb={4}>
        Welcome message
      </Title>
      <Text size="sm" c="dimmed" mb="md">
        Greets each new person in #general when they join.
      </Text>
      {welcome.isPending ? (
        <Skeleton h={160} aria-label="Loading the welcome message" />
      ) : welcome.isError ? (
        <QueryError error={welcome.error} onRetry={() => welcome.refetch()} />
      ) : (
        <WelcomeForm welcome={welcome.data} />
      )}
    </Paper>
  );
}
