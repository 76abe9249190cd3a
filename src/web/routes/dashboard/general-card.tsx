import { Group, Text } from '@mantine/core';
import type { Message } from '../../../shared/api/chat';
import { IconHash } from '../../components/icons';
import { MessageText } from '../../components/message-text';
import { useDirectory } from '../../hooks/use-directory';
import { formatDate } from '../../lib/format';
import { Card, CardLink, EmptyState, ItemList, ItemRow } from './dashboard-card';

export function General({ messages }: { messages: Message[] }) {
  const { index } = useDirectory();
  return (
    <Card id="general" title="#general" icon={IconHash} action={<CardLink to="/chat/general">Open #general</CardLink>}>
      {messages.length === 0 ? (
        <EmptyState
          title="No messages yet"
          hint="Recent messages of the whole workspace show here."
          start={{ to: '/chat/general', label: 'Say hello in #general', icon: IconHash, variant: 'light' }}
        />
      ) : (
        <ItemList label="Recent messages in #general">
          {messages.map((message) => (
            <ItemRow key={message.id}>
              <Group justify="space-between" gap="xs" wrap="nowrap">
                <Text size="sm" fw={600} truncate>
                  {message.author?.name ?? 'SalesOS'}
                </Text>
                <Text size="xs" c="dimmed" component="time" dateTime={message.createdAt}>
                  {formatDate(message.createdAt)}
                </Text>
              </Group>
              <MessageText body={message.body} index={index} lineClamp={2} />
            </ItemRow>
          ))}
        </ItemList>
      )}
    </Card>
  );
}
