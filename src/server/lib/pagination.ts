import type { Page } from '../../shared/api/pagination.js';
import { AppError } from './app-error.js';

/** An opaque keyset cursor: the sort value and id of the last row of the page. */
export function encodeCursor(value: string, id: string): string {
  return Buffer.from(JSON.stringify([value, id]), 'utf8').toString('base64url');
}

export function decodeCursor(cursor: string): { value: string; id: string } | null {
  try {
    const parsed: unknown = JSON.parse(Buffer.from(cursor, 'base64url').toString('utf8'));
    if (Array.isArray(parsed) && typeof parsed[0] === 'string' && typeof parsed[1] === 'string') {
      return { value: parsed[0], id: parsed[1] };
    }
  } catch {
    // fall through: a malformed cursor is a validation error for the caller
  }
  return null;
}

/** The position a `?cursor=` names, or null for the first page; a malformed cursor is a 400. */
export function readCursor(cursor: string | undefined): { value: string; id: string } | null {
  if (!cursor) return null;
  const after = decodeCursor(cursor);
  if (!after)
    throw new AppError('validation_failed', { errors: [{ path: 'cursor', message: 'This cursor is not valid.' }] });
  return after;
}

/** One page of a list fetched with `limit + 1` rows: the items and the cursor of the next page. */
export function toPage<R extends { id: string }, T>(
  rows: R[],
  limit: number,
  map: (row: R) => T,
  sortValue: (row: R) => string,
): Page<T> {
  const page = rows.slice(0, limit);
  const last = page.at(-1);
  return {
    items: page.map(map),
    nextCursor: rows.length > limit && last ? encodeCursor(sortValue(last), last.id) : null,
  };
}
