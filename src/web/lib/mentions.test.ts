import { describe, expect, it } from 'vitest';
import { mentionIndex, splitMentions } from './mentions';

const people = [
  { id: 'ada', name: 'Ada Lovelace' },
  { id: 'ada2', name: 'Ada' },
  { id: 'bo', name: 'Bo' },
  { id: 'sam1', name: 'Sam Smith' },
  { id: 'sam2', name: 'sam smith' },
];
const index = mentionIndex(people);
const split = (body: string) => splitMentions(body, index);

describe('splitMentions', () => {
  it('links the longest member name after @, without regard to case', () => {
    expect(split('Hi @ada lovelace, welcome!')).toEqual([
      { kind: 'text', text: 'Hi ' },
      { kind: 'mention', text: '@ada lovelace', person: { id: 'ada', name: 'Ada Lovelace' } },
      { kind: 'text', text: ', welcome!' },
    ]);
    expect(split('@Ada and @Bo')).toEqual([
      { kind: 'mention', text: '@Ada', person: { id: 'ada2', name: 'Ada' } },
      { kind: 'text', text: ' and ' },
      { kind: 'mention', text: '@Bo', person: { id: 'bo', name: 'Bo' } },
    ]);
  });

  it('matches whole words only, and not inside an email address', () => {
    expect(split('@Bobby and ada@bo.example and @Adam')).toEqual([
      { kind: 'text', text: '@Bobby and ada@bo.example and @Adam' },
    ]);
  });

  it('does not link a name two members share', () => {
    expect(split('Ask @Sam Smith')).toEqual([
      { kind: 'text', text: 'Ask ' },
      { kind: 'ambiguous', text: '@Sam Smith' },
    ]);
  });

  it('keeps everything else as it was written, markup included', () => {
    const body = '<img src=x onerror=alert(1)> @ @@Bo @';
    const parts = split(body);
    expect(parts.map((p) => p.text).join('')).toBe(body);
    expect(parts.filter((p) => p.kind === 'mention')).toHaveLength(1);
  });
});
