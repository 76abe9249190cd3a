/** What server and web app agree on for the profile step of onboarding (SPEC §7). */

/** The largest photo accepted, in bytes (5 MB). */
export const PHOTO_MAX_BYTES = 5 * 1024 * 1024;

/** The image types a photo may be; the server decides by the file's first bytes, not its name. */
export const PHOTO_TYPES = ['image/jpeg', 'image/png', 'image/webp'] as const;

/** Width and height of the stored photo (a square WebP). */
export const PHOTO_SIZE = 256;

export const PHOTO_TOO_LARGE_MESSAGE = 'The photo is too large: at most 5 MB.';
export const PHOTO_UNSUPPORTED_MESSAGE = 'Use a JPEG, PNG or WebP image.';

export const ONBOARDING_STEPS = ['password', 'profile', 'tour'] as const;
export type OnboardingStepId = (typeof ONBOARDING_STEPS)[number];
export type OnboardingStepStatus = 'done' | 'skipped' | 'todo';
export type OnboardingNext = OnboardingStepId | 'dashboard';

export type Onboarding = {
  steps: { id: OnboardingStepId; status: OnboardingStepStatus }[];
  /** The first step still to do, or `dashboard` when every step is done or skipped. */
  next: OnboardingNext;
  /**
   * True for a person who joined by accepting an invitation: the web app takes them through
   * the steps left until `next` is `dashboard`. False for a workspace's founder, who is offered
   * them instead (see docs/decisions.md).
   */
  guided: boolean;
};

export type TourStatus = 'completed' | 'skipped';
