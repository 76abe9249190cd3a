/** The `@…` being typed just before the caret: where its `@` is, and the name typed so far. */
export type MentionQuery = { start: number; query: string };

const WORD = /[\p{L}\p{N}_]/u;
/** A name being typed: starts with a letter or digit, at most three words, no line break or other `@`. */
const TYPED_NAME = /^[\p{L}\p{N}][^@\n]{0,39}$/u;

export function mentionAt(text: string, caret: number): MentionQuery | null {
  const before = text.slice(0, caret);
  const start = before.lastIndexOf('@');
  if (start < 0) return null;
  const previous = start > 0 ? before[start - 1] : '';
  if (previous && WORD.test(previous)) return null;
  const query = before.slice(start + 1);
  if (!TYPED_NAME.test(query) || query.trim().split(/\s+/).length > 3) return null;
  return { start, query: query.trim() };
}

/** The text with the typed `@…` replaced by `@Full Name` (and a space at the end) and where the caret goes. */
export function insertMention(
  text: string,
  caret: number,
  mention: MentionQuery,
  name: string,
): { text: string; caret: number } {
  const rest = text.slice(caret);
  const inserted = rest === '' ? `@${name} ` : `@${name}`;
  return { text: text.slice(0, mention.start) + inserted + rest, caret: mention.start + inserted.length };
}
