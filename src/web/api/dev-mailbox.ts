import type { DevMail, DevMailParams } from '../../shared/api/dev-mailbox';
import type { Page } from '../../shared/api/pagination';
import { api } from './client';

export function listDevMail(params: DevMailParams, signal?: AbortSignal) {
  return api.get<Page<DevMail>>('/api/v1/dev/mailbox', { query: params, signal });
}
