/**
 * Search in the Users list (SPEC §12): every word of `q` matches the start of a word of the
 * person's name or email, ignoring case and accents, words in any order.
 *
 * A name and an email are stored a second time, folded (`search_name`, `search_email`): accents
 * removed, lower-cased, cut into words at anything that is neither a letter nor a digit, the
 * words joined by single spaces behind a leading space — `José Núñez-Smith` is ` jose nunez smith`,
 * `anna.smith@example.com` is ` anna smith example com`. A word of `q` is folded the same way and
 * matches where ` word` occurs in one of the two, so a word of `q` with punctuation in it
 * (`anna.sm`, `smith@exa`) matches words that follow each other in the email.
 *
 * The folded columns are written with the name and the email, by the same statement, wherever
 * those change (`nameColumns`, `emailColumns`); the text indexes over them (FTS5 on SQLite,
 * trigrams on PostgreSQL) are the databases' own, kept by the databases.
 */

/** Letters that Unicode does not decompose into a base letter and a mark. */
const SPECIAL: Record<string, string> = {
  ß: 'ss',
  æ: 'ae',
  œ: 'oe',
  ø: 'o',
  ł: 'l',
  đ: 'd',
  ð: 'd',
  þ: 'th',
  ı: 'i',
};
const SPECIAL_PATTERN = new RegExp(`[${Object.keys(SPECIAL).join('')}]`, 'g');

/** The folded words of a text: accents off, lower case, split at every non-letter, non-digit. */
export function foldedWords(text: string): string[] {
  return text
    .normalize('NFKD')
    .replace(/\p{M}+/gu, '')
    .toLowerCase()
    .replace(SPECIAL_PATTERN, (ch) => SPECIAL[ch] ?? ch)
    .split(/[^\p{L}\p{N}]+/u)
    .filter((word) => word.length > 0);
}

/** The stored, folded form of a name or an email: its words behind a leading space. */
export function searchColumn(text: string): string {
  return ` ${foldedWords(text).join(' ')}`;
}

/** The columns that follow a person's name: the list's sort key and its folded words. */
export function nameColumns(name: string): { name: string; name_key: string; search_name: string } {
  return { name, name_key: name.toLowerCase(), search_name: searchColumn(name) };
}

/** The columns that follow a person's email. */
export function emailColumns(email: string): { email: string; search_email: string } {
  return { email, search_email: searchColumn(email) };
}

/**
 * A query's words, each as the folded words it is made of (`anna.sm` → `anna`, `sm`). A word
 * with neither letters nor digits (`-`, `@`) matches everything, so it is left out; a query of
 * such words only asks for nothing and the list is not filtered.
 */
export function queryWords(q: string): string[][] {
  return q
    .split(/\s+/)
    .map((word) => foldedWords(word))
    .filter((parts) => parts.length > 0)
    .slice(0, MAX_QUERY_WORDS);
}

/** A search box needs a handful of words; more are ignored (each one is a condition). */
const MAX_QUERY_WORDS = 8;

/** Where a word of `q` must occur in a folded column (LIKE, the words contain no `%` nor `_`). */
export function likePattern(parts: string[]): string {
  return `% ${parts.join(' ')}%`;
}

/**
 * An FTS5 query for the rows that may match: every folded part as a prefix, all of them
 * required. It finds a superset (the parts of `anna.sm` need not follow each other): the LIKE
 * patterns decide.
 */
export function ftsQuery(words: string[][]): string {
  return words
    .flat()
    .map((part) => `"${part}"*`)
    .join(' ');
}
