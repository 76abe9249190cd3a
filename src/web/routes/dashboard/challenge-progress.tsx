import { Anchor, Box, Group, Progress, Text, ThemeIcon, VisuallyHidden } from '@mantine/core';
import { Link } from 'react-router';
import type { MyChallenge } from '../../../shared/api/challenges';
import { CHALLENGE_STEP_LABELS, CHALLENGE_STEP_LINKS } from '../../../shared/challenges';
import { IconCheck } from '../../components/icons';
import { formatDate } from '../../lib/format';

/** The Getting Started card's content while a challenge is active: the person's own progress. */
export function ChallengeProgress({ challenge }: { challenge: MyChallenge }) {
  const total = challenge.steps.length;
  const doneCount = challenge.done.length;
  const percent = total ? Math.round((doneCount / total) * 100) : 0;
  return (
    <>
      <Text fw={600}>{challenge.name}</Text>
      <Group justify="space-between" gap="xs" mt={4} mb={6}>
        <Text size="sm" c="dimmed">
          {challenge.completedAt
            ? `All done on ${formatDate(challenge.completedAt)}. Well done!`
            : `${doneCount} of ${total} steps done`}
        </Text>
        {challenge.dueAt && !challenge.completedAt ? (
          <Text size="sm" c="dimmed">
            Due <time dateTime={challenge.dueAt}>{formatDate(challenge.dueAt)}</time>
          </Text>
        ) : null}
      </Group>
      <Progress
        value={percent}
        color="teal"
        mb="sm"
        aria-label={`Getting Started: ${doneCount} of ${total} steps done`}
      />
      <Box component="ol" m={0} p={0} style={{ listStyle: 'none' }}>
        {challenge.steps.map((step) => {
          const done = challenge.done.includes(step);
          return (
            <Box component="li" key={step} py={8} style={{ borderTop: '1px solid var(--mantine-color-gray-2)' }}>
              <Group gap="sm" wrap="nowrap">
                <ThemeIcon
                  size={24}
                  radius="xl"
                  variant={done ? 'filled' : 'light'}
                  color={done ? 'teal' : 'gray'}
                  aria-hidden="true"
                >
                  {done ? <IconCheck size={14} /> : null}
                </ThemeIcon>
                {done ? (
                  <Text size="sm" c="dimmed" td="line-through">
                    {CHALLENGE_STEP_LABELS[step]}
                    <VisuallyHidden> (done)</VisuallyHidden>
                  </Text>
                ) : (
                  <Anchor component={Link} to={CHALLENGE_STEP_LINKS[step]} size="sm" fw={600}>
                    {CHALLENGE_STEP_LABELS[step]}
                  </Anchor>
                )}
              </Group>
            </Box>
          );
        })}
      </Box>
    </>
  );
}
