import { Anchor, Button, Group, Paper, Skeleton, Stack, Text, Textarea, Title } from '@mantine/core';
import { useForm } from '@mantine/form';
import { notifications } from '@mantine/notifications';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { useState } from 'react';
import { Link } from 'react-router';
import type { Guide } from '../../../../shared/api/guide';
import { GUIDE_MAX_CHARS } from '../../../../shared/guide';
import { fetchGuide, saveGuide } from '../../../api/guide';
import { queryKeys } from '../../../api/query-keys';
import { FormErrorAlert } from '../../../components/form-error-alert';
import { QueryError } from '../../../components/query-error';
import { applyApiError } from '../../../lib/form-errors';
import { formatDateTime } from '../../../lib/format';
import { GuideHtml } from '../../guide/guide-html';

type Values = { markdown: string };

/**
 * The editor. The preview is the server's rendering of the last save, not a rendering in the
 * browser: only the server's sanitised HTML is ever inserted into a page, and it is exactly what
 * members see.
 */
function GuideForm({ guide }: { guide: Guide }) {
  const queryClient = useQueryClient();
  const [formError, setFormError] = useState<string | null>(null);
  const [saved, setSaved] = useState<Guide>(guide);
  const form = useForm<Values>({
    initialValues: { markdown: guide.markdown },
    validate: {
      markdown: (value) =>
        value.length > GUIDE_MAX_CHARS ? `At most ${GUIDE_MAX_CHARS.toLocaleString('en')} characters.` : null,
    },
  });

  const mutation = useMutation({
    mutationFn: (values: Values) => saveGuide(values.markdown),
    onSuccess: async (result) => {
      setSaved(result);
      form.resetDirty({ markdown: result.markdown });
      notifications.show({ color: 'teal', message: 'Getting Started guide saved.' });
      queryClient.setQueryData(queryKeys.guide.all, result);
      await queryClient.invalidateQueries({ queryKey: queryKeys.dashboard.all });
    },
    onError: (error) => setFormError(applyApiError(form, error, { fields: ['markdown'] })),
  });

  const handleSubmit = form.onSubmit((values) => {
    setFormError(null);
    mutation.mutate(values);
  });
  const length = form.values.markdown.length;

  return (
    <Stack gap="md">
      <form onSubmit={handleSubmit} noValidate>
        <Stack gap="sm">
          <FormErrorAlert error={formError} />
          <Textarea
            label="Getting Started guide"
            description={`Markdown: headings, lists, emphasis, code, quotes, tables and links. ${length.toLocaleString('en')} / ${GUIDE_MAX_CHARS.toLocaleString('en')} characters.`}
            autosize
            minRows={10}
            maxRows={30}
            ff="monospace"
            {...form.getInputProps('markdown')}
          />
          <Group gap="sm">
            <Button type="submit" loading={mutation.isPending}>
              Save
            </Button>
            {form.isDirty() ? (
              <Text size="sm" c="dimmed">
                Unsaved changes: the preview shows the saved guide.
              </Text>
            ) : null}
          </Group>
        </Stack>
      </form>
      <Stack gap={4}>
        <Title order={3} fz="sm" fw={600} id="guide-preview-heading">
          Preview
        </Title>
        <Text size="xs" c="dimmed">
          {saved.updatedAt ? `Saved ${formatDateTime(saved.updatedAt)}. ` : ''}What new members see at{' '}
          <Anchor component={Link} to="/guide" size="xs">
            /guide
          </Anchor>
          , after scripts, images and unsafe links are removed.
        </Text>
        <Paper withBorder radius="sm" p="md" aria-labelledby="guide-preview-heading" component="section">
          {saved.html ? (
            <GuideHtml html={saved.html} />
          ) : (
            <Text size="sm" c="dimmed">
              No guide yet: write one and save it.
            </Text>
          )}
        </Paper>
      </Stack>
    </Stack>
  );
}

export function GuideSection() {
  const guide = useQuery({ queryKey: queryKeys.guide.all, queryFn: ({ signal }) => fetchGuide(signal) });
  return (
    <Paper withBorder radius="md" p="lg" component="section" aria-labelledby="guide-heading">
      <Title id="guide-heading" order={2} fz="md" fw={600} mb={4}>
        Getting Started guide
      </Title>
      <Text size="sm" c="dimmed" mb="md">
        A page for new people, linked from the invitation email and the dashboard.
      </Text>
      {guide.isPending ? (
        <Skeleton h={240} aria-label="Loading the guide" />
      ) : guide.isError ? (
        <QueryError error={guide.error} onRetry={() => guide.refetch()} />
      ) : (
        <GuideForm guide={guide.data} />
      )}
    </Paper>
  );
}
