import { Box, Center, Group, Loader, Paper, Stack, Text, ThemeIcon, Title, VisuallyHidden } from '@mantine/core';
import type { ReactNode } from 'react';
import { Navigate, Outlet } from 'react-router';
import { isApiError } from '../../api/client';
import { Brand } from '../../components/brand';
import { IconCheck } from '../../components/icons';
import { QueryError } from '../../components/query-error';
import { SessionProvider, useMeQuery, useSession } from '../../components/session-context';
import { useDocumentTitle } from '../../hooks/use-document-title';

const STEPS = [
  { id: 'password', label: 'Password' },
  { id: 'profile', label: 'Profile' },
  { id: 'tour', label: 'Tour' },
  { id: 'dashboard', label: 'Dashboard' },
] as const;

type StepId = (typeof STEPS)[number]['id'];

/** "Password ✓ — Profile — Tour — Dashboard", the help page's four steps, the current one marked. */
function StepList({ current }: { current: StepId }) {
  const { onboarding } = useSession();
  const at = STEPS.findIndex((s) => s.id === current);
  return (
    <Box component="ol" aria-label="Onboarding steps" m={0} p={0} style={{ listStyle: 'none' }}>
      <Group gap="xs" justify="center" wrap="wrap">
        {STEPS.map((step, index) => {
          const isCurrent = index === at;
          const stored = onboarding.steps.find((s) => s.id === step.id)?.status;
          const passed = index < at;
          const skipped = passed && stored === 'skipped';
          return (
            <Group key={step.id} component="li" gap={6} wrap="nowrap" aria-current={isCurrent ? 'step' : undefined}>
              <ThemeIcon
                size={22}
                radius="xl"
                variant={passed || isCurrent ? 'filled' : 'light'}
                color={skipped ? 'gray' : passed ? 'teal' : 'indigo'}
                aria-hidden="true"
              >
                {passed && !skipped ? (
                  <IconCheck size={14} />
                ) : (
                  <Text size="xs" fw={700}>
                    {skipped ? '–' : index + 1}
                  </Text>
                )}
              </ThemeIcon>
              <Text size="sm" fw={isCurrent ? 700 : 500} c={isCurrent ? undefined : 'dimmed'}>
                {step.label}
                {passed ? <VisuallyHidden>{skipped ? ' (skipped)' : ' (done)'}</VisuallyHidden> : null}
              </Text>
              {index < STEPS.length - 1 ? (
                <Box aria-hidden="true" w={24} h={1} bg="gray.4" ml={4} visibleFrom="xs" />
              ) : null}
            </Group>
          );
        })}
      </Group>
    </Box>
  );
}

/** The frame of one onboarding step: the steps, a title, and the step's content in a card. */
export function OnboardingStep({
  step,
  title,
  description,
  children,
}: {
  step: StepId;
  title: string;
  description?: ReactNode;
  children: ReactNode;
}) {
  useDocumentTitle(title);
  const { workspace } = useSession();
  return (
    <Stack w="100%" maw={560} gap="lg">
      <Center>
        <Brand size="lg" />
      </Center>
      <StepList current={step} />
      <Paper withBorder shadow="sm" radius="lg" p={{ base: 'lg', sm: 32 }}>
        <Stack gap={4} mb="lg">
          <Text size="xs" fw={700} c="indigo.7" tt="uppercase" lts={0.6}>
            {workspace.name}
          </Text>
          <Title order={1} fz={24} fw={700}>
            {title}
          </Title>
          {description ? (
            <Text c="dimmed" size="sm">
              {description}
            </Text>
          ) : null}
        </Stack>
        {children}
      </Paper>
    </Stack>
  );
}

/** /onboarding: wherever the person is in their steps. */
export function OnboardingIndex() {
  const { next } = useSession().onboarding;
  return <Navigate to={next === 'profile' || next === 'tour' ? `/onboarding/${next}` : '/'} replace />;
}

/** The signed-in pages of onboarding, without the app's navigation: one step at a time. */
export function OnboardingLayout() {
  const me = useMeQuery();
  let content: ReactNode;
  if (me.isPending || (me.isError && isApiError(me.error, 'unauthenticated'))) {
    content = (
      <Group gap="sm" role="status" aria-live="polite">
        <Loader size="sm" />
        <Text c="dimmed">Loading…</Text>
      </Group>
    );
  } else if (me.isError) {
    content = (
      <Box maw={520} w="100%">
        <QueryError error={me.error} title="SalesOS could not load your workspace" onRetry={() => me.refetch()} />
      </Box>
    );
  } else {
    content = (
      <SessionProvider me={me.data}>
        <Outlet />
      </SessionProvider>
    );
  }
  return (
    <Box
      component="main"
      id="main"
      mih="100vh"
      py={40}
      px="md"
      style={{
        background:
          'radial-gradient(1200px 600px at 50% -10%, var(--mantine-color-indigo-1), transparent 70%), var(--mantine-color-gray-0)',
      }}
    >
      <Center>{content}</Center>
    </Box>
  );
}
