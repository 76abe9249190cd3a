/** True for a unique-constraint violation on either database (a race lost to another writer). */
export function isUniqueViolation(error: unknown): boolean {
  if (typeof error !== 'object' || error === null) return false;
  const code = (error as { code?: unknown }).code;
  return code === '23505' || code === 'SQLITE_CONSTRAINT_UNIQUE' || code === 'SQLITE_CONSTRAINT_PRIMARYKEY';
}

/** Why the database cannot serve a request for now; null when the error is anything else. */
export type DatabaseUnavailable = 'unreachable' | 'storage';

// PostgreSQL: connection exceptions (class 08), shutdown and start-up (57P01–57P03), lack of
// resources such as a full disk or too many connections (class 53), a read-only server (25006).
const PG_UNAVAILABLE = /^(08...|57P0[123]|53...|25006)$/;
// The driver's and the operating system's words for a connection that failed or was lost.
const NET_UNAVAILABLE = new Set(['ECONNREFUSED', 'ECONNRESET', 'ETIMEDOUT', 'EPIPE', 'EHOSTUNREACH', 'ENOTFOUND']);
const PG_LOST =
  /^(Connection terminated|timeout exceeded when trying to connect|Client has encountered a connection error)/;
// SQLite: the file cannot be written (disk full, read-only, I/O error) or stays locked.
const SQLITE_STORAGE = /^SQLITE_(FULL|READONLY|IOERR|CANTOPEN)/;
const SQLITE_LOCKED = /^SQLITE_BUSY/;

/**
 * Classifies an error that means "the database cannot answer right now" (the server is down or
 * restarting, its disk is full or read-only) as opposed to a bug: the request gets a 503, not a
 * 500. Looks through `cause` and aggregated errors, as connection failures come wrapped.
 */
export function databaseUnavailable(error: unknown, depth = 0): DatabaseUnavailable | null {
  if (typeof error !== 'object' || error === null || depth > 5) return null;
  const { code, message, cause, errors } = error as {
    code?: unknown;
    message?: unknown;
    cause?: unknown;
    errors?: unknown;
  };
  if (typeof code === 'string') {
    if (SQLITE_STORAGE.test(code)) return 'storage';
    if (code === '53100' || code === '25006') return 'storage';
    if (SQLITE_LOCKED.test(code) || PG_UNAVAILABLE.test(code) || NET_UNAVAILABLE.has(code)) return 'unreachable';
  }
  if (typeof message === 'string' && PG_LOST.test(message)) return 'unreachable';
  for (const inner of [cause, ...(Array.isArray(errors) ? errors : [])]) {
    const found = databaseUnavailable(inner, depth + 1);
    if (found) return found;
  }
  return null;
}
