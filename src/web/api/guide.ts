import type { Guide } from '../../shared/api/guide';
import { api } from './client';

export function fetchGuide(signal?: AbortSignal): Promise<Guide> {
  return api.get<Guide>('/api/v1/onboarding/guide', { signal });
}

export function saveGuide(markdown: string): Promise<Guide> {
  return api.put<Guide>('/api/v1/onboarding/guide', { markdown });
}
