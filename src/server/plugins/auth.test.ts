import { describe, expect, it } from 'vitest';
import { ConfigError, loadConfig } from '../config.js';
import { isSessionIdle, touchAfterMs } from './auth.js';

describe('SESSION_IDLE_TIMEOUT', () => {
  it('defaults to 12 hours, takes the units of INVITATION_TTL, and names itself when it is wrong', () => {
    expect(loadConfig({}).sessionIdleTimeoutSeconds).toBe(12 * 3600);
    expect(loadConfig({ SESSION_IDLE_TIMEOUT: '30m' }).sessionIdleTimeoutSeconds).toBe(1800);
    expect(loadConfig({ SESSION_IDLE_TIMEOUT: '2d' }).sessionIdleTimeoutSeconds).toBe(2 * 86400);
    expect(() => loadConfig({ SESSION_IDLE_TIMEOUT: '12 hours' })).toThrow(ConfigError);
    expect(() => loadConfig({ SESSION_IDLE_TIMEOUT: '12 hours' })).toThrow(/SESSION_IDLE_TIMEOUT/);
    // The absolute lifetime is separate and stays 30 days.
    expect(loadConfig({ SESSION_IDLE_TIMEOUT: '30m' }).sessionTtlSeconds).toBe(30 * 86400);
  });

  it('refreshes last_seen_at at most every 5 minutes, and within a tenth of a short timeout', () => {
    expect(touchAfterMs(12 * 3600)).toBe(5 * 60 * 1000);
    expect(touchAfterMs(600)).toBe(60 * 1000);
    expect(touchAfterMs(30)).toBe(3000);
  });

  it('calls a session idle only once more than the timeout has passed since it was last seen', () => {
    const seen = '2030-01-01T00:00:00.000Z';
    const at = (seconds: number) => Date.parse(seen) + seconds * 1000;
    expect(isSessionIdle(seen, at(600), 600)).toBe(false);
    expect(isSessionIdle(seen, at(601), 600)).toBe(true);
  });
});
