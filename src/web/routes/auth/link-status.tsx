import { Group, Stack, ThemeIcon } from '@mantine/core';
import type { ReactNode } from 'react';
import { AuthLayout } from '../../components/auth-layout';
import { IconClock } from '../../components/icons';

type LinkStatusProps = {
  title: string;
  icon: ReactNode;
  color: string;
  /** What happened and what the person can do next. */
  children: ReactNode;
  /** Buttons under the message. */
  actions?: ReactNode;
  footer?: ReactNode;
  /** A stable name for tests: `data-link-status`. */
  status: string;
};

/** A whole page that says what became of an emailed link (sent, verified, no longer valid). */
export function LinkStatus({ title, icon, color, children, actions, footer, status }: LinkStatusProps) {
  return (
    <AuthLayout title={title} footer={footer}>
      <Stack gap="lg" data-link-status={status}>
        <Group align="flex-start" wrap="nowrap" gap="md">
          <ThemeIcon size={44} radius="xl" variant="light" color={color} aria-hidden="true" style={{ flexShrink: 0 }}>
            {icon}
          </ThemeIcon>
          <Stack gap="xs" pt={2} role="status">
            {children}
          </Stack>
        </Group>
        {actions}
      </Stack>
    </AuthLayout>
  );
}

/** The page for a link that was spent, superseded or has expired (410 `token_invalid`). */
export function DeadLinkStatus(props: Pick<LinkStatusProps, 'actions' | 'footer' | 'children'>) {
  return (
    <LinkStatus
      status="token_invalid"
      title="This link is no longer valid"
      icon={<IconClock size={26} />}
      color="orange"
      {...props}
    />
  );
}
