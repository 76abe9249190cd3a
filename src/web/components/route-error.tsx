import { Button, Center, Paper, Stack, Text, Title } from '@mantine/core';
import { useRouteError } from 'react-router';
import { errorText, isApiError } from '../api/client';

/** Shown when a page fails unexpectedly; offers the one thing that helps: loading it again. */
export function RouteError() {
  const error = useRouteError();
  return (
    <Center mih="60vh" p="md">
      <Paper withBorder radius="md" p="xl" maw={520} w="100%">
        <Stack gap="sm">
          <Title order={1} fz={22}>
            Something went wrong
          </Title>
          <Text c="dimmed" role="alert">
            {isApiError(error) ? errorText(error) : 'This page ran into a problem. Reloading it usually helps.'}
          </Text>
          <Button onClick={() => window.location.reload()} w="fit-content">
            Reload the page
          </Button>
        </Stack>
      </Paper>
    </Center>
  );
}
