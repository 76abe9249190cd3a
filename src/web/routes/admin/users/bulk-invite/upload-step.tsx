import { Alert, Button, Group, Paper, Progress, Stack, Text, Title } from '@mantine/core';
import { Dropzone, type FileRejection } from '@mantine/dropzone';
import { useMutation, useQueryClient } from '@tanstack/react-query';
import { useEffect, useId, useRef, useState } from 'react';
import type { BulkImport } from '../../../../../shared/api/bulk-invites';
import { BULK_MAX_BYTES, BULK_MAX_ROWS } from '../../../../../shared/bulk-csv';
import { errorMessage } from '../../../../../shared/errors';
import { checkFileSize, uploadBulkCsv } from '../../../../api/bulk-invites';
import { errorText } from '../../../../api/client';
import { queryKeys } from '../../../../api/query-keys';
import { IconAlertCircle, IconFileSpreadsheet, IconUpload } from '../../../../components/icons';

/** `.csv` by name, whatever type the system gives it (Windows says application/vnd.ms-excel). */
const ACCEPT = { 'text/csv': ['.csv'], 'application/vnd.ms-excel': ['.csv'] };
const MAX_MB = Math.round(BULK_MAX_BYTES / 1024 / 1024);

function isAbort(error: unknown): boolean {
  return error instanceof DOMException && error.name === 'AbortError';
}

function rejectionText(rejections: FileRejection[]): string {
  const codes = rejections.flatMap((rejection) => rejection.errors.map((error) => error.code));
  if (codes.includes('too-many-files')) return 'Upload one file at a time.';
  const tooLarge = rejections.map((r) => checkFileSize(r.file)).find(Boolean);
  if (tooLarge) return tooLarge.message;
  return `${errorMessage('not_csv')} In your spreadsheet, save it as CSV (comma delimited), then upload that file.`;
}

function formatSize(bytes: number): string {
  if (bytes < 1024) return `${bytes} B`;
  if (bytes < 1024 * 1024) return `${Math.round(bytes / 1024)} KB`;
  return `${(bytes / 1024 / 1024).toFixed(1)} MB`;
}

function UploadProgress({ file, sent, onCancel }: { file: File; sent: number; onCancel: () => void }) {
  const percent = Math.round(sent * 100);
  const checking = sent >= 1;
  return (
    <Paper withBorder radius="md" p="lg" aria-live="polite">
      <Stack gap="sm">
        <Group justify="space-between" wrap="nowrap" gap="sm">
          <Group gap="sm" wrap="nowrap" style={{ minWidth: 0 }}>
            <IconFileSpreadsheet size={22} color="var(--mantine-color-indigo-6)" style={{ flexShrink: 0 }} />
            <Text size="sm" fw={600} truncate title={file.name}>
              {file.name}
            </Text>
            <Text size="sm" c="dimmed" style={{ flexShrink: 0 }}>
              {formatSize(file.size)}
            </Text>
          </Group>
          <Text size="sm" fw={600} style={{ flexShrink: 0 }}>
            {checking ? 'Checking every row…' : `Uploading… ${percent}%`}
          </Text>
        </Group>
        <Progress
          value={percent}
          size="lg"
          radius="xl"
          striped={checking}
          animated={checking}
          aria-label={`Upload of ${file.name}`}
          transitionDuration={150}
        />
        <Group justify="flex-end">
          <Button variant="default" size="xs" onClick={onCancel}>
            Cancel upload
          </Button>
        </Group>
      </Stack>
    </Paper>
  );
}

export function UploadStep({ onUploaded, onBack }: { onUploaded: (bulk: BulkImport) => void; onBack: () => void }) {
  const queryClient = useQueryClient();
  const openRef = useRef<() => void>(null);
  const controller = useRef<AbortController | null>(null);
  const hintId = useId();
  const [sent, setSent] = useState(0);
  const [refusal, setRefusal] = useState<string | null>(null);

  const upload = useMutation({
    mutationFn: (file: File) => {
      controller.current?.abort();
      const abort = new AbortController();
      controller.current = abort;
      setSent(0);
      return uploadBulkCsv(file, { onProgress: setSent, signal: abort.signal });
    },
    onSuccess: (bulk) => {
      queryClient.setQueryData(queryKeys.bulkImports.one(bulk.id), bulk);
      onUploaded(bulk);
    },
    onError: (error) => {
      if (!isAbort(error)) setRefusal(errorText(error));
    },
  });

  // Leaving the step stops an upload in flight.
  useEffect(() => () => controller.current?.abort(), []);

  const start = (file: File | undefined) => {
    if (!file) return;
    setRefusal(null);
    upload.mutate(file);
  };
  const cancel = () => {
    controller.current?.abort();
    upload.reset();
  };

  const uploading = upload.isPending ? upload.variables : undefined;

  return (
    <Stack gap="lg">
      <Paper withBorder radius="md" p="lg">
        <Stack gap="md">
          <Title order={2} fz="lg">
            Upload the completed CSV
          </Title>
          <Text size="sm" c="dimmed" id={hintId} maw={720}>
            The first row must be the header: email, name, role and team (team is optional). Up to{' '}
            {BULK_MAX_ROWS.toLocaleString()} rows and {MAX_MB} MB. Nothing is sent yet: you review every row first.
          </Text>
          {uploading ? (
            <UploadProgress file={uploading} sent={sent} onCancel={cancel} />
          ) : (
            <Dropzone
              onDrop={(files) => start(files[0])}
              onReject={(rejections) => setRefusal(rejectionText(rejections))}
              accept={ACCEPT}
              multiple={false}
              openRef={openRef}
              radius="md"
              role="button"
              aria-label="Upload the completed CSV: drop the file here, or press Enter to choose it"
              aria-describedby={hintId}
              inputProps={{ 'aria-label': 'CSV file' }}
              className="bulk-dropzone"
            >
              <Stack align="center" gap={8} py={36} px="md">
                <Dropzone.Accept>
                  <IconUpload size={40} color="var(--mantine-color-indigo-6)" />
                </Dropzone.Accept>
                <Dropzone.Reject>
                  <IconAlertCircle size={40} color="var(--mantine-color-red-6)" />
                </Dropzone.Reject>
                <Dropzone.Idle>
                  <IconFileSpreadsheet size={40} color="var(--mantine-color-dimmed)" />
                </Dropzone.Idle>
                <Text fw={600} ta="center">
                  Drag the CSV file here
                </Text>
                <Text size="sm" c="dimmed" ta="center">
                  or click to choose it — one .csv file
                </Text>
              </Stack>
            </Dropzone>
          )}
          {refusal ? (
            <Alert
              color="red"
              variant="light"
              icon={<IconAlertCircle />}
              title="The file was not accepted"
              role="alert"
            >
              {refusal}
            </Alert>
          ) : null}
        </Stack>
      </Paper>
      <Group justify="space-between">
        <Button variant="default" onClick={onBack} disabled={uploading !== undefined}>
          Back
        </Button>
        <Button
          leftSection={<IconUpload size={18} />}
          onClick={() => openRef.current?.()}
          disabled={uploading !== undefined}
        >
          Choose a CSV file
        </Button>
      </Group>
    </Stack>
  );
}
