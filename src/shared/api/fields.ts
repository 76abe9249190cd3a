import { z } from 'zod';

// biome-ignore lint/suspicious/noControlCharactersInRegex: refusing control characters is the point
const CONTROL = /[\u0000-\u001f\u007f]/;

/** A single line of text a person typed: trimmed, no CR/LF or other control characters. */
export function lineOfText(max: number) {
  return singleLine(z.string().trim().min(1, 'Required.').max(max, `At most ${max} characters.`));
}

/** Refuses CR/LF and other control characters in `text`. */
export function singleLine(text: z.ZodString) {
  return text.refine((s) => !CONTROL.test(s), 'Must be a single line of text.');
}

/** Emails are trimmed and compared case-insensitively, so they are stored lower-cased. */
export const emailField = z
  .string()
  .trim()
  .toLowerCase()
  .max(254, 'At most 254 characters.')
  .pipe(z.email('Enter a valid email address.'));

export const personName = lineOfText(100);

/** Passwords are taken exactly as typed (no trimming); length and strength rules answer `weak_password` with a reason. */
export const passwordField = z.string().min(1, 'Required.').max(100_000);

/** A link's token: 32 random bytes in base64url (43 characters); any other string is simply not valid. */
export const tokenField = z.string().min(1, 'Required.').max(200);
