import { Button, Group, List, Stack, Text } from '@mantine/core';
import { useMutation } from '@tanstack/react-query';
import { useNavigate } from 'react-router';
import { authorize } from '../../../shared/permissions';
import { recordTour } from '../../api/onboarding';
import { FormErrorAlert } from '../../components/form-error-alert';
import { useSession } from '../../components/session-context';
import { START_TOUR_STATE, useStoreOnboarding } from '../../components/tour/tour-context';
import { OnboardingStep } from './onboarding-layout';

/** /onboarding/tour: the tour is offered once; taking it happens over the app itself. */
export function TourPage() {
  const { user } = useSession();
  const navigate = useNavigate();
  const storeOnboarding = useStoreOnboarding();
  const isAdmin = authorize(user.role, 'settings:manage');

  const skip = useMutation({
    mutationFn: () => recordTour('skipped'),
    onSuccess: (onboarding) => {
      storeOnboarding(onboarding);
      navigate('/', { replace: true });
    },
  });

  return (
    <OnboardingStep
      step="tour"
      title="Take a quick tour?"
      description="A one-minute look at where things are in SalesOS. It is optional, and you can take it later from the Help menu."
    >
      <Stack gap="lg">
        <FormErrorAlert error={skip.error} />
        <div>
          <Text size="sm" mb={6}>
            The tour shows you:
          </Text>
          <List size="sm" spacing={4}>
            <List.Item>your Dashboard, where you land every day;</List.Item>
            <List.Item>Deals and Leads, the records you work on;</List.Item>
            <List.Item>#general, the chat of the whole workspace;</List.Item>
            {isAdmin ? <List.Item>Admin, where people, teams and settings are managed;</List.Item> : null}
            <List.Item>the Help menu, to find the tour again.</List.Item>
          </List>
        </div>
        <Group justify="space-between">
          <Button variant="default" onClick={() => skip.mutate()} loading={skip.isPending}>
            Skip tour
          </Button>
          <Button onClick={() => navigate('/', { replace: true, state: START_TOUR_STATE })} disabled={skip.isPending}>
            Start tour
          </Button>
        </Group>
      </Stack>
    </OnboardingStep>
  );
}
