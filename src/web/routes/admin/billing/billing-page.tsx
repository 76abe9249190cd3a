import {
  Alert,
  Badge,
  Button,
  Code,
  Group,
  Paper,
  Radio,
  SimpleGrid,
  Skeleton,
  Stack,
  Text,
  ThemeIcon,
  Title,
} from '@mantine/core';
import { notifications } from '@mantine/notifications';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { useEffect, useState } from 'react';
import type { Billing, BillingPlan } from '../../../../shared/api/billing';
import type { PlanId } from '../../../../shared/plans';
import { changePlan, fetchBilling } from '../../../api/billing';
import { errorText } from '../../../api/client';
import { queryKeys } from '../../../api/query-keys';
import { IconAlertCircle, IconCreditCard, IconInfo } from '../../../components/icons';
import { PageHeader } from '../../../components/page-header';
import { QueryError } from '../../../components/query-error';
import { SeatUsage } from '../../../components/seat-usage';
import { useSession } from '../../../components/session-context';
import { plural } from '../../../lib/format';

function seatsText(plan: BillingPlan): string {
  return plan.seatLimit === null ? 'Unlimited seats' : `Up to ${plural(plan.seatLimit, 'seat')}`;
}

function CurrentPlan({ billing }: { billing: Billing }) {
  const { plan, seats } = billing;
  return (
    <Paper withBorder radius="md" p="lg" component="section" aria-labelledby="current-plan-heading">
      <Group justify="space-between" align="flex-start" mb="lg" wrap="nowrap">
        <Group gap="md" wrap="nowrap">
          <ThemeIcon size={44} radius="md" variant="light" color="indigo" aria-hidden="true">
            <IconCreditCard size={24} />
          </ThemeIcon>
          <div>
            <Text id="current-plan-heading" size="xs" tt="uppercase" fw={700} c="dimmed" lts={0.6}>
              Current plan
            </Text>
            <Title order={2} fz={22} fw={700} data-testid="current-plan-name">
              {plan.name}
            </Title>
          </div>
        </Group>
        <Badge variant="light" color="indigo" size="lg" radius="sm" tt="none">
          {seatsText(plan)}
        </Badge>
      </Group>
      <Text size="sm" fw={600} mb={8}>
        Seats used: {seats.used.toLocaleString()}
        {plan.seatLimit === null ? '' : ` of ${plan.seatLimit.toLocaleString()}`}
      </Text>
      <SeatUsage active={seats.active} pending={seats.pending} limit={plan.seatLimit} size="lg" />
      <Text size="xs" c="dimmed" mt="md">
        Active users and pending invitations use a seat. Deactivated users, expired and revoked invitations do not.
      </Text>
    </Paper>
  );
}

/** A plan's name, seats and whether it is the current one or too small, in the chooser or the read-only list. */
function PlanSummary({ billing, plan }: { billing: Billing; plan: BillingPlan }) {
  const current = plan.id === billing.plan.id;
  const tooSmall = plan.seatLimit !== null && plan.seatLimit < billing.seats.used;
  return (
    <Stack gap={2}>
      <Group gap={6}>
        <Text fw={700}>{plan.name}</Text>
        {current ? (
          <Badge size="xs" variant="light" color="teal">
            Current
          </Badge>
        ) : null}
      </Group>
      <Text size="sm" c="dimmed">
        {seatsText(plan)}
      </Text>
      {tooSmall && !current ? (
        <Text size="xs" c="orange.8">
          Too small: {billing.seats.used} seats are in use
        </Text>
      ) : null}
    </Stack>
  );
}

/**
 * PLAN_CHANGES=operator: the plans without the controls, and who can change the plan and how,
 * with the workspace id the operator's command needs.
 */
function PlanList({ billing }: { billing: Billing }) {
  const { workspace } = useSession();
  return (
    <Paper withBorder radius="md" p="lg" component="section" aria-labelledby="plan-list-heading">
      <Title id="plan-list-heading" order={2} fz="md" fw={600} mb="md">
        Plans
      </Title>
      <Alert
        color="blue"
        variant="light"
        icon={<IconInfo />}
        title="Plan changes are made by the person who runs SalesOS"
        mb="md"
      >
        <Text size="sm">
          To move this workspace to another plan, ask them to run{' '}
          <Code>{`npm run plan -- ${workspace.id} <plan>`}</Code> on the server.
        </Text>
      </Alert>
      <SimpleGrid
        cols={{ base: 1, xs: 2, md: 4 }}
        spacing="sm"
        component="ul"
        style={{ listStyle: 'none', padding: 0, margin: 0 }}
      >
        {billing.plans.map((plan) => (
          <Paper
            key={plan.id}
            component="li"
            withBorder
            radius="md"
            p="md"
            aria-current={plan.id === billing.plan.id || undefined}
          >
            <PlanSummary billing={billing} plan={plan} />
          </Paper>
        ))}
      </SimpleGrid>
    </Paper>
  );
}

function PlanChooser({ billing }: { billing: Billing }) {
  const queryClient = useQueryClient();
  const [selected, setSelected] = useState<PlanId>(billing.plan.id);
  const currentId = billing.plan.id;

  useEffect(() => setSelected(currentId), [currentId]);

  const mutation = useMutation({
    mutationFn: changePlan,
    onSuccess: async (answer) => {
      queryClient.setQueryData(queryKeys.billing.all, answer);
      notifications.show({ color: 'teal', message: `Your workspace is now on the ${answer.plan.name} plan.` });
      await Promise.all([
        queryClient.invalidateQueries({ queryKey: queryKeys.users.all }),
        queryClient.invalidateQueries({ queryKey: queryKeys.me.all }),
      ]);
    },
  });

  const selectedPlan = billing.plans.find((plan) => plan.id === selected);

  return (
    <Paper withBorder radius="md" p="lg" component="section" aria-labelledby="plan-chooser-heading">
      <Title id="plan-chooser-heading" order={2} fz="md" fw={600} mb={4}>
        Change plan
      </Title>
      <Text size="sm" c="dimmed" mb="md">
        A plan change takes effect at once. No payment details are needed.
      </Text>
      <form
        onSubmit={(event) => {
          event.preventDefault();
          if (selected !== currentId) mutation.mutate(selected);
        }}
      >
        <Radio.Group
          value={selected}
          onChange={(value) => {
            mutation.reset();
            setSelected(value as PlanId);
          }}
          label="Choose a plan"
          labelProps={{ mb: 'xs' }}
        >
          <SimpleGrid cols={{ base: 1, xs: 2, md: 4 }} spacing="sm">
            {billing.plans.map((plan) => (
              <Radio.Card key={plan.id} value={plan.id} radius="md" p="md" className="plan-card">
                <Group wrap="nowrap" align="flex-start" gap="sm">
                  <Radio.Indicator mt={2} />
                  <PlanSummary billing={billing} plan={plan} />
                </Group>
              </Radio.Card>
            ))}
          </SimpleGrid>
        </Radio.Group>

        {mutation.isError ? (
          <Alert
            mt="md"
            color="red"
            variant="light"
            icon={<IconAlertCircle />}
            title="The plan was not changed"
            role="alert"
          >
            {errorText(mutation.error)}
          </Alert>
        ) : null}

        <Group justify="space-between" mt="lg" gap="sm">
          <Group gap={6} c="dimmed" wrap="nowrap">
            <IconInfo size={16} />
            <Text size="xs">Each invitation counts toward your plan’s user limit.</Text>
          </Group>
          <Button type="submit" loading={mutation.isPending} disabled={selected === currentId}>
            {selected === currentId || !selectedPlan ? 'Change plan' : `Change to ${selectedPlan.name}`}
          </Button>
        </Group>
      </form>
    </Paper>
  );
}

export function BillingPage() {
  const query = useQuery({ queryKey: queryKeys.billing.all, queryFn: ({ signal }) => fetchBilling(signal) });

  return (
    <>
      <PageHeader
        title="Billing"
        description="Your plan sets how many people can use this workspace. Check it here before you send invitations."
      />
      {query.isPending ? (
        <Stack gap="lg">
          <Skeleton h={190} radius="md" />
          <Skeleton h={260} radius="md" />
        </Stack>
      ) : query.isError ? (
        <QueryError error={query.error} onRetry={() => query.refetch()} />
      ) : (
        <Stack gap="lg">
          <CurrentPlan billing={query.data} />
          {query.data.planChanges === 'operator' ? (
            <PlanList billing={query.data} />
          ) : (
            <PlanChooser billing={query.data} />
          )}
        </Stack>
      )}
    </>
  );
}
