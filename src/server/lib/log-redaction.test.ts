import { describe, expect, it } from 'vitest';
import { redactUrl } from './log-redaction.js';

describe('redactUrl', () => {
  it('hides tokens in paths and query strings', () => {
    expect(redactUrl('/invite/abcDEF123_-xyz')).toBe('/invite/[redacted]');
    expect(redactUrl('/reset-password/tok?x=1')).toBe('/reset-password/[redacted]?x=1');
    expect(redactUrl('/verify-email/abcDEF123_-xyz')).toBe('/verify-email/[redacted]');
    expect(redactUrl('/auth/sso/callback?code=secret&state=s2&other=1')).toBe(
      '/auth/sso/callback?code=[redacted]&state=[redacted]&other=1',
    );
    expect(redactUrl('/api/v1/users?q=ann')).toBe('/api/v1/users?q=ann');
  });
});
