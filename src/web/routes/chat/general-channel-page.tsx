import { Anchor, Avatar, Box, Button, Group, Paper, Skeleton, Stack, Text } from '@mantine/core';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { type FormEvent, useCallback, useEffect, useRef, useState } from 'react';
import { Link } from 'react-router';
import type { Channel, Message } from '../../../shared/api/chat';
import { MESSAGE_MAX } from '../../../shared/chat';
import { fetchChannels, fetchMessages, postMessage, streamUrl } from '../../api/chat';
import { queryKeys } from '../../api/query-keys';
import { FormErrorAlert } from '../../components/form-error-alert';
import { IconSend } from '../../components/icons';
import { MessageText } from '../../components/message-text';
import { PageHeader } from '../../components/page-header';
import { QueryError } from '../../components/query-error';
import { useSession } from '../../components/session-context';
import { type Directory, useDirectory } from '../../hooks/use-directory';
import { formatDateTime, initials } from '../../lib/format';
import { MessageComposer } from './message-composer';

/** Oldest first, each message once (the stream, a post's answer and a page may all bring it). */
function merge(current: Message[], incoming: Message[]): Message[] {
  const byId = new Map(current.map((m) => [m.id, m]));
  for (const m of incoming) byId.set(m.id, m);
  return [...byId.values()].sort((a, b) =>
    a.createdAt === b.createdAt ? (a.id < b.id ? -1 : 1) : a.createdAt < b.createdAt ? -1 : 1,
  );
}

function MessageItem({
  message,
  directory,
  workspaceName,
}: {
  message: Message;
  directory: Directory;
  workspaceName: string;
}) {
  const fromWorkspace = message.author === null;
  const author = message.author?.name ?? 'SalesOS';
  // The author's page, while they are an active member.
  const authorId = message.author && directory.byId.has(message.author.id) ? message.author.id : null;
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
            {authorId ? (
              <Anchor component={Link} to={`/people/${encodeURIComponent(authorId)}`} size="sm" fw={600} c="dark">
                {author}
              </Anchor>
            ) : (
              <Text size="sm" fw={600}>
                {author}
              </Text>
            )}
            {fromWorkspace ? (
              <Text size="xs" c="blue.8">
                {workspaceName}
              </Text>
            ) : null}
            <Text size="xs" c="dimmed" component="time" dateTime={message.createdAt}>
              {formatDateTime(message.createdAt)}
            </Text>
          </Group>
          <MessageText body={message.body} index={directory.index} />
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
  const directory = useDirectory();
  const { byId, loaded, refetch: refetchDirectory } = directory;

  // Someone who joined since the directory was loaded posts: load it again, so their name links.
  // Each unknown author is asked about once (one who has left stays unknown).
  const askedAbout = useRef(new Set<string>());
  const unknownAuthors = loaded
    ? [...new Set(messages.flatMap((m) => (m.author && !byId.has(m.author.id) ? [m.author.id] : [])))]
    : [];
  const newlyUnknown = unknownAuthors.filter((id) => !askedAbout.current.has(id)).join(' ');
  useEffect(() => {
    if (!newlyUnknown) return;
    for (const id of newlyUnknown.split(' ')) askedAbout.current.add(id);
    void refetchDirectory();
  }, [newlyUnknown, refetchDirectory]);

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
    // The session ended or lost this channel: never reconnect. Asking who is signed in sends a
    // signed-out person to sign in (any 401 does) and shows a switched workspace's own #general.
    const recheck = () => {
      void queryClient.invalidateQueries({ queryKey: queryKeys.chat.channels });
      void queryClient.invalidateQueries({ queryKey: queryKeys.me.all });
    };
    source.addEventListener('end', () => {
      source.close();
      recheck();
    });
    // A reconnect the server refused (401 after the session ended elsewhere, 429): the browser gives up.
    source.onerror = () => {
      if (source.readyState === EventSource.CLOSED) recheck();
    };
    return () => source.close();
  }, [channel.id, queryClient]);

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
      await queryClient.invalidateQueries({ queryKey: queryKeys.dashboard.all });
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
                <MessageItem key={m.id} message={m} directory={directory} workspaceName={me.workspace.name} />
              ))}
            </Stack>
          )}
        </Box>
      </Paper>
      <form onSubmit={submit} noValidate>
        <Stack gap="xs">
          <FormErrorAlert error={send.error} />
          <MessageComposer value={draft} error={draftError ?? undefined} onChange={setDraft} onSubmit={submit} />
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
  const channels = useQuery({ queryKey: queryKeys.chat.channels, queryFn: ({ signal }) => fetchChannels(signal) });
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
