import type { Challenge, ChallengeChange, ChallengeInput, ChallengeProgress } from '../../shared/api/challenges';
import type { Page } from '../../shared/api/pagination';
import { api } from './client';

export function listChallenges(signal?: AbortSignal): Promise<Page<Challenge>> {
  return api.get<Page<Challenge>>('/api/v1/challenges', { signal });
}

export function createChallenge(input: ChallengeInput): Promise<Challenge> {
  return api.post<Challenge>('/api/v1/challenges', input);
}

export function updateChallenge(id: string, input: ChallengeChange): Promise<Challenge> {
  return api.patch<Challenge>(`/api/v1/challenges/${encodeURIComponent(id)}`, input);
}

export function fetchChallengeProgress(id: string, signal?: AbortSignal): Promise<ChallengeProgress> {
  return api.get<ChallengeProgress>(`/api/v1/challenges/${encodeURIComponent(id)}/progress`, { signal });
}
