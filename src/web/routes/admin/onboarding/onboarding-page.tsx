import { Stack } from '@mantine/core';
import { PageHeader } from '../../../components/page-header';
import { ChallengeSection } from './challenge-section';
import { GuideSection } from './guide-section';
import { WelcomeMessageSection } from './welcome-message-section';

/** Admin > Onboarding: the helpers that get new people going, one section each. */
export function OnboardingSettingsPage() {
  return (
    <>
      <PageHeader title="Onboarding" description="Help new people find their feet in this workspace." />
      <Stack gap="lg">
        <ChallengeSection />
        <GuideSection />
        <WelcomeMessageSection />
      </Stack>
    </>
  );
}
