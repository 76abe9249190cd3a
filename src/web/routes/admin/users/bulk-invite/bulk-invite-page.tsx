import { Button, Group, Paper, Skeleton, Stack, Stepper } from '@mantine/core';
import { useMediaQuery } from '@mantine/hooks';
import { useState } from 'react';
import { Link, useSearchParams } from 'react-router';
import type { BulkImport } from '../../../../../shared/api/bulk-invites';
import { IconArrowLeft, IconUpload } from '../../../../components/icons';
import { PageHeader } from '../../../../components/page-header';
import { QueryError } from '../../../../components/query-error';
import { PreviewStep } from './preview-step';
import { SendProgress } from './send-progress';
import { SendResult } from './send-result';
import { TemplateStep } from './template-step';
import { UploadStep } from './upload-step';
import { useBulkImport } from './use-bulk-import';

/** The help page's steps, in its words. */
const STEPS = [
  { label: 'Download the CSV template', description: 'One row per person' },
  { label: 'Upload the completed CSV', description: 'Up to 100,000 rows' },
  { label: 'Review the preview', description: 'Check every row, then send' },
] as const;
const SENT = STEPS.length;

/**
 * The uploaded file is in the address (?import=), so a reload or the Back button keeps the preview,
 * and the progress of its send.
 */
const IMPORT_PARAM = 'import';

function PreviewLoading() {
  return (
    <Stack gap="lg" aria-busy="true" aria-label="Loading the preview">
      <Skeleton h={28} w={260} />
      <Skeleton h={150} radius="md" />
      <Skeleton h={320} radius="md" />
    </Stack>
  );
}

export function BulkInvitePage() {
  const [params, setParams] = useSearchParams();
  const importId = params.get(IMPORT_PARAM);
  const [draftStep, setDraftStep] = useState<0 | 1>(0);
  const [notice, setNotice] = useState<string | null>(null);
  const vertical = useMediaQuery('(max-width: 48em)');

  const bulk = useBulkImport(importId);
  const status = bulk.data?.status;

  const active = importId === null ? draftStep : status === 'sent' || status === 'sending' ? SENT : 2;

  const goTo = (step: 0 | 1) => {
    setNotice(null);
    setDraftStep(step);
    if (importId !== null) {
      setParams((current) => {
        const next = new URLSearchParams(current);
        next.delete(IMPORT_PARAM);
        return next;
      });
    }
  };

  const onUploaded = (uploaded: BulkImport) => {
    setNotice(null);
    setParams({ [IMPORT_PARAM]: uploaded.id });
  };

  let preview = <PreviewLoading />;
  if (importId !== null && bulk.isError) {
    preview = (
      <Stack gap="md">
        <QueryError error={bulk.error} title="This preview could not be loaded" onRetry={() => bulk.refetch()} />
        <Group>
          <Button variant="default" leftSection={<IconUpload size={18} />} onClick={() => goTo(1)}>
            Upload another file
          </Button>
        </Group>
      </Stack>
    );
  } else if (bulk.data) {
    preview = <PreviewStep bulk={bulk.data} onUploadAnother={() => goTo(1)} onAlreadySent={setNotice} />;
  }

  return (
    <>
      <PageHeader
        title="Bulk Invite"
        description="Invite many people at once from a CSV file. Nothing is sent until you have reviewed every row and clicked Send All Invitations."
        actions={
          <Button component={Link} to="/admin/users" variant="subtle" leftSection={<IconArrowLeft size={18} />}>
            Back to Users
          </Button>
        }
      />
      <Paper withBorder radius="md" p={{ base: 'md', sm: 'lg' }} mb="lg" component="nav" aria-label="Bulk Invite steps">
        <Stepper
          active={active}
          onStepClick={(step) => (step === 0 || step === 1 ? goTo(step) : undefined)}
          allowNextStepsSelect={false}
          orientation={vertical ? 'vertical' : 'horizontal'}
          size="sm"
        >
          {STEPS.map((step, index) => (
            <Stepper.Step
              key={step.label}
              label={step.label}
              description={step.description}
              allowStepSelect={active > index && active < SENT}
              aria-current={active === index ? 'step' : undefined}
            />
          ))}
        </Stepper>
      </Paper>
      {active === 0 ? <TemplateStep onNext={() => goTo(1)} /> : null}
      {active === 1 ? <UploadStep onUploaded={onUploaded} onBack={() => goTo(0)} /> : null}
      {active === 2 ? preview : null}
      {active === SENT && bulk.data?.status === 'sending' ? <SendProgress bulk={bulk.data} /> : null}
      {active === SENT && bulk.data?.status === 'sent' ? (
        <SendResult bulk={bulk.data} notice={notice} onStartOver={() => goTo(0)} />
      ) : null}
    </>
  );
}
