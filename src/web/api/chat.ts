import type { Channel, Message, WelcomeInput, WelcomeMessage } from '../../shared/api/chat';
import type { Page } from '../../shared/api/pagination';
import { api } from './client';

export function fetchChannels(signal?: AbortSignal): Promise<Page<Channel>> {
  return api.get<Page<Channel>>('/api/v1/channels', { signal });
}

/** A page of messages, oldest first; `cursor` (a page's `nextCursor`) gets the ones before it. */
export function fetchMessages(channelId: string, cursor?: string | null, signal?: AbortSignal): Promise<Page<Message>> {
  return api.get<Page<Message>>(`/api/v1/channels/${encodeURIComponent(channelId)}/messages`, {
    query: { limit: 50, cursor },
    signal,
  });
}

export function postMessage(channelId: string, body: string): Promise<Message> {
  return api.post<Message>(`/api/v1/channels/${encodeURIComponent(channelId)}/messages`, { body });
}

/** The live stream's URL, for an EventSource (same origin: the session cookie goes along). */
export function streamUrl(channelId: string): string {
  return `/api/v1/channels/${encodeURIComponent(channelId)}/stream`;
}

export function fetchWelcome(signal?: AbortSignal): Promise<WelcomeMessage> {
  return api.get<WelcomeMessage>('/api/v1/onboarding/welcome-message', { signal });
}

export function saveWelcome(value: WelcomeInput): Promise<WelcomeMessage> {
  return api.put<WelcomeMessage>('/api/v1/onboarding/welcome-message', value);
}

/** The welcome as it will be posted, for the preview. */
export function renderWelcome(template: string, values: { name: string; team: string; role: string }): string {
  return template.replace(/\{(name|team|role)\}/g, (_, key: 'name' | 'team' | 'role') => values[key]).trim();
}
