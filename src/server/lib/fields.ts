import { z } from 'zod';

// biome-ignore lint/suspicious/noControlCharactersInRegex: refusing control characters is the point
const CONTROL = /[\u0000-\u001f\u007f]/;

/** A single line of text a person typed: trimmed, no CR/LF or other control characters. */
export function lineOfText(max: number) {
  return z
    .string()
    .trim()
    .min(1, 'Required.')
    .max(max, `At most ${max} characters.`)
    .refine((s) => !CONTROL.test(s), 'Must be a single line of text.');
}

/** Emails are trimmed and compared case-insensitively, so they are stored lower-cased. */
export const emailField = z
  .string()
  .trim()
  .toLowerCase()
  .max(254, 'At most 254 characters.')
  .pipe(z.email('Enter a valid email address.'));

export const personName = lineOfText(100);
