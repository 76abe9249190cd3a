import { Alert, Button, Group, Paper, Stack, Text, ThemeIcon, Title } from '@mantine/core';
import { useEffect, useRef } from 'react';
import { Link } from 'react-router';
import type { BulkImport } from '../../../../../shared/api/bulk-invites';
import { IconCircleCheck, IconInfo } from '../../../../components/icons';
import { bulkResultText } from '../../../../lib/bulk-seats';
import { formatDateTime } from '../../../../lib/format';

type SendResultProps = {
  bulk: BulkImport;
  /** Set when this page's own send was refused because the file had already been sent. */
  notice: string | null;
  onStartOver: () => void;
};

/** What Send All Invitations did: how many went out, how many rows were skipped. */
export function SendResult({ bulk, notice, onStartOver }: SendResultProps) {
  const heading = useRef<HTMLHeadingElement>(null);
  useEffect(() => heading.current?.focus(), []);
  const { counts } = bulk;

  return (
    <Stack gap="lg">
      {notice ? (
        <Alert color="blue" variant="light" icon={<IconInfo />} role="status">
          {notice}
        </Alert>
      ) : null}
      <Paper withBorder radius="md" p="xl">
        <Stack align="center" gap="sm" ta="center">
          <ThemeIcon size={56} radius="xl" variant="light" color="teal" aria-hidden="true">
            <IconCircleCheck size={32} />
          </ThemeIcon>
          <Title order={2} fz={22} ref={heading} tabIndex={-1} style={{ outline: 'none' }}>
            {bulkResultText(counts)}
          </Title>
          <Text size="sm" c="dimmed" maw={560}>
            {counts.sent > 0
              ? 'Each person receives an email with a link to create their account. The link expires after 7 days; the invitations are listed as Pending until they are accepted.'
              : 'No invitation was sent.'}
          </Text>
          {counts.skipped > 0 ? (
            <Text size="sm" c="dimmed" maw={560}>
              Skipped rows had issues, or changed since the preview (for example, someone was invited meanwhile).
            </Text>
          ) : null}
          {bulk.sentAt ? (
            <Text size="xs" c="dimmed">
              Sent {formatDateTime(bulk.sentAt)} from {bulk.fileName}
            </Text>
          ) : null}
          <Group gap="sm" mt="sm" justify="center">
            <Button component={Link} to="/admin/users?status=pending">
              Go to pending invitations
            </Button>
            <Button variant="default" onClick={onStartOver}>
              Invite more people
            </Button>
          </Group>
        </Stack>
      </Paper>
    </Stack>
  );
}
