import { describe, expect, it } from 'vitest';
import { bulkResultText, bulkSeatsMissing, bulkSeatsMissingText, bulkSeatsText } from './bulk-seats';

describe('bulk invitation seats', () => {
  it('says how many seats the valid rows need and how many are free', () => {
    expect(bulkSeatsText({ required: 3, available: 4 })).toBe('These 3 invitations need 3 seats; 4 are free.');
    expect(bulkSeatsText({ required: 1, available: 1 })).toBe('This invitation needs 1 seat; 1 is free.');
    expect(bulkSeatsText({ required: 2, available: 0 })).toBe('These 2 invitations need 2 seats; none is free.');
    expect(bulkSeatsText({ required: 12000, available: null })).toBe(
      'These 12,000 invitations need 12,000 seats; your plan has no seat limit.',
    );
    expect(bulkSeatsText({ required: 0, available: 4 })).toBe('No row is ready to invite, so no seat is needed.');
  });

  it('counts the missing seats, never below zero, and none on an unlimited plan', () => {
    expect(bulkSeatsMissing({ required: 7, available: 4 })).toBe(3);
    expect(bulkSeatsMissingText({ required: 7, available: 4 })).toBe('3 more seats are needed.');
    expect(bulkSeatsMissingText({ required: 5, available: 4 })).toBe('1 more seat is needed.');
    expect(bulkSeatsMissing({ required: 3, available: 4 })).toBe(0);
    expect(bulkSeatsMissingText({ required: 3, available: 4 })).toBeNull();
    expect(bulkSeatsMissing({ required: 100_000, available: null })).toBe(0);
  });

  it('sums up what was sent', () => {
    expect(bulkResultText({ rows: 8, valid: 3, invalid: 5, sent: 3, skipped: 5 })).toBe(
      '3 invitations sent, 5 skipped',
    );
    expect(bulkResultText({ rows: 1, valid: 1, invalid: 0, sent: 1, skipped: 0 })).toBe('1 invitation sent, 0 skipped');
  });
});
