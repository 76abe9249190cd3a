import type { Onboarding, OnboardingStepStatus } from '../../../shared/api/profile.js';
import type { Executor } from '../../db/executor.js';
import type { Row } from '../../db/schema.js';
import type { UserRow } from '../users/users.repository.js';
import { profileRepository } from './profile.repository.js';

type OnboardingUser = Pick<UserRow, 'id' | 'profile_completed_at' | 'profile_skipped_at' | 'tour_status'>;

/** The three steps as the help page lists them, from what is stored (pure; see onboardingOf). */
export function onboardingSteps(args: { user: OnboardingUser; hasCredential: boolean; guided: boolean }): Onboarding {
  const { user } = args;
  const profile: OnboardingStepStatus = user.profile_completed_at
    ? 'done'
    : user.profile_skipped_at
      ? 'skipped'
      : 'todo';
  const tour: OnboardingStepStatus =
    user.tour_status === 'completed' ? 'done' : user.tour_status === 'skipped' ? 'skipped' : 'todo';
  const steps: Onboarding['steps'] = [
    { id: 'password', status: args.hasCredential ? 'done' : 'todo' },
    { id: 'profile', status: profile },
    { id: 'tour', status: tour },
  ];
  return { steps, next: steps.find((s) => s.status === 'todo')?.id ?? 'dashboard', guided: args.guided };
}

/**
 * The signed-in person's onboarding. The password step is done for an account with a password
 * or an SSO identity (a session needs one or the other, so it is always done in practice).
 * `guided`: the person joined this workspace by accepting an invitation (every invitation ever
 * sent keeps its token hashes); a founder who signed up did not.
 */
export async function onboardingOf(
  db: Executor,
  args: { account: Pick<Row<'accounts'>, 'id' | 'password_hash'>; user: OnboardingUser },
): Promise<Onboarding> {
  const [hasCredential, guided] = await Promise.all([
    args.account.password_hash ? true : profileRepository.hasSsoIdentity(db, args.account.id),
    profileRepository.hasInvitation(db, args.user.id),
  ]);
  return onboardingSteps({ user: args.user, hasCredential, guided });
}
