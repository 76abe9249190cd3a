import { describe, expect, it } from 'vitest';
import { accountLinkPath } from './account-link';

describe('accountLinkPath', () => {
  it('finds reset and verification links whatever the host', () => {
    expect(accountLinkPath('Choose a new password here:\nhttps://crm.example.com/reset-password/abc_DEF-1\n')).toEqual({
      path: '/reset-password/abc_DEF-1',
      label: 'Open password reset link',
    });
    expect(accountLinkPath('http://localhost:3000/verify-email/xyz')).toEqual({
      path: '/verify-email/xyz',
      label: 'Open verification link',
    });
    expect(accountLinkPath('http://localhost:3000/invite/xyz')).toBeNull();
  });
});
