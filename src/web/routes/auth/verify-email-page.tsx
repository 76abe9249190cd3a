import { Anchor, Button, Text } from '@mantine/core';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { useEffect, useState } from 'react';
import { Link, useParams } from 'react-router';
import { errorMessage } from '../../../shared/errors';
import { fetchMeIfSignedIn, resendVerificationEmail, verifyEmail } from '../../api/account';
import { errorText, isApiError } from '../../api/client';
import { queryKeys } from '../../api/query-keys';
import { AuthLayoutLoading } from '../../components/auth-layout-loading';
import { IconAlertCircle, IconCircleCheck, IconMail } from '../../components/icons';
import { formatWait } from '../../lib/format';
import { DeadLinkStatus, LinkStatus } from './link-status';

type Outcome = { kind: 'pending' } | { kind: 'verified' } | { kind: 'error'; error: unknown };

const openApp = (
  <Button component={Link} to="/" size="md" fullWidth>
    Continue to SalesOS
  </Button>
);

/** A spent or expired link: says whether there is anything left to do, and offers a new link when there is. */
function DeadLink() {
  const queryClient = useQueryClient();
  const me = useQuery({
    queryKey: queryKeys.me.ifSignedIn,
    queryFn: ({ signal }) => fetchMeIfSignedIn(signal),
    retry: false,
  });
  const resend = useMutation({
    mutationFn: resendVerificationEmail,
    onSuccess: () => queryClient.invalidateQueries({ queryKey: queryKeys.me.all }),
  });

  if (me.isPending) return <Checking />;

  if (me.data?.account.emailVerified) {
    return (
      <LinkStatus
        status="already_verified"
        title="Your email is already verified"
        icon={<IconCircleCheck size={26} />}
        color="teal"
        actions={openApp}
      >
        <Text>
          <strong>{me.data.account.email}</strong> is verified: there is nothing more to do.
        </Text>
      </LinkStatus>
    );
  }

  const resendError = resend.error
    ? isApiError(resend.error, 'rate_limited')
      ? `${errorMessage('rate_limited')}${resend.error.retryAfter ? ` You can try again in ${formatWait(resend.error.retryAfter)}.` : ''}`
      : errorText(resend.error)
    : null;

  return (
    <DeadLinkStatus
      actions={
        me.data ? (
          resend.isSuccess ? null : (
            <Button size="md" fullWidth loading={resend.isPending} onClick={() => resend.mutate()}>
              Send a new verification email
            </Button>
          )
        ) : (
          <Button component={Link} to="/login" size="md" fullWidth>
            Sign in
          </Button>
        )
      }
    >
      <Text>This verification link has already been used, has expired, or a newer one was sent.</Text>
      {me.data ? (
        resend.isSuccess ? (
          <Text size="sm">
            We sent a new link to <strong>{me.data.account.email}</strong>. It works for 7 days.
          </Text>
        ) : (
          <Text size="sm" c="dimmed">
            Only the latest link works. Ask for a new one below.
          </Text>
        )
      ) : (
        <Text size="sm" c="dimmed">
          Sign in: if your email still needs verifying, you can ask for a new link from there.
        </Text>
      )}
      {resendError ? (
        <Text size="sm" c="red.8" role="alert">
          {resendError}
        </Text>
      ) : null}
    </DeadLinkStatus>
  );
}

function Checking() {
  return <AuthLayoutLoading title="Verifying your email" message="Verifying your email…" />;
}

function Verification({ token, onRetry }: { token: string; onRetry: () => void }) {
  const queryClient = useQueryClient();
  const [outcome, setOutcome] = useState<Outcome>({ kind: 'pending' });

  useEffect(() => {
    let current = true;
    verifyEmail(token).then(
      () => {
        if (!current) return;
        setOutcome({ kind: 'verified' });
        void queryClient.invalidateQueries({ queryKey: queryKeys.me.all });
      },
      (error: unknown) => {
        if (current) setOutcome({ kind: 'error', error });
      },
    );
    return () => {
      current = false;
    };
  }, [token, queryClient]);

  if (outcome.kind === 'pending') return <Checking />;

  if (outcome.kind === 'verified') {
    return (
      <LinkStatus
        status="verified"
        title="Your email is verified"
        icon={<IconCircleCheck size={26} />}
        color="teal"
        actions={openApp}
      >
        <Text>Thank you: your email address is confirmed.</Text>
      </LinkStatus>
    );
  }

  const { error } = outcome;
  if (isApiError(error, 'token_invalid') || isApiError(error, 'validation_failed')) return <DeadLink />;

  return (
    <LinkStatus
      status="error"
      title="Your email could not be verified"
      icon={isApiError(error, 'rate_limited') ? <IconMail size={26} /> : <IconAlertCircle size={26} />}
      color="red"
      actions={
        <Button size="md" fullWidth onClick={onRetry}>
          Try again
        </Button>
      }
      footer={
        <Anchor component={Link} to="/" fw={600}>
          Open SalesOS
        </Anchor>
      }
    >
      <Text>
        {isApiError(error, 'rate_limited') && error.retryAfter
          ? `${errorMessage('rate_limited')} You can try again in ${formatWait(error.retryAfter)}.`
          : errorText(error)}
      </Text>
    </LinkStatus>
  );
}

/** /verify-email/:token: verifies on load and says so. The token goes only into the request body. */
export function VerifyEmailPage() {
  const { token = '' } = useParams();
  // "Try again" after a lost connection starts the verification anew.
  const [attempt, setAttempt] = useState(0);
  return <Verification key={attempt} token={token} onRetry={() => setAttempt((n) => n + 1)} />;
}
