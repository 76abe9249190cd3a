import { Anchor, Text } from '@mantine/core';
import { Link } from 'react-router';

/** The dashboard's way to the Getting Started guide (the page says so when none is written yet). */
export function GuideLink() {
  return (
    <Text size="sm" mt="sm">
      New here? Read the{' '}
      <Anchor component={Link} to="/guide" fw={600}>
        Getting Started guide
      </Anchor>
      .
    </Text>
  );
}
