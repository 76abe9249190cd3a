import { describe, expect, it } from 'vitest';
import { seatsLeft, seatsLeftText } from './seats';

describe('seats left', () => {
  it('counts active users and pending invitations against the limit', () => {
    expect(seatsLeft({ limit: 5, used: 2, active: 1, pending: 1 })).toBe(3);
    expect(seatsLeftText({ limit: 5, used: 2, active: 1, pending: 1 })).toBe('3 of 5 seats left');
    expect(seatsLeftText({ limit: 5, used: 4, active: 4, pending: 0 })).toBe('1 of 5 seats left');
  });

  it('never goes below zero and says when the plan has no limit', () => {
    expect(seatsLeft({ limit: 5, used: 7, active: 7, pending: 0 })).toBe(0);
    expect(seatsLeftText({ limit: 5, used: 5, active: 3, pending: 2 })).toBe('0 of 5 seats left');
    expect(seatsLeft({ limit: null, used: 40, active: 40, pending: 0 })).toBeNull();
    expect(seatsLeftText({ limit: null, used: 40, active: 40, pending: 0 })).toBe('Unlimited');
  });
});
