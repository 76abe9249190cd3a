import { describe, expect, it } from 'vitest';
import { cutText } from './bulk-csv.js';

describe('cutText', () => {
  it('keeps text at or under the limit, and cuts longer text with an ellipsis', () => {
    expect(cutText('abc', 3)).toBe('abc');
    expect(cutText('abcd', 3)).toBe('abc…');
    expect(cutText('', 3)).toBe('');
  });

  it('never leaves half an emoji', () => {
    expect(cutText('ab🙂cd', 3)).toBe('ab…');
    expect(cutText('ab🙂cd', 4)).toBe('ab🙂…');
  });
});
