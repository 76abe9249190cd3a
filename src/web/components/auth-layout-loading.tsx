import { Center, Group, Loader, Text } from '@mantine/core';
import { AuthLayout } from './auth-layout';

/** A page of the signed-out flow while its link is checked: the title stays, a status is announced. */
export function AuthLayoutLoading({ title, message }: { title: string; message: string }) {
  return (
    <AuthLayout title={title}>
      <Center py="lg" role="status" aria-live="polite">
        <Group gap="sm">
          <Loader size="sm" />
          <Text c="dimmed">{message}</Text>
        </Group>
      </Center>
    </AuthLayout>
  );
}
