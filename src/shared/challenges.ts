/** The first actions an admin picks a Getting Started challenge from, in the order shown. */
export const CHALLENGE_STEPS = [
  'complete_profile',
  'finish_tour',
  'post_in_general',
  'create_lead',
  'create_deal',
] as const;
export type ChallengeStep = (typeof CHALLENGE_STEPS)[number];

export const CHALLENGE_STEP_LABELS: Record<ChallengeStep, string> = {
  complete_profile: 'Complete your profile',
  finish_tour: 'Finish the tour',
  post_in_general: 'Post in #general',
  create_lead: 'Create a lead',
  create_deal: 'Create a deal',
};

/** Where in the app each step is done. */
export const CHALLENGE_STEP_LINKS: Record<ChallengeStep, string> = {
  complete_profile: '/onboarding/profile',
  finish_tour: '/onboarding/tour',
  post_in_general: '/chat/general',
  create_lead: '/leads',
  create_deal: '/deals',
};

/** Steps in catalogue order, each once. */
export function orderSteps(steps: readonly ChallengeStep[]): ChallengeStep[] {
  return CHALLENGE_STEPS.filter((s) => steps.includes(s));
}
