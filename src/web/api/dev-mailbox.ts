import { api } from './client';
import type { DevMail, Page } from './types';

export function listDevMail(params: { limit?: number; cursor?: string | null }, signal?: AbortSignal) {
  return api.get<Page<DevMail>>('/api/v1/dev/mailbox', { query: params, signal });
}
