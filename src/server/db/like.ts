/**
 * Text to match literally inside a LIKE pattern: `%`, `_` and the escape character itself are
 * escaped with `\`. The query must name that escape character (`like ... escape '\'`): PostgreSQL
 * has it by default, SQLite has none.
 */
export function escapeLike(text: string): string {
  return text.replace(/[\\%_]/g, (c) => `\\${c}`);
}
