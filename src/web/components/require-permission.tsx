import { Paper, Text } from '@mantine/core';
import type { ReactNode } from 'react';
import { errorMessage } from '../../shared/errors';
import { authorize, type Permission } from '../../shared/permissions';
import { PageHeader } from './page-header';
import { useSession } from './session-context';

/** Shows its children only to roles that hold the permission; others read why not. */
export function RequirePermission({ permission, children }: { permission: Permission; children: ReactNode }) {
  const { user } = useSession();
  if (authorize(user.role, permission)) return <>{children}</>;
  return (
    <>
      <PageHeader title="Admin" />
      <Paper withBorder radius="md" p="xl">
        <Text>{errorMessage('forbidden')} Only workspace admins can open the Admin panel.</Text>
      </Paper>
    </>
  );
}
