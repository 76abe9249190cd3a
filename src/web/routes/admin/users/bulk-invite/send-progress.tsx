import { Button, Group, Paper, Progress, Stack, Text, Title, VisuallyHidden } from '@mantine/core';
import { useEffect, useRef, useState } from 'react';
import { Link } from 'react-router';
import type { BulkImport } from '../../../../../shared/api/bulk-invites';
import { IconSend } from '../../../../components/icons';
import {
  announcedStep,
  type ProgressSample,
  secondsLeft,
  sendProgress,
  timeLeftText,
} from '../../../../lib/bulk-progress';

type SendProgressProps = {
  bulk: BulkImport;
  /** A smaller card (the Users page's banner) instead of the Bulk Invite page's step. */
  compact?: boolean;
};

/**
 * A send under way: invitations written of the valid rows, the time left at the rate seen, and
 * a quarter-by-quarter announcement for screen readers (the bar itself is a progressbar with its
 * value). The send goes on in the background: the admin may leave, and come back to it.
 */
export function SendProgress({ bulk, compact = false }: SendProgressProps) {
  const { done, total, percent } = sendProgress(bulk);
  const first = useRef<ProgressSample | null>(null);
  const [left, setLeft] = useState<number | null>(null);
  const heading = useRef<HTMLHeadingElement>(null);

  useEffect(() => {
    const sample = { at: Date.now(), done };
    if (!first.current) first.current = sample;
    setLeft(secondsLeft(first.current, sample, total));
  }, [done, total]);
  useEffect(() => {
    if (!compact) heading.current?.focus();
  }, [compact]);

  const step = announcedStep(percent);
  const label = `${done.toLocaleString()} of ${total.toLocaleString()} invitations sent`;

  return (
    <Paper withBorder radius="md" p={compact ? 'md' : 'xl'}>
      <Stack gap="sm">
        <Group gap="xs" wrap="nowrap">
          <IconSend size={20} aria-hidden="true" />
          <Title order={2} fz={compact ? 16 : 22} ref={heading} tabIndex={-1} style={{ outline: 'none' }}>
            Sending invitations from {bulk.fileName}
          </Title>
        </Group>
        <Progress
          value={percent}
          size="lg"
          radius="xl"
          animated
          aria-label="Invitations sent"
          aria-valuetext={`${percent}% — ${label}`}
        />
        <Group justify="space-between" gap="xs">
          <Text size="sm" fw={600}>
            {label}
          </Text>
          <Text size="sm" c="dimmed">
            {timeLeftText(left)}
          </Text>
        </Group>
        <VisuallyHidden role="status" aria-live="polite">
          {step === 0 ? 'Sending invitations.' : `${step * 25}% of the invitations sent.`}
        </VisuallyHidden>
        {compact ? (
          <Group>
            <Button
              component={Link}
              to={`/admin/users/bulk?import=${encodeURIComponent(bulk.id)}`}
              variant="default"
              size="xs"
            >
              View the send
            </Button>
          </Group>
        ) : (
          <>
            <Text size="sm" c="dimmed">
              The invitations are sent in the background: you can leave this page and come back, or close it. New people
              appear in the Users list as they are invited.
            </Text>
            <Group>
              <Button component={Link} to="/admin/users" variant="default">
                Go to Users
              </Button>
            </Group>
          </>
        )}
      </Stack>
    </Paper>
  );
}
