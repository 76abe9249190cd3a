import { Button, Skeleton, Stack } from '@mantine/core';
import { useQuery } from '@tanstack/react-query';
import { queryKeys } from '../../../api/query-keys';
import { fetchSsoSettings, ssoStartUrl } from '../../../api/sso';
import { IconShield } from '../../../components/icons';
import { PageHeader } from '../../../components/page-header';
import { QueryError } from '../../../components/query-error';
import { useSession } from '../../../components/session-context';
import { SsoSettingsForm } from './sso-settings-form';

/** Admin > Security: single sign-on with the workspace's OpenID Connect provider. */
export function SecurityPage() {
  const { workspace } = useSession();
  const settings = useQuery({ queryKey: queryKeys.sso.all, queryFn: ({ signal }) => fetchSsoSettings(signal) });

  return (
    <>
      <PageHeader
        title="Security"
        description="Let people sign in with your company's identity provider, and decide whether passwords are still allowed."
        actions={
          settings.data?.enabled ? (
            // A navigation, not an API call: the browser goes to the provider and comes back signed in.
            <Button
              component="a"
              href={ssoStartUrl({ workspaceId: workspace.id })}
              variant="default"
              leftSection={<IconShield size={16} />}
            >
              Test SSO with my account
            </Button>
          ) : null
        }
      />
      {settings.isPending ? (
        <Stack gap="md" aria-busy="true" aria-label="Loading the security settings">
          <Skeleton height={36} />
          <Skeleton height={36} />
          <Skeleton height={36} />
        </Stack>
      ) : settings.isError ? (
        <QueryError error={settings.error} onRetry={() => settings.refetch()} />
      ) : (
        <SsoSettingsForm key={settings.data.updatedAt ?? 'new'} settings={settings.data} />
      )}
    </>
  );
}
