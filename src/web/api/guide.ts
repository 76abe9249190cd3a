import { api } from './client';

/** GET/PUT /api/v1/onboarding/guide: `html` is rendered and sanitised by the server. */
export type Guide = { markdown: string; html: string; updatedAt: string | null };

/** The server's limit (GUIDE_MAX_CHARS), checked here too so the editor can say it first. */
export const GUIDE_MAX_CHARS = 50_000;

export const guideKeys = { all: ['guide'] as const };

export function fetchGuide(signal?: AbortSignal): Promise<Guide> {
  return api.get<Guide>('/api/v1/onboarding/guide', { signal });
}

export function saveGuide(markdown: string): Promise<Guide> {
  return api.put<Guide>('/api/v1/onboarding/guide', { markdown });
}
