import { describe, expect, it } from 'vitest';
import { AppError } from '../../lib/app-error.js';
import { renderSsoErrorPage, ssoPageStatus } from './sso-error-page.js';

describe('ssoPageStatus', () => {
  it('keeps 403, 429 and 500, and makes every other refusal a 400 page', () => {
    expect(ssoPageStatus(new AppError('sso_failed'))).toBe(400);
    expect(ssoPageStatus(new AppError('user_deactivated'))).toBe(403);
    expect(ssoPageStatus(new AppError('rate_limited'))).toBe(429);
    expect(ssoPageStatus(new AppError('sso_unavailable'))).toBe(500);
    expect(ssoPageStatus(new AppError('internal_error'))).toBe(500);
    // The API's own statuses for these do not reach the page.
    expect(ssoPageStatus(new AppError('invitation_not_found'))).toBe(400);
    expect(ssoPageStatus(new AppError('invitation_expired'))).toBe(400);
    expect(ssoPageStatus(new AppError('account_exists'))).toBe(400);
    expect(ssoPageStatus(new AppError('service_unavailable'))).toBe(400);
  });
});

describe('renderSsoErrorPage', () => {
  it('shows the words escaped', () => {
    const page = renderSsoErrorPage('<b>"Tom" & \'Jerry\'</b>');
    expect(page).toContain('&lt;b&gt;&quot;Tom&quot; &amp; &#39;Jerry&#39;&lt;/b&gt;');
    expect(page).not.toContain('<b>');
  });
});
