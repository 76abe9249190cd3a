import { Anchor, Paper, Skeleton, Stack, Text, Title } from '@mantine/core';
import { useQuery } from '@tanstack/react-query';
import { Link } from 'react-router';
import { fetchGuide } from '../../api/guide';
import { queryKeys } from '../../api/query-keys';
import { QueryError } from '../../components/query-error';
import { formatDate } from '../../lib/format';
import { GuideHtml } from './guide-html';

/** /guide: the workspace's Getting Started guide, linked from the invitation email and the dashboard. */
export function GuidePage() {
  const guide = useQuery({ queryKey: queryKeys.guide.all, queryFn: ({ signal }) => fetchGuide(signal) });
  return (
    <Stack gap="md" maw={820}>
      <Title order={1} fz="h2">
        Getting Started guide
      </Title>
      {guide.isPending ? (
        <Skeleton h={240} aria-label="Loading the guide" />
      ) : guide.isError ? (
        <QueryError error={guide.error} onRetry={() => guide.refetch()} />
      ) : guide.data.html === '' ? (
        <Text c="dimmed">
          Your admin has not written a guide yet. Your{' '}
          <Anchor component={Link} to="/">
            dashboard
          </Anchor>{' '}
          lists good first steps.
        </Text>
      ) : (
        <Paper withBorder radius="md" p="lg" component="article">
          <GuideHtml html={guide.data.html} />
          {guide.data.updatedAt ? (
            <Text size="xs" c="dimmed" mt="md">
              Last updated {formatDate(guide.data.updatedAt)}
            </Text>
          ) : null}
        </Paper>
      )}
    </Stack>
  );
}
