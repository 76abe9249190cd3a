import { describe, expect, it } from 'vitest';
import { AppError } from '../../lib/app-error.js';
import { onboardingSteps } from './onboarding.js';
import { toE164 } from './phone.js';
import { sniffImage } from './photo.js';

describe('sniffImage', () => {
  it.each([
    ['jpeg', [0xff, 0xd8, 0xff, 0xe0, 0, 0x10]],
    ['png', [0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a, 0, 0]],
    ['webp', [...Buffer.from('RIFF'), 1, 2, 3, 4, ...Buffer.from('WEBPVP8 ')]],
  ] as const)('reads %s from its first bytes', (kind, bytes) => {
    expect(sniffImage(Buffer.from(bytes))).toBe(kind);
  });
  it.each([
    ['HTML', Buffer.from('<!doctype html><html>')],
    ['GIF', Buffer.from('GIF89a')],
    ['SVG', Buffer.from('<svg xmlns="http://www.w3.org/2000/svg"/>')],
    ['a RIFF that is not WebP', Buffer.from('RIFF\u0000\u0000\u0000\u0000WAVEfmt ')],
    ['a cut signature', Buffer.from([0x89, 0x50, 0x4e])],
    ['nothing', Buffer.alloc(0)],
  ])('refuses %s', (_name, bytes) => {
    expect(sniffImage(bytes)).toBeNull();
  });
});

describe('onboardingSteps', () => {
  const user = { id: 'u', profile_completed_at: null, profile_skipped_at: null, tour_status: null };
  it('starts at the profile', () => {
    expect(onboardingSteps({ user, hasCredential: true, guided: true })).toEqual({
      steps: [
        { id: 'password', status: 'done' },
        { id: 'profile', status: 'todo' },
        { id: 'tour', status: 'todo' },
      ],
      next: 'profile',
      guided: true,
    });
  });
  it('counts skipped steps as dealt with, and done over skipped', () => {
    const skipped = { ...user, profile_skipped_at: 'x', tour_status: 'skipped' };
    expect(onboardingSteps({ user: skipped, hasCredential: true, guided: false }).next).toBe('dashboard');
    const both = { ...skipped, profile_completed_at: 'y' };
    expect(onboardingSteps({ user: both, hasCredential: true, guided: false }).steps[1]?.status).toBe('done');
    const toured = { ...user, profile_skipped_at: 'x', tour_status: 'completed' };
    expect(onboardingSteps({ user: toured, hasCredential: true, guided: true }).steps[2]?.status).toBe('done');
  });
  it('names the password first when the account has no way to sign in', () => {
    expect(onboardingSteps({ user, hasCredential: false, guided: true }).next).toBe('password');
  });
});

describe('toE164', () => {
  it.each([
    ['(202) 456-1111', 'US', '+12024561111'],
    ['06 12 34 56 78', 'FR', '+33612345678'],
    ['+49 30 901820', null, '+4930901820'],
  ] as const)('%s (%s) → %s', (input, country, e164) => {
    expect(toE164(input, country)).toBe(e164);
  });
  it.each([
    ['202 456 1111', null],
    ['+1 555 555 5555', null],
    ['ext 12', 'US'],
  ] as const)('refuses %s (%s)', (input, country) => {
    expect(() => toE164(input, country)).toThrow(AppError);
  });
});
