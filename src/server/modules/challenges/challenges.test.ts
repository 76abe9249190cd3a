import { describe, expect, it } from 'vitest';
import type { ChallengeStep } from '../../../shared/challenges.js';
import type { MemberFacts } from './challenges.repository.js';
import { leaderboardOrder, progressOf } from './challenges.service.js';

const member = (over: Partial<MemberFacts> = {}): MemberFacts => ({
  id: 'u',
  name: 'Una',
  name_key: 'una',
  accepted_at: '2026-01-01T00:00:00.000Z',
  profile_completed_at: null,
  tour_completed_at: null,
  tour_status: null,
  updated_at: '2026-01-01T00:00:00.000Z',
  ...over,
});

const facts =
  (times: Partial<Record<ChallengeStep, string>>) =>
  (step: ChallengeStep): string | null =>
    times[step] ?? null;

describe('progressOf', () => {
  it('dates completion by the latest first act, and names the first step left', () => {
    const steps: ChallengeStep[] = ['complete_profile', 'create_lead', 'create_deal'];
    const some = progressOf(steps, member(), facts({ create_lead: '2026-01-03T00:00:00.000Z' }));
    expect(some).toMatchObject({ done: ['create_lead'], completedAt: null, stuckAt: 'complete_profile' });
    const all = progressOf(
      steps,
      member(),
      facts({
        complete_profile: '2026-01-02T00:00:00.000Z',
        create_lead: '2026-01-05T00:00:00.000Z',
        create_deal: '2026-01-04T00:00:00.000Z',
      }),
    );
    expect(all).toMatchObject({ done: steps, completedAt: '2026-01-05T00:00:00.000Z', stuckAt: null });
  });
});

describe('leaderboardOrder', () => {
  const item = (key: string, done: number, completedAt: string | null) => ({
    key,
    user: { id: key, name: key },
    done: (['complete_profile', 'finish_tour', 'create_lead'] as ChallengeStep[]).slice(0, done),
    completedAt,
    stuckAt: null,
  });
  it('puts finishers first (earliest first), then most steps done, then by name', () => {
    const sorted = [
      item('a', 1, null),
      item('b', 3, '2026-01-09T00:00:00.000Z'),
      item('c', 2, null),
      item('d', 3, '2026-01-02T00:00:00.000Z'),
      item('e', 2, null),
    ].sort(leaderboardOrder);
    expect(sorted.map((i) => i.key)).toEqual(['d', 'b', 'c', 'e', 'a']);
  });
});
