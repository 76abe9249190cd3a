import { describe, expect, it } from 'vitest';
import { decide, type Guard, throttleDelaySeconds } from './rate-limiter.js';

const rule = { max: 5, windowSeconds: 24 * 3600 };
const throttle: Guard = { key: 'k', kind: 'throttle', rule, onSuccess: 'clear' };
const ceiling: Guard = { key: 'c', kind: 'ceiling', rule: { max: 3, windowSeconds: 900 }, onSuccess: 'refund' };
const NOW = Date.parse('2026-01-01T00:00:00.000Z');
const at = (seconds: number) => new Date(NOW + seconds * 1000).toISOString();

describe('throttleDelaySeconds', () => {
  it('is free up to the rule, then 1 s doubling per failure, capped at 15 minutes', () => {
    const delays = Array.from({ length: 18 }, (_, i) => throttleDelaySeconds(i, rule));
    expect(delays).toEqual([0, 0, 0, 0, 0, 1, 2, 4, 8, 16, 32, 64, 128, 256, 512, 900, 900, 900]);
    expect(throttleDelaySeconds(10_000, rule)).toBe(900);
  });

  it('never waits past the window the failures are counted in', () => {
    expect(throttleDelaySeconds(20, { max: 1, windowSeconds: 60 })).toBe(60);
  });
});

describe('decide', () => {
  it('counts the first attempt in a new window', () => {
    expect(decide(throttle, undefined, undefined, NOW)).toEqual({
      admitted: true,
      window: { count: 1, reset_at: at(24 * 3600) },
      gate: null,
    });
  });

  it('sets the delay with the failure that reaches the rule, and refuses inside it', () => {
    const window = { count: 4, reset_at: at(3600) };
    const fifth = decide(throttle, window, undefined, NOW);
    expect(fifth).toEqual({
      admitted: true,
      window: { count: 5, reset_at: at(3600) },
      gate: { count: 5, reset_at: at(1) },
    });
    const gate = { count: 5, reset_at: at(1) };
    expect(decide(throttle, { count: 5, reset_at: at(3600) }, gate, NOW + 500)).toEqual({
      admitted: false,
      retryAfterSeconds: 0.5,
    });
    expect(decide(throttle, { count: 5, reset_at: at(3600) }, gate, NOW + 1000)).toMatchObject({
      admitted: true,
      window: { count: 6 },
      gate: { reset_at: at(3) },
    });
  });

  it('starts over once the window has ended', () => {
    const decision = decide(throttle, { count: 40, reset_at: at(-1) }, { count: 40, reset_at: at(-2) }, NOW);
    expect(decision).toEqual({ admitted: true, window: { count: 1, reset_at: at(24 * 3600) }, gate: null });
  });

  it('a ceiling refuses every attempt once full, until its window ends, and never sets a delay', () => {
    expect(decide(ceiling, { count: 2, reset_at: at(600) }, undefined, NOW)).toEqual({
      admitted: true,
      window: { count: 3, reset_at: at(600) },
      gate: null,
    });
    expect(decide(ceiling, { count: 3, reset_at: at(600) }, undefined, NOW)).toEqual({
      admitted: false,
      retryAfterSeconds: 600,
    });
    expect(decide(ceiling, { count: 3, reset_at: at(0) }, undefined, NOW)).toMatchObject({ admitted: true });
  });
});
