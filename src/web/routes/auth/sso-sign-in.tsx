import { Button, Divider, Stack, Text, TextInput } from '@mantine/core';
import { useState } from 'react';
import { useSearchParams } from 'react-router';
import type { Ref } from '../../../shared/api/common';
import { isApiError } from '../../api/client';
import { ssoStartUrl } from '../../api/sso';
import { IconShield } from '../../components/icons';

const REMEMBERED = 'salesos.sso-workspace';

/** The workspaces a refused password sign-in (`sso_required`) named: they are entered with SSO. */
function ssoWorkspacesOf(error: unknown): Ref[] {
  if (!isApiError(error, 'sso_required')) return [];
  const list = error.extra.ssoWorkspaces;
  if (!Array.isArray(list)) return [];
  return list.flatMap((item: unknown) => {
    if (typeof item !== 'object' || item === null) return [];
    const { id, name } = item as Record<string, unknown>;
    return typeof id === 'string' && typeof name === 'string' ? [{ id, name }] : [];
  });
}

function remembered(): string {
  try {
    return window.localStorage.getItem(REMEMBERED) ?? '';
  } catch {
    return '';
  }
}

/**
 * "Sign in with SSO" on the sign-in page. SSO belongs to a workspace, so the person says which:
 * the link an admin shares (`/login?workspace=…` or the direct start link) fills it in, this
 * browser remembers the last one, and a password refused with `sso_required` offers the
 * workspaces it named. The form is a plain GET navigation to the server, which redirects to the
 * identity provider.
 */
export function SsoSignIn({ loginError }: { loginError: unknown }) {
  const [params] = useSearchParams();
  const fromLink = params.get('workspace') ?? '';
  const [open, setOpen] = useState(fromLink !== '');
  const [workspaceId, setWorkspaceId] = useState(() => fromLink || remembered());
  const required = ssoWorkspacesOf(loginError);

  return (
    <Stack gap="sm" mt="lg">
      <Divider label="or" labelPosition="center" />
      {required.map((workspace) => (
        <Button
          key={workspace.id}
          component="a"
          href={ssoStartUrl({ workspaceId: workspace.id })}
          variant="filled"
          leftSection={<IconShield size={16} />}
          fullWidth
        >
          Sign in with SSO to {workspace.name}
        </Button>
      ))}
      {open ? (
        <form
          method="get"
          action="/auth/sso/start"
          onSubmit={() => {
            try {
              window.localStorage.setItem(REMEMBERED, workspaceId.trim());
            } catch {
              // Private windows may refuse storage: the form works without it.
            }
          }}
        >
          <Stack gap="sm">
            <TextInput
              label="Workspace ID"
              name="workspace"
              description="Your admin's SSO sign-in link fills this in. It is shown in Admin > Security."
              required
              autoComplete="off"
              value={workspaceId}
              onChange={(event) => setWorkspaceId(event.currentTarget.value)}
            />
            <Button type="submit" variant="default" leftSection={<IconShield size={16} />} fullWidth>
              Continue with SSO
            </Button>
          </Stack>
        </form>
      ) : required.length === 0 ? (
        <Button variant="default" leftSection={<IconShield size={16} />} fullWidth onClick={() => setOpen(true)}>
          Sign in with SSO
        </Button>
      ) : null}
      {required.length > 0 ? (
        <Text size="xs" c="dimmed" ta="center">
          Your workspace requires single sign-on for your role.
        </Text>
      ) : null}
    </Stack>
  );
}
