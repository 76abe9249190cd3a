import {
  ActionIcon,
  Alert,
  Button,
  Code,
  CopyButton,
  Group,
  Paper,
  PasswordInput,
  Stack,
  Switch,
  Text,
  TextInput,
  Title,
  Tooltip,
} from '@mantine/core';
import { useForm } from '@mantine/form';
import { notifications } from '@mantine/notifications';
import { useMutation, useQueryClient } from '@tanstack/react-query';
import { useState } from 'react';
import type { SsoSettingsView } from '../../../../shared/api/sso';
import { queryKeys } from '../../../api/query-keys';
import { saveSsoSettings } from '../../../api/sso';
import { FormErrorAlert } from '../../../components/form-error-alert';
import { IconAlertCircle, IconCheck, IconFileText } from '../../../components/icons';
import { applyApiError } from '../../../lib/form-errors';

type Values = {
  issuer: string;
  clientId: string;
  clientSecret: string;
  enabled: boolean;
  requireForNonAdmins: boolean;
};

function valuesOf(settings: SsoSettingsView): Values {
  return {
    issuer: settings.issuer ?? '',
    clientId: settings.clientId ?? '',
    clientSecret: '',
    enabled: settings.enabled,
    requireForNonAdmins: settings.requireForNonAdmins,
  };
}

/** A value to copy into the provider's console, with a copy button. */
function CopyableValue({ label, value, id }: { label: string; value: string; id: string }) {
  return (
    <Stack gap={4}>
      <Text size="sm" fw={500} id={id}>
        {label}
      </Text>
      <Group gap="xs" wrap="nowrap">
        <Code block aria-labelledby={id} style={{ flex: 1, overflowWrap: 'anywhere' }}>
          {value}
        </Code>
        <CopyButton value={value}>
          {({ copied, copy }) => (
            <Tooltip label={copied ? 'Copied' : 'Copy'} withArrow>
              <ActionIcon
                variant="subtle"
                color={copied ? 'teal' : 'gray'}
                onClick={copy}
                aria-label={`Copy the ${label.toLowerCase()}`}
              >
                {copied ? <IconCheck size={16} /> : <IconFileText size={16} />}
              </ActionIcon>
            </Tooltip>
          )}
        </CopyButton>
      </Group>
    </Stack>
  );
}

/** Admin > Security: the workspace's OpenID Connect provider. */
export function SsoSettingsForm({ settings }: { settings: SsoSettingsView }) {
  const queryClient = useQueryClient();
  const [formError, setFormError] = useState<string | null>(null);
  const form = useForm<Values>({
    mode: 'controlled',
    initialValues: valuesOf(settings),
    validate: {
      issuer: (value) => (value.trim() ? null : 'Enter the issuer URL of your identity provider.'),
      clientId: (value) => (value.trim() ? null : 'Enter the client ID.'),
      clientSecret: (value, values) =>
        values.enabled && !value && !settings.clientSecretSet ? 'Enter the client secret.' : null,
    },
  });

  const mutation = useMutation({
    mutationFn: saveSsoSettings,
    onSuccess: (saved) => {
      // The page re-creates the form from the saved settings (its key is `updatedAt`).
      queryClient.setQueryData(queryKeys.sso.all, saved);
      notifications.show({
        color: 'teal',
        message: saved.enabled ? 'Single sign-on is on.' : 'Single sign-on settings saved.',
      });
    },
    onError: (error) => {
      setFormError(
        applyApiError(form, error, {
          fields: ['issuer', 'clientId', 'clientSecret', 'enabled', 'requireForNonAdmins'],
          codeFields: { sso_discovery_failed: 'issuer' },
        }),
      );
    },
  });

  const handleSubmit = form.onSubmit((values) => {
    setFormError(null);
    mutation.mutate({
      enabled: values.enabled,
      issuer: values.issuer.trim(),
      clientId: values.clientId.trim(),
      requireForNonAdmins: values.requireForNonAdmins,
      ...(values.clientSecret ? { clientSecret: values.clientSecret } : {}),
    });
  });

  return (
    <Stack gap="lg">
      <Paper withBorder radius="md" p="lg" component="section" aria-labelledby="sso-provider-heading">
        <Title id="sso-provider-heading" order={2} fz="md" fw={600} mb={4}>
          Single sign-on (OpenID Connect)
        </Title>
        <Text size="sm" c="dimmed" mb="md">
          People sign in with your identity provider (Okta, Microsoft Entra ID, Google Workspace, Keycloak…). An invited
          person can accept with SSO when the provider confirms the invited email.
        </Text>
        {!settings.canSave ? (
          <Alert color="orange" variant="light" icon={<IconAlertCircle />} mb="md" title="Settings cannot be saved">
            This server has no SECRETS_KEY, which keeps the client secret encrypted. Ask the person who runs SalesOS to
            set it.
          </Alert>
        ) : null}
        <form onSubmit={handleSubmit} noValidate>
          <Stack gap="md">
            <FormErrorAlert error={formError} />
            <TextInput
              label="Issuer URL"
              description="The provider's issuer, e.g. https://login.example.com. SalesOS checks it by OpenID Connect discovery when you save."
              placeholder="https://"
              autoComplete="off"
              required
              {...form.getInputProps('issuer')}
            />
            <TextInput label="Client ID" autoComplete="off" required {...form.getInputProps('clientId')} />
            <PasswordInput
              label="Client secret"
              description={
                settings.clientSecretSet
                  ? 'A secret is saved. Leave this empty to keep it, or enter a new one to replace it.'
                  : 'Shown once by your provider when you create the client.'
              }
              autoComplete="new-password"
              required={!settings.clientSecretSet}
              {...form.getInputProps('clientSecret')}
            />
            <Switch
              label="Require SSO for everyone but admins"
              description="Managers and sales reps can no longer sign in or accept invitations with a password here. Admins keep their password, so nobody is locked out if the provider fails."
              {...form.getInputProps('requireForNonAdmins', { type: 'checkbox' })}
            />
            <Switch
              label="Enable single sign-on"
              description="Shows Continue with SSO on invitations to this workspace and lets members sign in with SSO."
              {...form.getInputProps('enabled', { type: 'checkbox' })}
            />
            <Group>
              <Button type="submit" loading={mutation.isPending} disabled={!settings.canSave}>
                Save
              </Button>
            </Group>
          </Stack>
        </form>
      </Paper>

      <Paper withBorder radius="md" p="lg" component="section" aria-labelledby="sso-provider-setup-heading">
        <Title id="sso-provider-setup-heading" order={2} fz="md" fw={600} mb="md">
          At your identity provider
        </Title>
        <Stack gap="md">
          <Text size="sm">
            Create a web application (confidential client, authorization code flow) with the scopes openid, email and
            profile, and register this redirect URI:
          </Text>
          <CopyableValue id="sso-redirect-uri" label="Redirect URI" value={settings.redirectUri} />
          <CopyableValue id="sso-sign-in-link" label="SSO sign-in link for your team" value={settings.signInUrl} />
          <Text size="xs" c="dimmed">
            People who already have a password connect their account once: signed in with their password, they sign in
            with SSO, and the provider must confirm the same email. Until everyone has, keep passwords allowed.
          </Text>
        </Stack>
      </Paper>
    </Stack>
  );
}
