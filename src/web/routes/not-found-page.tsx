import { Anchor, Paper, Text } from '@mantine/core';
import { Link } from 'react-router';
import { PageHeader } from '../components/page-header';

export function NotFoundPage() {
  return (
    <>
      <PageHeader title="Page not found" />
      <Paper withBorder radius="md" p="xl">
        <Text>
          There is no page at this address.{' '}
          <Anchor component={Link} to="/">
            Go to the dashboard
          </Anchor>
          .
        </Text>
      </Paper>
    </>
  );
}
