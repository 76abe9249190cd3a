import {
  Badge,
  Button,
  Grid,
  Group,
  Paper,
  ScrollArea,
  Skeleton,
  Stack,
  Tabs,
  Text,
  Title,
  UnstyledButton,
} from '@mantine/core';
import { keepPreviousData, useQuery } from '@tanstack/react-query';
import { useState } from 'react';
import type { DevMail } from '../../../shared/api/dev-mailbox';
import { isApiError } from '../../api/client';
import { listDevMail } from '../../api/dev-mailbox';
import { queryKeys } from '../../api/query-keys';
import { CursorPager } from '../../components/cursor-pager';
import { IconExternalLink, IconInbox, IconMail, IconRefresh } from '../../components/icons';
import { PageHeader } from '../../components/page-header';
import { QueryError } from '../../components/query-error';
import { useCursorPages } from '../../hooks/use-cursor-pages';
import { accountLinkPath } from '../../lib/account-link';
import { formatDateTime } from '../../lib/format';
import { invitationPath } from '../../lib/invitation-link';

const PAGE_SIZE = 25;
/** New emails arrive within seconds of an invitation; the first page keeps itself current. */
const REFRESH_MS = 3000;

const timeFormat = new Intl.DateTimeFormat(undefined, {
  month: 'short',
  day: 'numeric',
  hour: '2-digit',
  minute: '2-digit',
});

function sentAtShort(iso: string): string {
  const date = new Date(iso);
  return Number.isNaN(date.getTime()) ? '' : timeFormat.format(date);
}

function MailList({
  items,
  selectedId,
  onSelect,
}: {
  items: DevMail[];
  selectedId: string | null;
  onSelect: (id: string) => void;
}) {
  return (
    <Stack component="ul" gap={4} p={6} m={0} style={{ listStyle: 'none' }} aria-label="Emails">
      {items.map((mail) => {
        const selected = mail.id === selectedId;
        return (
          <li key={mail.id}>
            <UnstyledButton
              className="mail-list-item"
              data-selected={selected || undefined}
              aria-current={selected ? 'true' : undefined}
              onClick={() => onSelect(mail.id)}
            >
              <Group justify="space-between" gap="xs" wrap="nowrap" mb={2}>
                <Text size="sm" fw={600} truncate>
                  {mail.to}
                </Text>
                <Text size="xs" c="dimmed" style={{ whiteSpace: 'nowrap' }}>
                  {sentAtShort(mail.sentAt)}
                </Text>
              </Group>
              <Text size="sm" c="dimmed" lineClamp={2}>
                {mail.subject}
              </Text>
            </UnstyledButton>
          </li>
        );
      })}
    </Stack>
  );
}

function MailView({ mail }: { mail: DevMail }) {
  const link = invitationPath(mail.text);
  const accountLink = link ? null : accountLinkPath(mail.text);
  return (
    <Stack gap="md" component="article" aria-labelledby="mail-subject">
      <Stack gap={6}>
        <Title id="mail-subject" order={2} fz="lg" fw={700}>
          {mail.subject}
        </Title>
        <Group gap="lg">
          <Text size="sm">
            <Text span c="dimmed">
              To{' '}
            </Text>
            {mail.to}
          </Text>
          <Text size="sm">
            <Text span c="dimmed">
              Sent{' '}
            </Text>
            {formatDateTime(mail.sentAt)}
          </Text>
        </Group>
      </Stack>
      {link ? (
        <Paper withBorder radius="md" p="sm" bg="indigo.0" style={{ borderColor: 'var(--mantine-color-indigo-2)' }}>
          <Group justify="space-between" gap="sm">
            <Text size="sm" maw={420}>
              Opens in a new tab. Accepting signs that browser in as the invitee: use a private window to stay signed in
              here.
            </Text>
            <Button
              component="a"
              href={link}
              target="_blank"
              rel="noreferrer noopener"
              leftSection={<IconExternalLink size={16} />}
            >
              Open invitation link
            </Button>
          </Group>
        </Paper>
      ) : null}
      {accountLink ? (
        <Paper withBorder radius="md" p="sm" bg="indigo.0" style={{ borderColor: 'var(--mantine-color-indigo-2)' }}>
          <Group justify="space-between" gap="sm">
            <Text size="sm" maw={420}>
              Opens in a new tab. This link was sent to your own address and works once.
            </Text>
            <Button
              component="a"
              href={accountLink.path}
              target="_blank"
              rel="noreferrer noopener"
              leftSection={<IconExternalLink size={16} />}
            >
              {accountLink.label}
            </Button>
          </Group>
        </Paper>
      ) : null}
      <Tabs defaultValue="text" keepMounted={false}>
        <Tabs.List>
          <Tabs.Tab value="text">Text</Tabs.Tab>
          <Tabs.Tab value="html">HTML</Tabs.Tab>
        </Tabs.List>
        <Tabs.Panel value="text" pt="md">
          <pre className="mail-text">{mail.text}</pre>
        </Tabs.Panel>
        <Tabs.Panel value="html" pt="md">
          {/* No scripts, no forms, no navigation: the email is shown, never run. */}
          <iframe className="mail-html" sandbox="" srcDoc={mail.html} title={`HTML version of “${mail.subject}”`} />
        </Tabs.Panel>
      </Tabs>
    </Stack>
  );
}

function Empty({ title, children }: { title: string; children: string }) {
  return (
    <Paper withBorder radius="md" p="xl">
      <Stack align="center" gap={6} py="lg">
        <IconInbox size={30} color="var(--mantine-color-dimmed)" />
        <Text fw={600}>{title}</Text>
        <Text size="sm" c="dimmed" ta="center" maw={460}>
          {children}
        </Text>
      </Stack>
    </Paper>
  );
}

/** Emails kept by the server while it has no SMTP_URL: what an invitee would have received. */
export function DevMailboxPage() {
  const pages = useCursorPages('dev-mailbox');
  const [selectedId, setSelectedId] = useState<string | null>(null);
  const query = useQuery({
    queryKey: queryKeys.devMailbox.page(pages.cursor),
    queryFn: ({ signal }) => listDevMail({ limit: PAGE_SIZE, cursor: pages.cursor }, signal),
    placeholderData: keepPreviousData,
    refetchInterval: (q) => (pages.cursor === null && !isApiError(q.state.error, 'not_found') ? REFRESH_MS : false),
  });

  const off = isApiError(query.error, 'not_found');
  const items = query.data?.items ?? [];
  const selected = items.find((mail) => mail.id === selectedId) ?? items[0] ?? null;

  return (
    <>
      <PageHeader
        title="Dev mailbox"
        description="This server has no SMTP server configured, so the emails it sends for this workspace are kept here instead, along with the verification and password reset emails sent to you. Only admins can read them."
        actions={
          off ? null : (
            <Button
              variant="default"
              leftSection={<IconRefresh size={16} />}
              onClick={() => query.refetch()}
              loading={query.isFetching && !query.isPending}
            >
              Refresh
            </Button>
          )
        }
      />
      {off ? (
        <Paper withBorder radius="md" p="xl">
          <Group gap="sm" wrap="nowrap">
            <IconMail size={22} />
            <Text>Emails are sent through SMTP on this server; there is no dev mailbox.</Text>
          </Group>
        </Paper>
      ) : query.isPending ? (
        <Skeleton h={320} radius="md" />
      ) : query.isError && !query.data ? (
        <QueryError error={query.error} onRetry={() => query.refetch()} />
      ) : items.length === 0 ? (
        <Empty title="No emails yet">Invitations you send from Admin &gt; Users appear here a few seconds later.</Empty>
      ) : (
        <Grid gap="md">
          <Grid.Col span={{ base: 12, md: 5 }}>
            <Paper withBorder radius="md">
              <Group justify="space-between" px="md" py="sm">
                <Text size="xs" fw={700} tt="uppercase" lts={0.5} c="dimmed">
                  Sent emails
                </Text>
                <Badge variant="light" color="gray" radius="sm">
                  {items.length.toLocaleString()}
                  {query.data?.nextCursor ? '+' : ''}
                </Badge>
              </Group>
              <ScrollArea.Autosize mah={620} type="auto">
                <MailList items={items} selectedId={selected?.id ?? null} onSelect={setSelectedId} />
              </ScrollArea.Autosize>
              <CursorPager
                label="Email pages"
                pages={pages}
                nextCursor={query.data?.nextCursor}
                busy={query.isFetching}
              />
            </Paper>
          </Grid.Col>
          <Grid.Col span={{ base: 12, md: 7 }}>
            <Paper withBorder radius="md" p="lg">
              {selected ? <MailView key={selected.id} mail={selected} /> : null}
            </Paper>
          </Grid.Col>
        </Grid>
      )}
    </>
  );
}
