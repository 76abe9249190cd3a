import { describe, expect, it } from 'vitest';
import { invitationPath } from './invitation-link';

describe('invitationPath', () => {
  it('finds the link in an email and keeps it on this site', () => {
    const text = 'Accept the invitation:\nhttp://localhost:0/invite/AbC-12_xyz\n\nGuide: http://localhost:0/guide';
    expect(invitationPath(text)).toBe('/invite/AbC-12_xyz');
  });

  it('ignores what follows the token and emails without a link', () => {
    expect(invitationPath('https://sales.example/invite/tok3n.')).toBe('/invite/tok3n');
    expect(invitationPath('Verify your email: https://sales.example/verify/abc')).toBeNull();
    expect(invitationPath('https://sales.example/invite/')).toBeNull();
  });
});
