import { Alert, Anchor, Button, PasswordInput, Stack, Text, TextInput } from '@mantine/core';
import { useForm } from '@mantine/form';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { useState } from 'react';
import { Link, useNavigate, useParams } from 'react-router';
import type { InvitationSummary } from '../../../shared/api/invitations';
import { errorMessage } from '../../../shared/errors';
import { ROLE_LABELS } from '../../../shared/roles';
import { type ApiError, isApiError } from '../../api/client';
import { acceptInvitation, lookupInvitation } from '../../api/invitations';
import { queryKeys } from '../../api/query-keys';
import { AuthLayout } from '../../components/auth-layout';
import { AuthLayoutLoading } from '../../components/auth-layout-loading';
import { FormErrorAlert } from '../../components/form-error-alert';
import { PasswordField } from '../../components/password-field';
import { QueryError } from '../../components/query-error';
import { applyApiError } from '../../lib/form-errors';
import { formatDateTime, formatWait } from '../../lib/format';
import { loadPasswordPolicy } from '../../lib/password-policy-loader';
import { validateRequired } from '../../lib/validators';
import { ContinueWithSso, ssoOnly } from './continue-with-sso';
import { InvitationProblem, type InvitationProblemCode, isInvitationProblem } from './invitation-problem';

const LOOKUP_KEY = queryKeys.invitationLookup.all[0];

function problemOf(error: unknown): InvitationProblemCode | null {
  if (!isApiError(error)) return null;
  if (isInvitationProblem(error.code)) return error.code;
  // A malformed token is simply a link that does not work.
  if (error.code === 'validation_failed' || error.code === 'not_found') return 'invitation_not_found';
  return null;
}

/** The inviter's name when a refusal names them (an expired link's page says whom to ask). */
function inviterOf(error: unknown): string | null {
  if (!isApiError(error)) return null;
  const invitedBy = error.extra.invitedBy;
  if (typeof invitedBy === 'object' && invitedBy !== null && 'name' in invitedBy) {
    return typeof invitedBy.name === 'string' && invitedBy.name ? invitedBy.name : null;
  }
  return null;
}

/** "{inviter} invited you to join {workspace} as {Role}{ on the {team} team}." */
function invitationSentence(invitation: InvitationSummary) {
  return (
    <>
      <strong>{invitation.invitedBy?.name ?? 'An admin'}</strong> invited you to join{' '}
      <strong>{invitation.workspace.name}</strong> as <strong>{ROLE_LABELS[invitation.role]}</strong>
      {invitation.team ? (
        <>
          {' '}
          on the <strong>{invitation.team.name}</strong> team
        </>
      ) : null}
      .
    </>
  );
}

type AcceptValues = { name: string; password: string };

function AcceptForm({
  token,
  invitation,
  onProblem,
}: {
  token: string;
  invitation: InvitationSummary;
  onProblem: (code: InvitationProblemCode) => void;
}) {
  const navigate = useNavigate();
  const queryClient = useQueryClient();
  const [formError, setFormError] = useState<string | null>(null);
  const existing = invitation.accountSignIn === 'password';

  const form = useForm<AcceptValues>({
    mode: 'controlled',
    initialValues: { name: invitation.name, password: '' },
    validate: {
      name: existing ? undefined : validateRequired('Enter your name.'),
      password: (value) => (value ? null : existing ? 'Enter your password.' : 'Choose a password.'),
    },
  });

  const mutation = useMutation({
    mutationFn: acceptInvitation,
    onSuccess: () => {
      // Whatever this browser showed before belongs to another session: start clean, signed in.
      queryClient.removeQueries({ predicate: (query) => query.queryKey[0] !== LOOKUP_KEY });
      // On to the onboarding steps after the password: profile, then the tour.
      navigate('/onboarding', { replace: true });
    },
    onError: (error: ApiError | Error) => {
      const problem = problemOf(error);
      if (problem) {
        onProblem(problem);
        return;
      }
      if (isApiError(error, 'rate_limited')) {
        const wait = error.retryAfter ? ` You can try again in ${formatWait(error.retryAfter)}.` : '';
        setFormError(`${errorMessage('rate_limited')}${wait}`);
        return;
      }
      setFormError(
        applyApiError(form, error, {
          fields: ['name', 'password'],
          codeFields: { weak_password: 'password', invalid_credentials: 'password' },
        }),
      );
    },
  });

  const handleSubmit = form.onSubmit(async (values) => {
    setFormError(null);
    if (existing) {
      mutation.mutate({ token, password: values.password });
      return;
    }
    const name = values.name.trim();
    const verdict = await loadPasswordPolicy()
      .then((policy) =>
        policy.checkPassword(values.password, {
          name,
          email: invitation.email,
          workspaceName: invitation.workspace.name,
        }),
      )
      .catch(() => null);
    if (verdict && !verdict.ok) {
      form.setFieldError('password', verdict.reason);
      return;
    }
    mutation.mutate({ token, password: values.password, name });
  });

  const expires = formatDateTime(invitation.expiresAt);

  return (
    <form onSubmit={handleSubmit} noValidate>
      <Stack gap="md">
        <FormErrorAlert error={formError} />
        <TextInput
          label="Email"
          value={invitation.email}
          readOnly
          variant="filled"
          autoComplete="username"
          description="Your invitation was sent to this address."
        />
        {existing ? (
          <>
            <Alert color="indigo" variant="light" title="You already have a SalesOS account: sign in to join">
              Enter the password of your SalesOS account. {invitation.workspace.name} is added to your workspaces.
            </Alert>
            <PasswordInput
              label="Password"
              autoComplete="current-password"
              required
              data-autofocus
              {...form.getInputProps('password')}
            />
            <Button type="submit" size="md" mt="xs" loading={mutation.isPending} fullWidth>
              Sign in and join
            </Button>
            <Text size="sm" ta="center">
              <Anchor component={Link} to="/forgot-password" state={{ email: invitation.email }}>
                Forgot your password?
              </Anchor>{' '}
              We email a link to {invitation.email}; then open this invitation again.
            </Text>
          </>
        ) : (
          <>
            <TextInput label="Name" autoComplete="name" required {...form.getInputProps('name')} />
            <PasswordField
              label="Password"
              autoComplete="new-password"
              required
              context={{ name: form.values.name, email: invitation.email, workspaceName: invitation.workspace.name }}
              {...form.getInputProps('password')}
            />
            <Button type="submit" size="md" mt="xs" loading={mutation.isPending} fullWidth>
              Create account
            </Button>
          </>
        )}
        {expires ? (
          <Text size="xs" c="dimmed" ta="center">
            This invitation expires on {expires}.
          </Text>
        ) : null}
      </Stack>
    </form>
  );
}

/**
 * The invited email has an account that signs in only with single sign-on. Holding this link does
 * not prove the address, so no password is set here: a reset link emailed to the address does it.
 */
function SetPasswordFirst({ invitation }: { invitation: InvitationSummary }) {
  return (
    <Stack gap="md">
      <Alert color="indigo" variant="light" title="You already have a SalesOS account">
        Your account ({invitation.email}) signs in with single sign-on.{' '}
        {invitation.sso
          ? 'Continue with SSO if it is the same identity provider, or set a password for your account first.'
          : 'To join with a password, set one for your account first.'}
      </Alert>
      <Button component={Link} to="/forgot-password" state={{ email: invitation.email }} size="md" fullWidth>
        Email me a link to set a password
      </Button>
      <Text size="sm" c="dimmed" ta="center">
        Then open this invitation again and sign in with the new password.
      </Text>
    </Stack>
  );
}

/** /invite/:token: the page an invitation email links to. The token goes only into request bodies. */
export function AcceptInvitationPage() {
  const { token = '' } = useParams();
  const [acceptProblem, setAcceptProblem] = useState<InvitationProblemCode | null>(null);
  const lookup = useQuery({
    queryKey: queryKeys.invitationLookup.one(token),
    queryFn: ({ signal }) => lookupInvitation(token, signal),
    staleTime: Number.POSITIVE_INFINITY,
    gcTime: 0,
    refetchOnWindowFocus: false,
  });

  const problem = acceptProblem ?? problemOf(lookup.error);
  if (problem) {
    const inviter = lookup.data?.invitedBy?.name ?? inviterOf(lookup.error);
    return <InvitationProblem code={problem} inviter={inviter} />;
  }

  if (lookup.isPending) {
    return <AuthLayoutLoading title="Your invitation" message="Opening your invitation…" />;
  }

  if (lookup.isError) {
    return (
      <AuthLayout title="Your invitation">
        <QueryError error={lookup.error} title="The invitation could not be opened" onRetry={() => lookup.refetch()} />
      </AuthLayout>
    );
  }

  const invitation = lookup.data;
  return (
    <AuthLayout title={`Join ${invitation.workspace.name}`} subtitle={invitationSentence(invitation)}>
      <ContinueWithSso token={token} invitation={invitation} />
      {ssoOnly(invitation) ? null : invitation.accountSignIn === 'sso' ? (
        <SetPasswordFirst invitation={invitation} />
      ) : (
        <AcceptForm token={token} invitation={invitation} onProblem={setAcceptProblem} />
      )}
    </AuthLayout>
  );
}
