import { Anchor, Button, Stack, Text, TextInput } from '@mantine/core';
import { useForm } from '@mantine/form';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { useState } from 'react';
import { Link, useNavigate, useParams } from 'react-router';
import type { ResetLookup } from '../../../shared/api/account-recovery';
import { errorMessage } from '../../../shared/errors';
import { lookupPasswordReset, resetPassword } from '../../api/account';
import { isApiError } from '../../api/client';
import { queryKeys } from '../../api/query-keys';
import { AuthLayout } from '../../components/auth-layout';
import { AuthLayoutLoading } from '../../components/auth-layout-loading';
import { FormErrorAlert } from '../../components/form-error-alert';
import { PasswordField } from '../../components/password-field';
import { QueryError } from '../../components/query-error';
import { applyApiError } from '../../lib/form-errors';
import { formatDateTime, formatWait } from '../../lib/format';
import { loadPasswordPolicy } from '../../lib/password-policy-loader';
import { DeadLinkStatus } from './link-status';

/** The link cannot be used: spent, superseded by a newer one, expired, or not a link at all. */
function isDeadLink(error: unknown): boolean {
  return isApiError(error, 'token_invalid') || isApiError(error, 'validation_failed');
}

function DeadLink() {
  return (
    <DeadLinkStatus
      actions={
        <Button component={Link} to="/forgot-password" size="md" fullWidth>
          Request a new link
        </Button>
      }
      footer={
        <>
          Remembered your password?{' '}
          <Anchor component={Link} to="/login" fw={600}>
            Sign in
          </Anchor>
        </>
      }
    >
      <Text>This password reset link has already been used, has expired, or a newer one was sent.</Text>
      <Text size="sm" c="dimmed">
        Reset links work once, for one hour, and only the latest one you asked for works.
      </Text>
    </DeadLinkStatus>
  );
}

function ResetForm({ token, reset, onDead }: { token: string; reset: ResetLookup; onDead: () => void }) {
  const navigate = useNavigate();
  const queryClient = useQueryClient();
  const [formError, setFormError] = useState<string | null>(null);
  const form = useForm({
    mode: 'controlled',
    initialValues: { password: '' },
    validate: { password: (value: string) => (value ? null : 'Choose a new password.') },
  });
  const context = { name: reset.name, email: reset.email };

  const mutation = useMutation({
    mutationFn: resetPassword,
    onSuccess: () => {
      // Every session of the account has ended, this browser's included: start clean.
      queryClient.clear();
      navigate('/login', {
        replace: true,
        state: {
          email: reset.email,
          notice: 'Your password has been changed and you were signed out everywhere. Sign in with your new password.',
        },
      });
    },
    onError: (error) => {
      if (isApiError(error, 'token_invalid')) {
        onDead();
        return;
      }
      if (isApiError(error, 'rate_limited')) {
        const wait = error.retryAfter ? ` You can try again in ${formatWait(error.retryAfter)}.` : '';
        setFormError(`${errorMessage('rate_limited')}${wait}`);
        return;
      }
      setFormError(applyApiError(form, error, { fields: ['password'], codeFields: { weak_password: 'password' } }));
    },
  });

  const handleSubmit = form.onSubmit(async (values) => {
    setFormError(null);
    const verdict = await loadPasswordPolicy()
      .then((policy) => policy.checkPassword(values.password, context))
      .catch(() => null);
    if (verdict && !verdict.ok) {
      form.setFieldError('password', verdict.reason);
      return;
    }
    mutation.mutate({ token, password: values.password });
  });

  const expires = formatDateTime(reset.expiresAt);

  return (
    <form onSubmit={handleSubmit} noValidate>
      <Stack gap="md">
        <FormErrorAlert error={formError} />
        <TextInput label="Email" value={reset.email} readOnly variant="filled" autoComplete="username" />
        <PasswordField
          label="New password"
          autoComplete="new-password"
          required
          data-autofocus
          context={context}
          {...form.getInputProps('password')}
        />
        <Text size="sm" c="dimmed">
          You will be signed out on every device, then sign in again with the new password.
        </Text>
        <Button type="submit" size="md" loading={mutation.isPending} fullWidth>
          {reset.hasPassword ? 'Change password' : 'Set password'}
        </Button>
        {expires ? (
          <Text size="xs" c="dimmed" ta="center">
            This link expires on {expires}.
          </Text>
        ) : null}
      </Stack>
    </form>
  );
}

/** /reset-password/:token: the page a reset email links to. The token goes only into request bodies. */
export function ResetPasswordPage() {
  const { token = '' } = useParams();
  const [dead, setDead] = useState(false);
  const lookup = useQuery({
    // Kept only while the page is open (gcTime 0): the token stays in memory, nowhere else.
    queryKey: queryKeys.passwordResetLookup.one(token),
    queryFn: ({ signal }) => lookupPasswordReset(token, signal),
    staleTime: Number.POSITIVE_INFINITY,
    gcTime: 0,
    refetchOnWindowFocus: false,
  });

  if (dead || isDeadLink(lookup.error)) return <DeadLink />;

  if (lookup.isPending) {
    return <AuthLayoutLoading title="Choose a new password" message="Opening your link…" />;
  }

  if (lookup.isError) {
    return (
      <AuthLayout title="Choose a new password">
        <QueryError error={lookup.error} title="The link could not be opened" onRetry={() => lookup.refetch()} />
      </AuthLayout>
    );
  }

  const reset = lookup.data;
  return (
    <AuthLayout
      title={reset.hasPassword ? 'Choose a new password' : 'Set a password'}
      subtitle={`For the SalesOS account of ${reset.name}.`}
    >
      <ResetForm token={token} reset={reset} onDead={() => setDead(true)} />
    </AuthLayout>
  );
}
