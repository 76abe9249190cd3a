import { Alert, Avatar, Box, Button, Group, Paper, Skeleton, Stack, Text, Textarea } from '@mantine/core';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { type FormEvent, type KeyboardEvent, type ReactNode, useCallback, useEffect, useRef, useState } from 'react';
import {
  type Channel,
  chatKeys,
  fetchChannels,
  fetchMessages,
  MESSAGE_MAX,
  type Message,
  postMessage,
  streamUrl,
} from '../../api/chat';
import { errorText } from '../../api/client';
import { dashboardKeys } from '../../api/dashboard';
import { IconAlertCircle, IconSend } from '../../components/icons';
import { PageHeader } from '../../components/page-header';
import { QueryError } from '../../components/query-error';
import { useSession } from '../../components/session-context';
import { formatDateTime, initials } from '../../lib/format';

/** Oldest first, each message once (the stream, a post's answer and a page may all bring it). */
function merge(current: Message[], incoming: Message[]): Message[] {
  const byId = new Map(current.map((m) => [m.id, m]));
  for (const m of incoming) byId.set(m.id, m);
  return [...byId.values()].sort((a, b) =>
    a.createdAt === b.createdAt ? (a.id < b.id ? -1 : 1) : a.createdAt < b.createdAt ? -1 : 1,
  );
}

/**
 * The body as text (React escapes it), with `@Name` of a known member emphasised. Nothing in a
 * body ever becomes HTML or a link.
 */
function MessageBody({ body, names }: { body: string; names: string[] }) {
  const parts: ReactNode[] = [];
  const sorted = [...names].filter(Boolean).sort((a, b) => b.length - a.length);
  let rest = body;
  let key = 0;
  while (rest.length > 0) {
    const at = rest.indexOf('@');
    if (at < 0) break;
    const name = sorted.find((n) => rest.startsWith(n, at + 1));
    if (!name) {
      parts.push(rest.slice(0, at + 1));
      rest = rest.slice(at + 1);
      continue;
    }
    parts.push(rest.slice(0, at));
    parts.push(
      <Text key={key++} span fw={600} c="blue.7">
        @{name}
      </Text>,
    );
    rest = rest.slice(at + 1 + name.length);
  }
  parts.push(rest);
  return (
    <Text size="sm" style={{ whiteSpace: 'pre-wrap', overflowWrap: 'anywhere' }}>
      {parts}
    </Text>
  );
}

function MessageItem({ message, names, workspaceName }: { message: Message; names: string[]; workspaceName: string }) {
  const fromWorkspace = message.author === null;
  const author = message.author?.name ?? 'SalesOS';
  return (
    <Paper
      component="li"
      p="sm"
      radius="md"
      withBorder={fromWorkspace}
      bg={fromWorkspace ? 'blue.0' : undefined}
      style={{ listStyle: 'none' }}
      aria-label={`${author}, ${formatDateTime(message.createdAt) ?? ''}`}
    >
      <Group align="flex-start" gap="sm" wrap="nowrap">
        <Avatar
          radius="xl"
          size="sm"
          color={fromWorkspace ? 'blue' : 'gray'}
          variant={fromWorkspace ? 'filled' : 'light'}
        >
          {fromWorkspace ? 'S' : initials(author)}
        </Avatar>
        <Stack gap={2} style={{ minWidth: 0, flex: 1 }}>
          <Group gap="xs">
            <Text size="sm" fw={600}>
              {author}
            </Text>
            {fromWorkspace ? (
              <Text size="xs" c="blue.8">
                {workspaceName}
              </Text>
            ) : null}
            <Text size="xs" c="dimmed" component="time" dateTime={message.createdAt}>
              {formatDateTime(message.createdAt)}
            </Text>
          </Group>
          <MessageBody body={message.body} names={names} />
        </Stack>
      </Group>
    </Paper>
  );
}

function ChannelView({ channel }: { channel: Channel }) {
  const me = useSession();
  const queryClient = useQueryClient();
  const [messages, setMessages] = useState<Message[]>([]);
  const [cursor, setCursor] = useState<string | null>(null);
  const [loading, setLoading] = useState(true);
  const [loadError, setLoadError] = useState<unknown>(null);
  const [olderPending, setOlderPending] = useState(false);
  const [draft, setDraft] = useState('');
  const [draftError, setDraftError] = useState<string | null>(null);
  const listRef = useRef<HTMLDivElement>(null);
  const stickToBottom = useRef(true);

  const load = useCallback(async () => {
    setLoading(true);
    setLoadError(null);
    try {
      const page = await fetchMessages(channel.id);
      setMessages((current) => merge(current, page.items));
      setCursor(page.nextCursor);
      stickToBottom.current = true;
    } catch (error) {
      setLoadError(error);
    } finally {
      setLoading(false);
    }
  }, [channel.id]);

  useEffect(() => {
    void load();
  }, [load]);

  // Live: the browser reconnects by itself and sends Last-Event-ID, so nothing is missed.
  useEffect(() => {
    const source = new EventSource(streamUrl(channel.id));
    source.onmessage = (event: MessageEvent<string>) => {
      try {
        const message = JSON.parse(event.data) as Message;
        setMessages((current) => merge(current, [message]));
      } catch {
        // not a message
      }
    };
    return () => source.close();
  }, [channel.id]);

  // Keep the newest message in view unless the reader scrolled up to read older ones.
  useEffect(() => {
    const list = listRef.current;
    if (list && stickToBottom.current && messages.length > 0) list.scrollTop = list.scrollHeight;
  }, [messages]);

  const onScroll = () => {
    const list = listRef.current;
    if (list) stickToBottom.current = list.scrollHeight - list.scrollTop - list.clientHeight < 40;
  };

  async function loadEarlier() {
    if (!cursor) return;
    setOlderPending(true);
    try {
      stickToBottom.current = false;
      const page = await fetchMessages(channel.id, cursor);
      setMessages((current) => merge(current, page.items));
      setCursor(page.nextCursor);
    } catch (error) {
      setLoadError(error);
    } finally {
      setOlderPending(false);
    }
  }

  const send = useMutation({
    mutationFn: (body: string) => postMessage(channel.id, body),
    onSuccess: async (message) => {
      stickToBottom.current = true;
      setMessages((current) => merge(current, [message]));
      setDraft('');
      await queryClient.invalidateQueries({ queryKey: dashboardKeys.all });
    },
  });

  function submit(event?: FormEvent) {
    event?.preventDefault();
    const body = draft.trim();
    setDraftError(null);
    if (!body) return setDraftError('Write a message.');
    if (body.length > MESSAGE_MAX) return setDraftError(`At most ${MESSAGE_MAX} characters.`);
    send.mutate(body);
  }

  function onKeyDown(event: KeyboardEvent<HTMLTextAreaElement>) {
    if (event.key === 'Enter' && !event.shiftKey && !event.nativeEvent.isComposing) {
      event.preventDefault();
      submit();
    }
  }

  const names = [...new Set([me.user.name, ...messages.flatMap((m) => (m.author ? [m.author.name] : []))])];

  return (
    <Stack gap="md">
      {loadError ? <QueryError error={loadError} onRetry={() => void load()} /> : null}
      <Paper withBorder radius="md" p={0}>
        <Box ref={listRef} onScroll={onScroll} mah="60vh" style={{ overflowY: 'auto' }} p="md">
          {cursor ? (
            <Group justify="center" mb="sm">
              <Button variant="subtle" size="xs" onClick={() => void loadEarlier()} loading={olderPending}>
                Load earlier messages
              </Button>
            </Group>
          ) : null}
          {loading && messages.length === 0 ? (
            <Stack gap="sm" aria-label="Loading messages">
              <Skeleton h={48} />
              <Skeleton h={48} />
            </Stack>
          ) : messages.length === 0 ? (
            <Text size="sm" c="dimmed" ta="center" py="lg">
              No messages yet. Say hello to your team!
            </Text>
          ) : (
            <Stack component="ol" gap="xs" m={0} p={0} role="log" aria-label="Messages in #general">
              {messages.map((m) => (
                <MessageItem key={m.id} message={m} names={names} workspaceName={me.workspace.name} />
              ))}
            </Stack>
          )}
        </Box>
      </Paper>
      <form onSubmit={submit} noValidate>
        <Stack gap="xs">
          {send.isError ? (
            <Alert color="red" variant="light" icon={<IconAlertCircle />} role="alert">
              {errorText(send.error)}
            </Alert>
          ) : null}
          <Textarea
            label="Message"
            description="Enter sends; Shift+Enter starts a new line."
            autosize
            minRows={2}
            maxRows={8}
            value={draft}
            error={draftError ?? undefined}
            onChange={(event) => setDraft(event.currentTarget.value)}
            onKeyDown={onKeyDown}
          />
          <Group justify="flex-end">
            <Button type="submit" leftSection={<IconSend />} loading={send.isPending}>
              Send
            </Button>
          </Group>
        </Stack>
      </form>
    </Stack>
  );
}

export function GeneralChannelPage() {
  const channels = useQuery({ queryKey: chatKeys.channels, queryFn: ({ signal }) => fetchChannels(signal) });
  const general = channels.data?.items.find((c) => c.name === 'general');
  return (
    <>
      <PageHeader
        title="#general"
        description="The whole workspace’s channel: say hello, share news, welcome new people."
      />
      {channels.isPending ? (
        <Skeleton h={240} aria-label="Loading #general" />
      ) : channels.isError ? (
        <QueryError error={channels.error} onRetry={() => channels.refetch()} />
      ) : general ? (
        <ChannelView channel={general} />
      ) : (
        <Text c="dimmed">#general is not available.</Text>
      )}
    </>
  );
}
