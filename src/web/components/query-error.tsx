import { Alert, Button, Group, Text } from '@mantine/core';
import { errorText } from '../api/client';
import { IconAlertCircle } from './icons';

type QueryErrorProps = { error: unknown; onRetry?: () => void; title?: string };

export function QueryError({ error, onRetry, title = 'This could not be loaded' }: QueryErrorProps) {
  return (
    <Alert color="red" variant="light" title={title} icon={<IconAlertCircle />} role="alert">
      <Group justify="space-between" align="center" gap="sm">
        <Text size="sm">{errorText(error)}</Text>
        {onRetry ? (
          <Button size="xs" variant="white" color="red" onClick={onRetry}>
            Try again
          </Button>
        ) : null}
      </Group>
    </Alert>
  );
}
