import { describe, expect, it } from 'vitest';
import { insertMention, mentionAt } from './mention-query';

describe('mentionAt', () => {
  it('finds the name being typed after @', () => {
    expect(mentionAt('Hi @gra', 7)).toEqual({ start: 3, query: 'gra' });
    expect(mentionAt('@Grace Ho', 9)).toEqual({ start: 0, query: 'Grace Ho' });
  });

  it('is nothing without a name, inside an email address, or once a sentence goes on', () => {
    expect(mentionAt('Hi @', 4)).toBeNull();
    expect(mentionAt('Hi @ ', 5)).toBeNull();
    expect(mentionAt('ada@exa', 7)).toBeNull();
    expect(mentionAt('@Grace thanks for all of it', 27)).toBeNull();
    expect(mentionAt('@Grace\nthanks', 13)).toBeNull();
    expect(mentionAt('no mention', 10)).toBeNull();
  });
});

describe('insertMention', () => {
  it('replaces the typed part with the full name, and a space at the end of the text', () => {
    const text = 'Hi @gra, welcome';
    const mention = mentionAt(text, 7);
    if (!mention) throw new Error('no mention');
    expect(insertMention(text, 7, mention, 'Grace Hopper')).toEqual({
      text: 'Hi @Grace Hopper, welcome',
      caret: 16,
    });
    expect(insertMention('@gr', 3, { start: 0, query: 'gr' }, 'Grace Hopper')).toEqual({
      text: '@Grace Hopper ',
      caret: 14,
    });
  });
});
