import { Alert, Anchor, Button, PasswordInput, Stack, TextInput } from '@mantine/core';
import { useForm } from '@mantine/form';
import { useMutation, useQueryClient } from '@tanstack/react-query';
import { useEffect, useState } from 'react';
import { Link, useLocation, useNavigate, useSearchParams } from 'react-router';
import type { LoginInput } from '../../../shared/api/auth';
import { errorMessage } from '../../../shared/errors';
import { login } from '../../api/auth';
import { isApiError } from '../../api/client';
import { queryKeys } from '../../api/query-keys';
import { AuthLayout } from '../../components/auth-layout';
import { FormErrorAlert } from '../../components/form-error-alert';
import { IconCheck } from '../../components/icons';
import { applyApiError } from '../../lib/form-errors';
import { formatWait } from '../../lib/format';
import { safeNextPath } from '../../lib/safe-next-path';
import { validateEmail } from '../../lib/validators';
import { SsoSignIn } from './sso-sign-in';

function useSecondsUntil(deadline: number | null): number {
  const [now, setNow] = useState(() => Date.now());
  useEffect(() => {
    if (deadline === null) return;
    setNow(Date.now());
    const timer = window.setInterval(() => {
      const at = Date.now();
      setNow(at);
      if (at >= deadline) window.clearInterval(timer);
    }, 1000);
    return () => window.clearInterval(timer);
  }, [deadline]);
  return deadline === null ? 0 : Math.max(0, Math.ceil((deadline - now) / 1000));
}

/** What the page that sent the person here had to say (the reset page: "your password has been changed"). */
function arrivalOf(state: unknown): { email: string; notice: string | null } {
  const value = typeof state === 'object' && state !== null ? (state as Record<string, unknown>) : {};
  return {
    email: typeof value.email === 'string' ? value.email : '',
    notice: typeof value.notice === 'string' ? value.notice : null,
  };
}

export function LoginPage() {
  const navigate = useNavigate();
  const location = useLocation();
  const [arrival] = useState(() => arrivalOf(location.state));
  const queryClient = useQueryClient();
  const [params] = useSearchParams();
  const [formError, setFormError] = useState<string | null>(null);
  const [retryAt, setRetryAt] = useState<number | null>(null);
  const waitSeconds = useSecondsUntil(retryAt);

  const form = useForm<LoginInput>({
    mode: 'controlled',
    initialValues: { email: arrival.email, password: '' },
    validate: {
      email: validateEmail,
      password: (value) => (value ? null : 'Enter your password.'),
    },
  });

  const mutation = useMutation({
    mutationFn: login,
    onSuccess: async () => {
      await queryClient.resetQueries({ queryKey: queryKeys.me.all });
      navigate(safeNextPath(params.get('next')), { replace: true });
    },
    onError: (error) => {
      if (isApiError(error, 'rate_limited') && error.retryAfter) {
        // The countdown below replaces the detail's fixed number of seconds.
        setRetryAt(Date.now() + error.retryAfter * 1000);
        setFormError(errorMessage('rate_limited'));
        return;
      }
      setFormError(applyApiError(form, error, { fields: ['email', 'password'] }));
    },
  });

  const handleSubmit = form.onSubmit((values) => {
    setFormError(null);
    mutation.mutate({ email: values.email.trim(), password: values.password });
  });

  const waiting = waitSeconds > 0;

  return (
    <AuthLayout
      title="Sign in to SalesOS"
      subtitle="Welcome back. Sign in with the email you were invited with."
      footer={
        <>
          New to SalesOS?{' '}
          <Anchor component={Link} to="/signup" fw={600}>
            Create a workspace
          </Anchor>
        </>
      }
    >
      <form onSubmit={handleSubmit} noValidate>
        <Stack gap="md">
          {formError ? (
            <FormErrorAlert error={formError}>
              {waiting ? ` You can try again in ${formatWait(waitSeconds)}.` : null}
            </FormErrorAlert>
          ) : arrival.notice ? (
            <Alert color="teal" variant="light" icon={<IconCheck />} role="status">
              {arrival.notice}
            </Alert>
          ) : null}
          <TextInput label="Email" type="email" autoComplete="username" required {...form.getInputProps('email')} />
          <PasswordInput
            label="Password"
            autoComplete="current-password"
            required
            {...form.getInputProps('password')}
          />
          <Anchor
            component={Link}
            to="/forgot-password"
            state={{ email: form.values.email.trim() }}
            size="sm"
            ta="right"
            mt={-8}
          >
            Forgot password?
          </Anchor>
          <Button type="submit" size="md" mt="xs" loading={mutation.isPending} disabled={waiting} fullWidth>
            Sign in
          </Button>
        </Stack>
      </form>
      <SsoSignIn loginError={mutation.error} />
    </AuthLayout>
  );
}
