/** What server and web app agree on for the profile step of onboarding: name, photo and phone. */

/** The largest photo accepted, in bytes (5 MB). */
export const PHOTO_MAX_BYTES = 5 * 1024 * 1024;

/** The image types a photo may be; the server decides by the file's first bytes, not its name. */
export const PHOTO_TYPES = ['image/jpeg', 'image/png', 'image/webp'] as const;

/** Width and height of the stored photo (a square WebP). */
export const PHOTO_SIZE = 256;

export const PHOTO_TOO_LARGE_MESSAGE = 'The photo is too large: at most 5 MB.';
export const PHOTO_UNSUPPORTED_MESSAGE = 'Use a JPEG, PNG or WebP image.';

export const ONBOARDING_STEPS = ['password', 'profile', 'tour'] as const;
