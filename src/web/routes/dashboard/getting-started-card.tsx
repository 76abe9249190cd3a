import { Anchor, Box, Group, Text, ThemeIcon } from '@mantine/core';
import { Link } from 'react-router';
import type { MyChallenge } from '../../../shared/api/challenges';
import { CHALLENGE_STEP_LINKS, type ChallengeStep } from '../../../shared/challenges';
import { IconBriefcase, IconFlag, IconHash, IconTarget, IconUsers } from '../../components/icons';
import { GuideLink } from '../guide/guide-link';
import { ChallengeProgress } from './challenge-progress';
import { Card, type DashboardIcon, ItemRow } from './dashboard-card';

/**
 * The first actions of the Getting Started catalogue, in its order, shown as advice while no
 * challenge is running; each links to where it is done.
 */
const FIRST_STEPS: { step: ChallengeStep; title: string; hint: string; icon: DashboardIcon }[] = [
  {
    step: 'complete_profile',
    title: 'Complete your profile',
    hint: 'Add your photo and phone number so teammates know you.',
    icon: IconUsers,
  },
  { step: 'finish_tour', title: 'Take the tour', hint: 'A short guided tour of the main features.', icon: IconFlag },
  { step: 'post_in_general', title: 'Post in #general', hint: 'Say hello to your team.', icon: IconHash },
  { step: 'create_lead', title: 'Create a lead', hint: 'Add a person or company you may sell to.', icon: IconTarget },
  {
    step: 'create_deal',
    title: 'Create a deal',
    hint: 'Track an opportunity from qualification to won.',
    icon: IconBriefcase,
  },
];

export function GettingStarted({ challenge }: { challenge: MyChallenge | null }) {
  if (challenge) {
    return (
      <Card id="getting-started" title="Getting Started" icon={IconFlag}>
        <ChallengeProgress challenge={challenge} />
        <GuideLink />
      </Card>
    );
  }
  // `challenge` and `guide` are null until those features exist: these first steps stand in for them.
  return (
    <Card id="getting-started" title="Getting Started" icon={IconFlag}>
      <Text size="sm" c="dimmed" mb="sm">
        No Getting Started challenge is running yet. These first actions get you going in SalesOS:
      </Text>
      <Box component="ol" m={0} p={0} style={{ listStyle: 'none' }}>
        {FIRST_STEPS.map((step) => {
          const StepIcon = step.icon;
          return (
            <ItemRow key={step.title}>
              <Group gap="sm" wrap="nowrap" align="flex-start">
                <ThemeIcon size={28} radius="xl" variant="light" color="gray" aria-hidden="true">
                  <StepIcon size={16} />
                </ThemeIcon>
                <Box>
                  <Anchor component={Link} to={CHALLENGE_STEP_LINKS[step.step]} size="sm" fw={600} display="block">
                    {step.title}
                  </Anchor>
                  <Text size="xs" c="dimmed">
                    {step.hint}
                  </Text>
                </Box>
              </Group>
            </ItemRow>
          );
        })}
      </Box>
      <GuideLink />
    </Card>
  );
}
