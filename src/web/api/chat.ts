import { api } from './client';
import type { Page } from './types';

/** API.md "Message": `author` null when the workspace itself posted (the welcome). `body` is plain text. */
export type Message = {
  id: string;
  channelId: string;
  body: string;
  author: { id: string; name: string } | null;
  createdAt: string;
};
export type Channel = { id: string; name: string; createdAt: string };
export type WelcomeMessage = { enabled: boolean; template: string; updatedAt: string | null };

/** The server's limits, checked here too so the forms can say it first. */
export const MESSAGE_MAX = 4000;
export const WELCOME_MAX = 2000;
export const WELCOME_PLACEHOLDERS = ['name', 'team', 'role'] as const;

export const chatKeys = {
  channels: ['chat', 'channels'] as const,
  welcome: ['chat', 'welcome'] as const,
};

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

export function saveWelcome(value: { enabled: boolean; template: string }): Promise<WelcomeMessage> {
  return api.put<WelcomeMessage>('/api/v1/onboarding/welcome-message', value);
}

/** Placeholders the server would refuse (anything in braces but {name}, {team}, {role}). */
export function unknownPlaceholders(template: string): string[] {
  return [...template.matchAll(/\{([^{}]*)\}/g)]
    .map((m) => m[1] ?? '')
    .filter((p) => !(WELCOME_PLACEHOLDERS as readonly string[]).includes(p));
}

/** The welcome as it will be posted, for the preview. */
export function renderWelcome(template: string, values: { name: string; team: string; role: string }): string {
  return template.replace(/\{(name|team|role)\}/g, (_, key: 'name' | 'team' | 'role') => values[key]).trim();
}
