import { Alert, Badge, Box, Button, Grid, Group, List, Paper, SimpleGrid, Stack, Text, Title } from '@mantine/core';
import { useMutation, useQueryClient } from '@tanstack/react-query';
import { useEffect, useRef, useState } from 'react';
import type { BulkImport } from '../../../../../shared/api/bulk-invites';
import { BULK_ISSUE_CODES, BULK_ISSUE_LABELS } from '../../../../../shared/bulk-csv';
import { bulkInvalidCsvUrl, sendBulkImport } from '../../../../api/bulk-invites';
import { isApiError } from '../../../../api/client';
import { queryKeys } from '../../../../api/query-keys';
import { ConfirmModal } from '../../../../components/confirm-modal';
import { FormErrorAlert } from '../../../../components/form-error-alert';
import { IconAlertCircle, IconDownload, IconFileSpreadsheet, IconSend, IconUpload } from '../../../../components/icons';
import { formatDateTime, plural } from '../../../../lib/format';
import { SeatLimitAlert } from '../seat-limit-alert';
import { useInvalidateUsers } from '../use-invalidate-users';
import { BulkRowsTable } from './bulk-rows-table';
import { SeatMeter } from './seat-meter';
import { rememberRunningSend } from './use-bulk-import';

function Stat({ label, value, color }: { label: string; value: number; color?: string }) {
  return (
    <Box>
      <Text component="dt" size="xs" fw={700} tt="uppercase" lts={0.5} c="dimmed">
        {label}
      </Text>
      <Text component="dd" m={0} fz={28} fw={700} lh={1.25} c={color}>
        {value.toLocaleString()}
      </Text>
    </Box>
  );
}

function Counts({ bulk }: { bulk: BulkImport }) {
  const codes = BULK_ISSUE_CODES.filter((code) => (bulk.issues[code] ?? 0) > 0);
  return (
    <Paper withBorder radius="md" p="lg" h="100%" component="section" aria-label="Counts">
      <SimpleGrid component="dl" cols={3} spacing="lg" m={0}>
        <Stat label="Rows" value={bulk.counts.rows} />
        <Stat label="Valid" value={bulk.counts.valid} color={bulk.counts.valid > 0 ? 'teal.8' : undefined} />
        <Stat label="With issues" value={bulk.counts.invalid} color={bulk.counts.invalid > 0 ? 'red.7' : undefined} />
      </SimpleGrid>
      {codes.length > 0 ? (
        <Group gap={6} mt="md" component="ul" p={0} m={0} style={{ listStyle: 'none' }} aria-label="Issues by kind">
          {codes.map((code) => (
            <li key={code}>
              <Badge variant="light" color="red" radius="sm" tt="none" fw={600} size="lg" data-issue={code}>
                {BULK_ISSUE_LABELS[code]}: {(bulk.issues[code] ?? 0).toLocaleString()}
              </Badge>
            </li>
          ))}
        </Group>
      ) : (
        <Text size="sm" c="teal.8" fw={600} mt="md">
          Every row is ready to invite.
        </Text>
      )}
    </Paper>
  );
}

type PreviewStepProps = {
  bulk: BulkImport;
  onUploadAnother: () => void;
  /** The import was sent by someone else (or in another tab) since this preview. */
  onAlreadySent: (message: string) => void;
};

export function PreviewStep({ bulk, onUploadAnother, onAlreadySent }: PreviewStepProps) {
  const queryClient = useQueryClient();
  const invalidateUsers = useInvalidateUsers();
  const heading = useRef<HTMLHeadingElement>(null);
  const [confirming, setConfirming] = useState(false);

  // Screen readers and keyboards land on the preview once the file is checked.
  useEffect(() => heading.current?.focus(), []);

  const send = useMutation({
    mutationFn: (target: BulkImport) => sendBulkImport(target.id),
    onSuccess: async (result) => {
      setConfirming(false);
      if (result.status === 'sending') rememberRunningSend(result.id);
      queryClient.setQueryData(queryKeys.bulkImports.one(result.id), result);
      await invalidateUsers();
    },
    onError: async (error) => {
      setConfirming(false);
      if (isApiError(error, 'bulk_already_sent')) {
        onAlreadySent(error.message);
        await queryClient.invalidateQueries({ queryKey: queryKeys.bulkImports.one(bulk.id) });
        await invalidateUsers();
      } else if (isApiError(error, 'seat_limit_reached')) {
        // The free seats shown were out of date: show the real ones.
        await queryClient.invalidateQueries({ queryKey: queryKeys.bulkImports.one(bulk.id) });
        await invalidateUsers();
      }
    },
  });

  const { counts } = bulk;
  const seatRefusal = isApiError(send.error, 'seat_limit_reached') ? send.error : null;
  const otherError = send.isError && !seatRefusal && !isApiError(send.error, 'bulk_already_sent') ? send.error : null;

  return (
    <Stack gap="lg">
      <Group justify="space-between" align="flex-end" gap="sm" wrap="wrap">
        <Stack gap={2} style={{ minWidth: 0 }}>
          <Title order={2} fz="lg" ref={heading} tabIndex={-1} style={{ outline: 'none' }}>
            Review the preview
          </Title>
          <Group gap={6} wrap="nowrap" style={{ minWidth: 0 }}>
            <IconFileSpreadsheet size={16} color="var(--mantine-color-dimmed)" style={{ flexShrink: 0 }} />
            <Text size="sm" c="dimmed" truncate title={bulk.fileName}>
              {bulk.fileName} · checked {formatDateTime(bulk.createdAt)}
            </Text>
          </Group>
        </Stack>
      </Group>

      <Grid gap="md">
        <Grid.Col span={{ base: 12, md: 7 }}>
          <Counts bulk={bulk} />
        </Grid.Col>
        <Grid.Col span={{ base: 12, md: 5 }}>
          <SeatMeter seats={bulk.seats} />
        </Grid.Col>
      </Grid>

      {bulk.warnings.length > 0 ? (
        <Alert color="yellow" variant="light" icon={<IconAlertCircle />} title="Columns not used">
          <List size="sm" spacing={2}>
            {bulk.warnings.map((warning) => (
              <List.Item key={warning}>{warning}</List.Item>
            ))}
          </List>
          <Text size="sm" mt={4}>
            Only email, name, role and team are read.
          </Text>
        </Alert>
      ) : null}

      {counts.invalid > 0 ? (
        <Paper withBorder radius="md" p="md" className="bulk-issues-callout">
          <Group justify="space-between" gap="sm" wrap="wrap">
            <Stack gap={2} style={{ flex: '1 1 340px' }}>
              <Text size="sm" fw={700}>
                {plural(counts.invalid, 'row has issues', 'rows have issues')} and will be skipped
              </Text>
              <Text size="sm" c="dimmed">
                Download them with what is wrong in an extra issues column, fix them in your spreadsheet, then upload
                the file again.
              </Text>
            </Stack>
            <Button
              component="a"
              href={bulkInvalidCsvUrl(bulk.id)}
              download
              variant="light"
              color="red"
              leftSection={<IconDownload size={18} />}
            >
              Download rows with issues
            </Button>
          </Group>
        </Paper>
      ) : null}

      <Paper withBorder radius="md" component="section" aria-labelledby="bulk-rows-heading">
        <BulkRowsTable bulk={bulk} />
      </Paper>

      {seatRefusal ? <SeatLimitAlert title="Not enough seats: nothing was sent" detail={seatRefusal.message} /> : null}
      <FormErrorAlert title="Nothing was sent" error={otherError} />

      <Paper withBorder radius="md" p="md" className="bulk-send-bar">
        <Group justify="space-between" gap="sm" wrap="wrap">
          <Button variant="default" leftSection={<IconUpload size={18} />} onClick={onUploadAnother}>
            Upload another file
          </Button>
          <Group gap="md" wrap="wrap" justify="flex-end">
            <Text size="sm" c="dimmed">
              {counts.valid === 0
                ? 'No row is ready to invite yet.'
                : `${plural(counts.valid, 'invitation')} ready${counts.invalid > 0 ? `; ${plural(counts.invalid, 'row')} with issues skipped` : ''}.`}
            </Text>
            <Button
              leftSection={<IconSend size={18} />}
              disabled={counts.valid === 0}
              loading={send.isPending}
              onClick={() => {
                send.reset();
                setConfirming(true);
              }}
            >
              Send All Invitations
            </Button>
          </Group>
        </Group>
      </Paper>

      <ConfirmModal
        target={confirming ? bulk : null}
        title="Send All Invitations"
        confirmLabel={`Send ${plural(bulk.counts.valid, 'invitation')}`}
        confirmIcon={<IconSend size={18} />}
        action={send}
        onClose={() => setConfirming(false)}
        lockWhilePending
      >
        {(target) => (
          <>
            <Text size="sm" fw={600}>
              Send {plural(target.counts.valid, 'invitation')}? Rows with issues are skipped.
            </Text>
            <Text size="sm" c="dimmed">
              Each person receives an email with a link to create their account. The link expires after 7 days.
            </Text>
          </>
        )}
      </ConfirmModal>
    </Stack>
  );
}
