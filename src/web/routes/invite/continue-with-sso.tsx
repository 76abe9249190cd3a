import { Alert, Button, Divider, Stack, Text } from '@mantine/core';
import type { InvitationSummary } from '../../../shared/api/invitations';
import { ssoStartUrl } from '../../api/sso';
import { IconShield } from '../../components/icons';

/** True when this invitation can only be accepted with SSO: the password form is not offered. */
export function ssoOnly(invitation: InvitationSummary): boolean {
  return invitation.ssoRequired;
}

/**
 * "Continue with SSO" on the invitation page, when the workspace has single sign-on. A page
 * navigation: the server sends the browser to the identity provider, which must confirm the
 * invited email, and then into SalesOS, signed in.
 */
export function ContinueWithSso({ token, invitation }: { token: string; invitation: InvitationSummary }) {
  if (!invitation.sso) return null;
  const only = ssoOnly(invitation);
  return (
    <Stack gap="md" mb={only ? 0 : 'md'}>
      {only ? (
        <Alert color="indigo" variant="light" title="Your workspace uses single sign-on">
          Continue with your company account. It must use the email {invitation.email}.
        </Alert>
      ) : null}
      <Button
        component="a"
        href={ssoStartUrl({ workspaceId: invitation.workspace.id, invitationToken: token })}
        // The link holds the token: never sent on as a referrer.
        rel="noreferrer"
        size="md"
        variant={only ? 'filled' : 'default'}
        leftSection={<IconShield size={18} />}
        fullWidth
      >
        Continue with SSO
      </Button>
      {only ? (
        <Text size="xs" c="dimmed" ta="center">
          Your identity provider must confirm {invitation.email}.
        </Text>
      ) : (
        <Divider
          label={
            invitation.accountSignIn === 'password'
              ? 'or sign in with your password'
              : invitation.accountExists
                ? 'or set a password first'
                : 'or set a password'
          }
          labelPosition="center"
        />
      )}
    </Stack>
  );
}
