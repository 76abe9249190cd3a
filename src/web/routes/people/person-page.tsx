import { Avatar, Badge, Button, Group, Paper, Skeleton, Stack, Text, Title } from '@mantine/core';
import { useQuery } from '@tanstack/react-query';
import { Link, useLocation, useNavigate, useParams } from 'react-router';
import { ROLE_LABELS } from '../../../shared/roles';
import { isApiError } from '../../api/client';
import { fetchPerson } from '../../api/people';
import { queryKeys } from '../../api/query-keys';
import { IconArrowLeft } from '../../components/icons';
import { QueryError } from '../../components/query-error';
import { useDocumentTitle } from '../../hooks/use-document-title';
import { formatDate, initials } from '../../lib/format';

/** Back where the reader came from (a mention in #general, most often); a page opened directly goes to #general. */
function BackButton() {
  const navigate = useNavigate();
  const location = useLocation();
  const hasHistory = location.key !== 'default';
  return hasHistory ? (
    <Button variant="subtle" size="compact-sm" leftSection={<IconArrowLeft size={16} />} onClick={() => navigate(-1)}>
      Back
    </Button>
  ) : (
    <Button
      component={Link}
      to="/chat/general"
      variant="subtle"
      size="compact-sm"
      leftSection={<IconArrowLeft size={16} />}
    >
      Back to #general
    </Button>
  );
}

/** /people/:id: a member of the workspace as every member sees them. */
export function PersonPage() {
  const { id = '' } = useParams();
  const person = useQuery({ queryKey: queryKeys.people.one(id), queryFn: ({ signal }) => fetchPerson(id, signal) });
  useDocumentTitle(person.data?.name ?? 'Person');

  return (
    <Stack gap="md" maw={720}>
      <Group>
        <BackButton />
      </Group>
      {person.isPending ? (
        <Skeleton h={160} radius="md" aria-label="Loading this person" />
      ) : person.isError ? (
        isApiError(person.error, 'not_found') ? (
          <Paper withBorder radius="md" p="xl">
            <Title order={1} fz="h3" mb="xs">
              Person not found
            </Title>
            <Text c="dimmed">
              Nobody active in this workspace has this address: they may have left, or the link is from another
              workspace.
            </Text>
          </Paper>
        ) : (
          <QueryError error={person.error} onRetry={() => person.refetch()} />
        )
      ) : (
        <Paper withBorder radius="md" p="xl" component="article" aria-labelledby="person-name">
          <Group gap="xl" wrap="nowrap" align="center">
            <Avatar src={person.data.photoUrl} alt="" radius={999} size={112} color="indigo">
              {initials(person.data.name)}
            </Avatar>
            <Stack gap={6} miw={0}>
              <Title id="person-name" order={1} fz={26} fw={700} style={{ overflowWrap: 'anywhere' }}>
                {person.data.name}
              </Title>
              <Group gap="xs">
                <Badge variant="light" radius="sm" tt="none" fw={600}>
                  {ROLE_LABELS[person.data.role]}
                </Badge>
              </Group>
              <Text size="sm">
                {person.data.team ? (
                  <>
                    Team: <strong>{person.data.team.name}</strong>
                  </>
                ) : (
                  <Text span c="dimmed" inherit>
                    No team
                  </Text>
                )}
              </Text>
              {person.data.joinedAt ? (
                <Text size="sm" c="dimmed">
                  Joined <time dateTime={person.data.joinedAt}>{formatDate(person.data.joinedAt)}</time>
                </Text>
              ) : null}
            </Stack>
          </Group>
        </Paper>
      )}
    </Stack>
  );
}
