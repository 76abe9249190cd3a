import { ZxcvbnFactory } from '@zxcvbn-ts/core';
import * as common from '@zxcvbn-ts/language-common';
import * as en from '@zxcvbn-ts/language-en';

export const PASSWORD_MIN_LENGTH = 10;
export const PASSWORD_MAX_LENGTH = 256;
/** zxcvbn score (0–4) a password must reach: 3 means about 10^8 guesses or more. */
const MIN_SCORE = 3;

export type PasswordContext = { name?: string | null; email?: string | null; workspaceName?: string | null };
export type PasswordVerdict = { ok: true; score: number } | { ok: false; score: number; reason: string };

let factory: ZxcvbnFactory | undefined;
function estimator(): ZxcvbnFactory {
  factory ??= new ZxcvbnFactory({
    dictionary: { ...common.dictionary, ...en.dictionary },
    graphs: common.adjacencyGraphs,
    translations: en.translations,
    // The estimate runs on the request thread: with the defaults (256 characters, 100 l33t
    // substitutions) one long password held the server for seconds. It reads 64 characters
    // (after `collapseRuns`), which is plenty to tell a strong password.
    maxLength: 64,
    l33tMaxSubstitutions: 10,
  });
  return factory;
}

/** Length in characters as a person counts them (code points), not UTF-16 units. */
export function passwordLength(password: string): number {
  let n = 0;
  for (const _ of password) n++;
  return n;
}

/** Runs of one character beyond three add next to nothing to a password's strength. */
const collapseRuns = (s: string) => s.replace(/(.)\1{3,}/gsu, '$1$1$1');

const compact = (s: string) => s.toLowerCase().replace(/[^\p{L}\p{N}]+/gu, '');

/** The words a password must not be built on: the person's name, email and the workspace name. */
export function contextWords(ctx: PasswordContext): string[] {
  const words = new Set<string>();
  const add = (s: string | null | undefined) => {
    if (!s) return;
    const whole = compact(s);
    if (whole.length >= 3) words.add(whole);
    for (const part of s.toLowerCase().split(/[^\p{L}\p{N}]+/u)) if (part.length >= 3) words.add(part);
  };
  add(ctx.name);
  add(ctx.workspaceName);
  if (ctx.email) {
    const [local, domain] = ctx.email.split('@');
    add(local);
    add(domain?.split('.')[0]);
  }
  return [...words].sort((a, b) => b.length - a.length);
}

/**
 * The password rules: 10 to 256 characters, compared exactly as typed, no composition rules;
 * refused when common or easily guessed, or built on the person's name, email or workspace name.
 */
export function checkPassword(password: string, ctx: PasswordContext = {}): PasswordVerdict {
  const length = passwordLength(password);
  if (length < PASSWORD_MIN_LENGTH) {
    return { ok: false, score: 0, reason: `Use at least ${PASSWORD_MIN_LENGTH} characters.` };
  }
  if (length > PASSWORD_MAX_LENGTH) {
    return { ok: false, score: 0, reason: `Use at most ${PASSWORD_MAX_LENGTH} characters.` };
  }
  const words = contextWords(ctx);
  const z = estimator();
  const result = z.check(collapseRuns(password), words);
  if (result.score < MIN_SCORE) {
    const warning = result.feedback.warning;
    const suggestion = result.feedback.suggestions[0];
    return {
      ok: false,
      score: result.score,
      reason: warning || suggestion || 'This password is too easy to guess: add more words or characters.',
    };
  }
  // zxcvbn only spots context words as whole tokens; also refuse a password whose remainder,
  // once the name, email and workspace name are taken out, would be guessable on its own.
  let rest = compact(password);
  let usedContext = false;
  for (const w of words) {
    if (rest.includes(w)) {
      usedContext = true;
      rest = rest.split(w).join('');
    }
  }
  if (usedContext && (passwordLength(rest) < 8 || z.check(rest).score < MIN_SCORE)) {
    return {
      ok: false,
      score: Math.min(result.score, 2),
      reason: 'This password is built on your name, email or workspace name: choose something less personal.',
    };
  }
  return { ok: true, score: result.score };
}
