import { Anchor, Button, Stack, Text, TextInput } from '@mantine/core';
import { useForm } from '@mantine/form';
import { useMutation } from '@tanstack/react-query';
import { useState } from 'react';
import { Link, useLocation } from 'react-router';
import { errorMessage } from '../../../shared/errors';
import { forgotPassword } from '../../api/account';
import { isApiError } from '../../api/client';
import { AuthLayout } from '../../components/auth-layout';
import { FormErrorAlert } from '../../components/form-error-alert';
import { IconMail } from '../../components/icons';
import { applyApiError } from '../../lib/form-errors';
import { formatWait } from '../../lib/format';
import { validateEmail } from '../../lib/validators';
import { LinkStatus } from './link-status';

function emailFromState(state: unknown): string {
  if (typeof state === 'object' && state !== null && 'email' in state && typeof state.email === 'string') {
    return state.email;
  }
  return '';
}

const backToSignIn = (
  <>
    Remembered it?{' '}
    <Anchor component={Link} to="/login" fw={600}>
      Sign in
    </Anchor>
  </>
);

/** /forgot-password: asks for a reset link. The answer never says whether an account exists. */
export function ForgotPasswordPage() {
  const location = useLocation();
  const [formError, setFormError] = useState<string | null>(null);
  const [sentTo, setSentTo] = useState<string | null>(null);
  const form = useForm({
    mode: 'controlled',
    initialValues: { email: emailFromState(location.state) },
    validate: { email: validateEmail },
  });

  const mutation = useMutation({
    mutationFn: forgotPassword,
    onSuccess: (_data, email) => setSentTo(email),
    onError: (error) => {
      if (isApiError(error, 'rate_limited')) {
        const wait = error.retryAfter ? ` You can try again in ${formatWait(error.retryAfter)}.` : '';
        setFormError(`${errorMessage('rate_limited')}${wait}`);
        return;
      }
      setFormError(applyApiError(form, error, { fields: ['email'] }));
    },
  });

  if (sentTo) {
    return (
      <LinkStatus
        status="sent"
        title="Check your email"
        icon={<IconMail size={26} />}
        color="indigo"
        footer={backToSignIn}
        actions={
          <Button variant="default" onClick={() => setSentTo(null)} fullWidth>
            Use another email
          </Button>
        }
      >
        <Text>
          If an account exists for <strong>{sentTo}</strong>, we sent a link to reset its password.
        </Text>
        <Text size="sm" c="dimmed">
          The link works once, for one hour. Nothing arrived after a few minutes? Check your spam folder, or ask for a
          new link.
        </Text>
      </LinkStatus>
    );
  }

  const handleSubmit = form.onSubmit((values) => {
    setFormError(null);
    mutation.mutate(values.email.trim());
  });

  return (
    <AuthLayout
      title="Reset your password"
      subtitle="Enter the email you sign in with. We will send you a link to choose a new password."
      footer={backToSignIn}
    >
      <form onSubmit={handleSubmit} noValidate>
        <Stack gap="md">
          <FormErrorAlert error={formError} />
          <TextInput
            label="Email"
            type="email"
            autoComplete="username"
            required
            data-autofocus
            {...form.getInputProps('email')}
          />
          <Button type="submit" size="md" mt="xs" loading={mutation.isPending} fullWidth>
            Send reset link
          </Button>
        </Stack>
      </form>
    </AuthLayout>
  );
}
