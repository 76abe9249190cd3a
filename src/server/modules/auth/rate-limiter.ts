import type { RateLimitRule } from '../../config.js';
import type { AppContext } from '../../context.js';
import { AppError } from '../../lib/app-error.js';
import { hashSecret } from '../../lib/secrets.js';
import { isoAfterSeconds, nowIso } from '../../lib/time.js';
import { authRepository } from './auth.repository.js';
import { type CounterRow, rateLimitsRepository } from './rate-limits.repository.js';

// Counters live in the database so every server process sees the same count.
// Keys are hashed: an email or address never sits in the table in clear.
const keyOf = (scope: string, subject: string) => `${scope}:${hashSecret(subject.toLowerCase())}`;

export function humanDuration(seconds: number): string {
  if (seconds < 60) return `${seconds} second${seconds === 1 ? '' : 's'}`;
  const minutes = Math.ceil(seconds / 60);
  return `${minutes} minute${minutes === 1 ? '' : 's'}`;
}

function rateLimited(retryAfterSeconds: number): AppError {
  const retryAfter = Math.max(1, Math.ceil(retryAfterSeconds));
  return new AppError('rate_limited', {
    detail: `Too many attempts. Try again in ${humanDuration(retryAfter)}.`,
    headers: { 'retry-after': String(retryAfter) },
  });
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
  if (count > rule.max) throw rateLimited((Date.parse(reset_at) - Date.parse(now)) / 1000);
}

export async function clearRateLimit(ctx: AppContext, scope: string, subject: string): Promise<void> {
  await authRepository.clearRateLimit(ctx.database.db, keyOf(scope, subject));
}

// ---------------------------------------------------------------------------------------------
// Sign-in throttling: a growing delay instead of a lock (docs/decisions.md).

const FIRST_DELAY_SECONDS = 1;
const MAX_DELAY_SECONDS = 15 * 60;
/** Tries of the reservation when another process changed a counter between read and write. */
const RESERVE_TRIES = 5;

/**
 * The wait before the next attempt once `failures` are counted in the window: none up to
 * `rule.max`, then 1 s, doubling with each failure, at most 15 minutes (and never past the window).
 */
export function throttleDelaySeconds(failures: number, rule: RateLimitRule): number {
  if (failures < rule.max) return 0;
  return Math.min(MAX_DELAY_SECONDS, rule.windowSeconds, FIRST_DELAY_SECONDS * 2 ** (failures - rule.max));
}

/**
 * One counter guarding password attempts. A `throttle` counts failures in a window from the first
 * one and, past `rule.max`, makes the next attempt wait (its `:next` row holds until when). A
 * `ceiling` refuses every attempt once `rule.max` failures are in its window.
 */
export type Guard = {
  key: string;
  kind: 'throttle' | 'ceiling';
  rule: RateLimitRule;
  /** After a correct password: forget the counter (`clear`) or only take this attempt back (`refund`). */
  onSuccess: 'clear' | 'refund';
};

type State = { count: number; reset_at: string };

export type Decision =
  | { admitted: false; retryAfterSeconds: number }
  | { admitted: true; window: State; gate: State | null };

/** What `guard` says about one more attempt at `now` (ms), given its rows: pure, for unit tests. */
export function decide(guard: Guard, window: State | undefined, gate: State | undefined, now: number): Decision {
  const live = window !== undefined && Date.parse(window.reset_at) > now;
  const count = live ? window.count : 0;
  if (guard.kind === 'throttle' && gate && Date.parse(gate.reset_at) > now) {
    return { admitted: false, retryAfterSeconds: (Date.parse(gate.reset_at) - now) / 1000 };
  }
  if (guard.kind === 'ceiling' && live && count >= guard.rule.max) {
    return { admitted: false, retryAfterSeconds: (Date.parse(window.reset_at) - now) / 1000 };
  }
  const next: State = live
    ? { count: count + 1, reset_at: window.reset_at }
    : { count: 1, reset_at: new Date(now + guard.rule.windowSeconds * 1000).toISOString() };
  const delay = guard.kind === 'throttle' ? throttleDelaySeconds(next.count, guard.rule) : 0;
  const gateState = delay > 0 ? { count: next.count, reset_at: new Date(now + delay * 1000).toISOString() } : null;
  return { admitted: true, window: next, gate: gateState };
}

const gateKey = (key: string) => `${key}:next`;

/** What a reservation wrote over what it read, to take it back after a correct password. */
type Written = {
  guard: Guard;
  before: CounterRow | undefined;
  after: State;
  gateBefore?: CounterRow;
  gate: State | null;
};

class Contended extends Error {}

/**
 * Takes one attempt from every guard at once, in one transaction, or none: a refusal by any guard
 * writes nothing, so attempts refused inside a delay neither count nor grow it (nor reach the
 * ceiling). Every write is a compare-and-set on what was read: parallel attempts cannot all take
 * the same free slot.
 */
async function reserve(ctx: AppContext, guards: Guard[]): Promise<Written[]> {
  for (let attempt = 1; ; attempt++) {
    try {
      return await ctx.database.transaction(async (trx) => {
        const now = Date.now();
        const rows = await rateLimitsRepository.find(
          trx,
          guards.flatMap((g) => (g.kind === 'throttle' ? [g.key, gateKey(g.key)] : [g.key])),
        );
        const byKey = new Map(rows.map((r) => [r.key, r]));
        const decisions = guards.map((guard) => {
          const window = byKey.get(guard.key);
          const gate = guard.kind === 'throttle' ? byKey.get(gateKey(guard.key)) : undefined;
          return { guard, window, gate, decision: decide(guard, window, gate, now) };
        });
        const waits = decisions.flatMap((d) => (d.decision.admitted ? [] : [d.decision.retryAfterSeconds]));
        if (waits.length > 0) throw rateLimited(Math.max(...waits));

        const written: Written[] = [];
        for (const { guard, window, gate, decision } of decisions) {
          if (!decision.admitted) continue;
          const ok = window
            ? await rateLimitsRepository.compareAndSet(trx, guard.key, window, decision.window)
            : await rateLimitsRepository.insertIfAbsent(trx, { key: guard.key, ...decision.window });
          if (!ok) throw new Contended();
          // The window row's compare-and-set already serialises writers of this guard.
          if (decision.gate) await rateLimitsRepository.put(trx, { key: gateKey(guard.key), ...decision.gate });
          written.push({
            guard,
            before: window,
            after: decision.window,
            ...(gate ? { gateBefore: gate } : {}),
            gate: decision.gate,
          });
        }
        return written;
      });
    } catch (error) {
      if (!(error instanceof Contended)) throw error;
      if (attempt >= RESERVE_TRIES) throw rateLimited(1);
    }
  }
}

/** Takes back what `reserve` wrote, unless someone wrote since: then only this attempt's count. */
async function settleSuccess(ctx: AppContext, written: Written[]): Promise<void> {
  const { db } = ctx.database;
  for (const w of written) {
    const { key } = w.guard;
    if (w.guard.onSuccess === 'clear') {
      await rateLimitsRepository.deleteKeys(db, [key, gateKey(key)]);
      continue;
    }
    const restored = w.before
      ? await rateLimitsRepository.compareAndSet(db, key, w.after, w.before)
      : await rateLimitsRepository.deleteIfUnchanged(db, key, w.after);
    if (!restored) await rateLimitsRepository.decrement(db, key);
    if (w.gate) {
      if (w.gateBefore) await rateLimitsRepository.compareAndSet(db, gateKey(key), w.gate, w.gateBefore);
      else await rateLimitsRepository.deleteIfUnchanged(db, gateKey(key), w.gate);
    }
  }
}

/** The guards of one password attempt for `email` from `ip` (ctx.config.rateLimits explains each). */
function loginGuards(ctx: AppContext, email: string, ip: string): Guard[] {
  const limits = ctx.config.rateLimits;
  const emailKey = keyOf('login-email', email);
  return [
    { key: keyOf('login-address', ip), kind: 'throttle', rule: limits.loginPerAddress, onSuccess: 'refund' },
    {
      key: `${emailKey}:${hashSecret(ip.toLowerCase())}`,
      kind: 'throttle',
      rule: limits.loginPerEmailAddress,
      onSuccess: 'clear',
    },
    // `login-email:<hash>` is the key a password reset clears (account-recovery.service.ts).
    { key: emailKey, kind: 'ceiling', rule: limits.loginPerEmail, onSuccess: 'refund' },
  ];
}

/**
 * Runs `check` (a password verification for `email`) under the sign-in throttles: inside a delay,
 * or over the per-account ceiling, it throws 429 `rate_limited` with Retry-After without running
 * `check`. Every attempt counts as a failure until `check` says the password is right.
 */
export async function throttledPasswordCheck(
  ctx: AppContext,
  attempt: { email: string; ip: string },
  check: () => Promise<boolean>,
): Promise<boolean> {
  const written = await reserve(ctx, loginGuards(ctx, attempt.email, attempt.ip)).catch((error: unknown) => {
    if (error instanceof AppError && error.code === 'rate_limited') {
      ctx.log.info({ event: 'login_throttled', retryAfter: error.headers['retry-after'] }, 'sign-in attempt delayed');
    }
    throw error;
  });
  const ok = await check();
  if (ok) await settleSuccess(ctx, written);
  return ok;
}
