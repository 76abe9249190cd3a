import { Anchor, Button, Group, Stack, Text, ThemeIcon } from '@mantine/core';
import type { ReactNode } from 'react';
import { Link } from 'react-router';
import { INVITATION_TOKEN_PROBLEMS, type InvitationProblemCode } from '../../../shared/api/invitations';
import { AuthLayout } from '../../components/auth-layout';
import { IconAlertCircle, IconCheck, IconClock, IconMail } from '../../components/icons';

export type { InvitationProblemCode };

export function isInvitationProblem(code: string): code is InvitationProblemCode {
  return (INVITATION_TOKEN_PROBLEMS as readonly string[]).includes(code);
}

type Page = { title: string; icon: ReactNode; color: string; body: ReactNode; signIn?: boolean };

function page(code: InvitationProblemCode, inviter: string | null): Page {
  switch (code) {
    case 'invitation_expired':
      return {
        title: 'This invitation has expired',
        icon: <IconClock size={26} />,
        color: 'orange',
        body: (
          <>
            <Text>This invitation has expired. Ask {inviter ?? 'your admin'} to resend it.</Text>
            <Text size="sm" c="dimmed">
              Invitation links work for 7 days. A resent invitation comes with a new link.
            </Text>
          </>
        ),
      };
    case 'invitation_revoked':
      return {
        title: 'This invitation was revoked',
        icon: <IconAlertCircle size={26} />,
        color: 'red',
        body: (
          <Text>
            An admin of the workspace cancelled this invitation, so its link no longer works. If you still need access,
            ask them to invite you again.
          </Text>
        ),
      };
    case 'invitation_superseded':
      return {
        title: 'A newer invitation was sent',
        icon: <IconMail size={26} />,
        color: 'indigo',
        body: (
          <>
            <Text>A newer invitation was sent: use the link in the latest email.</Text>
            <Text size="sm" c="dimmed">
              Each time an invitation is sent again, the links in the earlier emails stop working.
            </Text>
          </>
        ),
      };
    case 'invitation_already_accepted':
      return {
        title: 'This invitation has already been accepted',
        icon: <IconCheck size={26} />,
        color: 'teal',
        body: <Text>Your account is ready: sign in with your email and password to open the workspace.</Text>,
        signIn: true,
      };
    case 'invitation_not_found':
      return {
        title: 'This invitation link is not valid',
        icon: <IconAlertCircle size={26} />,
        color: 'gray',
        body: (
          <Text>
            Check that you opened the whole link from the invitation email. If it still does not work, ask your admin to
            invite you again.
          </Text>
        ),
      };
  }
}

/** A full page for an invitation link that cannot be used, saying what the person can do next. */
export function InvitationProblem({ code, inviter }: { code: InvitationProblemCode; inviter: string | null }) {
  const { title, icon, color, body, signIn } = page(code, inviter);
  return (
    <AuthLayout
      title={title}
      footer={
        signIn ? null : (
          <>
            Already have an account?{' '}
            <Anchor component={Link} to="/login" fw={600}>
              Sign in
            </Anchor>
          </>
        )
      }
    >
      <Stack gap="lg" data-invitation-problem={code}>
        <Group align="flex-start" wrap="nowrap" gap="md">
          <ThemeIcon size={44} radius="xl" variant="light" color={color} aria-hidden="true" style={{ flexShrink: 0 }}>
            {icon}
          </ThemeIcon>
          <Stack gap="xs" pt={2}>
            {body}
          </Stack>
        </Group>
        {signIn ? (
          <Button component={Link} to="/login" size="md" fullWidth>
            Sign in
          </Button>
        ) : null}
      </Stack>
    </AuthLayout>
  );
}
