import { Anchor, Button, Stack, TextInput } from '@mantine/core';
import { useForm } from '@mantine/form';
import { useMutation, useQueryClient } from '@tanstack/react-query';
import { useState } from 'react';
import { Link, useNavigate } from 'react-router';
import type { SignupInput } from '../../../shared/api/auth';
import { signup } from '../../api/auth';
import { isApiError } from '../../api/client';
import { queryKeys } from '../../api/query-keys';
import { AuthLayout } from '../../components/auth-layout';
import { FormErrorAlert } from '../../components/form-error-alert';
import { PasswordField } from '../../components/password-field';
import { applyApiError } from '../../lib/form-errors';
import { loadPasswordPolicy } from '../../lib/password-policy-loader';
import { validateEmail, validateRequired } from '../../lib/validators';

const FIELDS = ['workspaceName', 'name', 'email', 'password'] as const;

export function SignupPage() {
  const navigate = useNavigate();
  const queryClient = useQueryClient();
  const [formError, setFormError] = useState<string | null>(null);

  const form = useForm<SignupInput>({
    mode: 'controlled',
    initialValues: { workspaceName: '', name: '', email: '', password: '' },
    validate: {
      workspaceName: validateRequired('Enter a name for your workspace.'),
      name: validateRequired('Enter your name.'),
      email: validateEmail,
      password: (value) => (value ? null : 'Choose a password.'),
    },
  });

  const mutation = useMutation({
    mutationFn: signup,
    onSuccess: async () => {
      await queryClient.resetQueries({ queryKey: queryKeys.me.all });
      navigate('/', { replace: true });
    },
    onError: (error) => {
      setFormError(
        applyApiError(form, error, {
          fields: FIELDS,
          codeFields: { email_taken: 'email', weak_password: 'password' },
        }),
      );
    },
  });

  const handleSubmit = form.onSubmit(async (values) => {
    setFormError(null);
    const input: SignupInput = {
      workspaceName: values.workspaceName.trim(),
      name: values.name.trim(),
      email: values.email.trim(),
      password: values.password,
    };
    const verdict = await loadPasswordPolicy()
      .then((policy) => policy.checkPassword(input.password, input))
      .catch(() => null);
    if (verdict && !verdict.ok) {
      form.setFieldError('password', verdict.reason);
      return;
    }
    mutation.mutate(input);
  });

  const emailTaken = isApiError(mutation.error, 'email_taken') && Boolean(form.errors.email);

  return (
    <AuthLayout
      title="Create your workspace"
      subtitle="Set up SalesOS for your sales team. You will be the workspace admin."
      footer={
        <>
          Already have an account?{' '}
          <Anchor component={Link} to="/login" fw={600}>
            Sign in
          </Anchor>
        </>
      }
    >
      <form onSubmit={handleSubmit} noValidate>
        <Stack gap="md">
          <FormErrorAlert error={formError} />
          <TextInput
            label="Workspace name"
            description="Usually your company or team name."
            autoComplete="organization"
            required
            {...form.getInputProps('workspaceName')}
          />
          <TextInput label="Your name" autoComplete="name" required {...form.getInputProps('name')} />
          <TextInput
            label="Email"
            type="email"
            autoComplete="email"
            required
            {...form.getInputProps('email')}
            error={
              emailTaken ? (
                <>
                  {form.errors.email}{' '}
                  <Anchor component={Link} to="/login" size="xs" inherit>
                    Sign in instead
                  </Anchor>
                </>
              ) : (
                form.errors.email
              )
            }
          />
          <PasswordField
            label="Password"
            autoComplete="new-password"
            required
            context={{ name: form.values.name, email: form.values.email, workspaceName: form.values.workspaceName }}
            {...form.getInputProps('password')}
          />
          <Button type="submit" size="md" mt="xs" loading={mutation.isPending} fullWidth>
            Create workspace
          </Button>
        </Stack>
      </form>
    </AuthLayout>
  );
}
