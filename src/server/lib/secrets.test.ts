import { describe, expect, it } from 'vitest';
import { hashSecret, newId, newSecret } from './secrets.js';

describe('newId', () => {
  it('is a UUIDv7 (RFC 9562): version 7, variant 10, the current time in its first 48 bits', () => {
    const before = Date.now();
    const id = newId();
    const after = Date.now();
    expect(id).toMatch(/^[0-9a-f]{8}-[0-9a-f]{4}-7[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/);
    const ms = Number.parseInt(id.replaceAll('-', '').slice(0, 12), 16);
    expect(ms).toBeGreaterThanOrEqual(before);
    expect(ms).toBeLessThanOrEqual(after);
  });

  it('sorts by the time it was made, and never repeats', () => {
    const first = newId();
    const start = Date.now();
    while (Date.now() === start) {
      // the next id must come from a later millisecond
    }
    const ids = Array.from({ length: 10_000 }, () => newId());
    expect(new Set(ids).size).toBe(ids.length);
    for (const id of ids) expect(id > first).toBe(true);
  });
});

describe('newSecret', () => {
  it('is 32 random bytes in base64url, and its hash is SHA-256 hex', () => {
    const secret = newSecret();
    expect(secret).toMatch(/^[A-Za-z0-9_-]{43}$/);
    expect(Buffer.from(secret, 'base64url')).toHaveLength(32);
    expect(hashSecret(secret)).toMatch(/^[0-9a-f]{64}$/);
    expect(new Set(Array.from({ length: 1000 }, () => newSecret())).size).toBe(1000);
  });
});
