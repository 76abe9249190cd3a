import type { RateLimitRule } from '../../config.js';
import type { AppContext } from '../../context.js';
import { AppError } from '../../lib/app-error.js';
import { hashSecret } from '../../lib/secrets.js';
import { isoAfterSeconds, nowIso } from '../../lib/time.js';
import { authRepository } from './auth.repository.js';

// Counters live in the database so every server process sees the same count.
// Keys are hashed: an email or address never sits in the table in clear.
const keyOf = (scope: string, subject: string) => `${scope}:${hashSecret(subject.toLowerCase())}`;

export function humanDuration(seconds: number): string {
  if (seconds < 60) return `${seconds} second${seconds === 1 ? '' : 's'}`;
  const minutes = Math.ceil(seconds / 60);
  return `${minutes} minute${minutes === 1 ? '' : 's'}`;
}

/** Counts one attempt; refuses with 429 `rate_limited` and `Retry-After` once over the rule. */
export async function hitRateLimit(
  ctx: AppContext,
  scope: string,
  subject: string,
  rule: RateLimitRule,
): Promise<void> {
  const now = nowIso();
  const { count, reset_at } = await authRepository.hitRateLimit(ctx.database.db, {
    key: keyOf(scope, subject),
    now,
    resetAt: isoAfterSeconds(rule.windowSeconds),
  });
  if (count > rule.max) {
    const retryAfter = Math.max(1, Math.ceil((Date.parse(reset_at) - Date.parse(now)) / 1000));
    throw new AppError('rate_limited', {
      detail: `Too many attempts. Try again in ${humanDuration(retryAfter)}.`,
      headers: { 'retry-after': String(retryAfter) },
    });
  }
}

export async function clearRateLimit(ctx: AppContext, scope: string, subject: string): Promise<void> {
  await authRepository.clearRateLimit(ctx.database.db, keyOf(scope, subject));
}
