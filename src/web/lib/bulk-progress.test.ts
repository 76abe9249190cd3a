import { describe, expect, it } from 'vitest';
import { announcedStep, secondsLeft, sendProgress, timeLeftText } from './bulk-progress';

const counts = (c: Partial<{ valid: number; sent: number; skipped: number; invalid: number }>) => ({
  counts: { rows: 0, valid: 0, invalid: 0, sent: 0, skipped: 0, ...c },
});

describe('the progress of a send', () => {
  it('counts invited and skipped valid rows as done, invalid rows not at all', () => {
    expect(sendProgress(counts({ valid: 200, invalid: 10, sent: 50, skipped: 10 }))).toEqual({
      done: 50,
      total: 200,
      percent: 25,
    });
    expect(sendProgress(counts({ valid: 200, invalid: 10, sent: 180, skipped: 30 }))).toMatchObject({
      done: 200,
      percent: 100,
    });
    expect(sendProgress(counts({ valid: 0 })).percent).toBe(100);
  });

  it('estimates the time left from the rate seen, once there is one', () => {
    expect(secondsLeft(null, { at: 5000, done: 10 }, 100)).toBeNull();
    expect(secondsLeft({ at: 0, done: 0 }, { at: 500, done: 10 }, 100)).toBeNull();
    expect(secondsLeft({ at: 0, done: 10 }, { at: 2000, done: 10 }, 100)).toBeNull();
    expect(secondsLeft({ at: 0, done: 0 }, { at: 2000, done: 20 }, 100)).toBe(8);
    expect(timeLeftText(null)).toBe('Estimating the time left…');
    expect(timeLeftText(8)).toBe('A few seconds left');
    expect(timeLeftText(42)).toBe('About 40 seconds left');
    expect(timeLeftText(90)).toBe('About 2 minutes left');
    expect(timeLeftText(65)).toBe('About a minute left');
  });

  it('announces quarters, not every tick', () => {
    expect([0, 24, 25, 74, 99, 100].map(announcedStep)).toEqual([0, 0, 1, 2, 3, 4]);
  });
});
