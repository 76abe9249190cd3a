import type { ChallengeStep } from '../../shared/challenges';
import { api } from './client';
import type { Page, Ref } from './types';

/** API.md "Challenge". */
export type Challenge = {
  id: string;
  name: string;
  steps: ChallengeStep[];
  active: boolean;
  dueDays: number | null;
  createdAt: string;
};

export type ChallengeInput = { name: string; steps: ChallengeStep[]; active: boolean; dueDays: number | null };

/** One person's progress; `stuckAt` is the first step not done (null once finished). */
export type ChallengeProgress = {
  user: Ref;
  done: ChallengeStep[];
  completedAt: string | null;
  stuckAt: ChallengeStep | null;
};

/** The dashboard's `challenge`: the active challenge and the signed-in person's progress. */
export type MyChallenge = {
  id: string;
  name: string;
  steps: ChallengeStep[];
  dueDays: number | null;
  dueAt: string | null;
  done: ChallengeStep[];
  completedAt: string | null;
};

export function listChallenges(signal?: AbortSignal): Promise<Page<Challenge>> {
  return api.get<Page<Challenge>>('/api/v1/challenges', { signal });
}

export function createChallenge(input: ChallengeInput): Promise<Challenge> {
  return api.post<Challenge>('/api/v1/challenges', input);
}

export function updateChallenge(id: string, input: Partial<ChallengeInput>): Promise<Challenge> {
  return api.patch<Challenge>(`/api/v1/challenges/${encodeURIComponent(id)}`, input);
}

export function fetchChallengeProgress(id: string, signal?: AbortSignal): Promise<{ items: ChallengeProgress[] }> {
  return api.get<{ items: ChallengeProgress[] }>(`/api/v1/challenges/${encodeURIComponent(id)}/progress`, { signal });
}

export const challengeKeys = {
  all: ['challenges'] as const,
  progress: (id: string) => ['challenges', id, 'progress'] as const,
};
