import Sqlite from 'better-sqlite3';
import pg from 'pg';
import { expect } from 'vitest';
import type { BulkImport } from '../../src/shared/api/bulk-invites.js';
import type { Problem } from '../../src/shared/errors.js';
import { type Answer, Client } from './client.js';

/** Polls `probe` until it returns something other than undefined, or fails after `timeoutMs`. */
export async function until<T>(
  what: string,
  probe: () => Promise<T | undefined> | T | undefined,
  options: { timeoutMs?: number; intervalMs?: number } = {},
): Promise<T> {
  const timeoutMs = options.timeoutMs ?? 20_000;
  const deadline = Date.now() + timeoutMs;
  let lastError: unknown = null;
  for (;;) {
    try {
      const value = await probe();
      if (value !== undefined) return value;
      lastError = null;
    } catch (error) {
      lastError = error;
    }
    if (Date.now() > deadline) {
      const reason = lastError instanceof Error ? ` (last error: ${lastError.message})` : '';
      throw new Error(`${what}: not within ${timeoutMs} ms${reason}`);
    }
    await new Promise((r) => setTimeout(r, options.intervalMs ?? 50));
  }
}

/** A problem+json answer with this status (and code), and nothing of the server's insides in it. */
export function expectProblem(answer: Answer<unknown>, status: number, code?: string): Problem {
  expect(answer.status, answer.text).toBe(status);
  expect(answer.headers.get('content-type') ?? '').toContain('application/problem+json');
  const body = answer.body as Problem & { stack?: unknown };
  if (code) expect(body.code).toBe(code);
  expect(body.status).toBe(status);
  expect(body.stack).toBeUndefined();
  expect(answer.text).not.toMatch(/\bat .+:\d+:\d+|node_modules|SQLITE_|ECONNREFUSED|\.ts\b/);
  return body;
}

/** Uploads a CSV body for a bulk preview. */
export function uploadCsv(client: Client, csv: string): Promise<Answer<BulkImport>> {
  return client.request<BulkImport>('POST', '/api/v1/invitations/bulk', {
    rawBody: csv,
    headers: { 'content-type': 'text/csv' },
  });
}

/** A CSV of `count` valid sales reps whose emails start with `prefix`. */
export function peopleCsv(prefix: string, count: number, domain = 'faults.test'): { csv: string; emails: string[] } {
  const emails = Array.from({ length: count }, (_, i) => `${prefix}${i}@${domain}`);
  const csv = ['email,name,role', ...emails.map((e, i) => `${e},Person ${i},sales_rep`)].join('\n');
  return { csv, emails };
}

/** Signs in on another server process (or the same one again) with a new cookie jar. */
export async function logIn(url: string, email: string, password: string): Promise<Client> {
  const client = new Client(url);
  const answer = await client.post('/api/v1/auth/login', { email, password });
  if (answer.status !== 200) throw new Error(`login failed: ${answer.status} ${answer.text}`);
  return client;
}

/** The same session (cookies and CSRF token) against another server process. */
export function sameSessionOn(client: Client, url: string): Client {
  const other = new Client(url);
  for (const [name, value] of client.cookies) other.cookies.set(name, value);
  return other;
}

export type WriteProbe = {
  /** True while another connection is inside a transaction that writes. */
  writing(): Promise<boolean>;
  close(): Promise<void>;
};

/**
 * Watches a database from outside the server: on SQLite, whether the write lock is taken (a
 * `BEGIN IMMEDIATE` that would wait); on PostgreSQL, whether a session holds a transaction id.
 */
export async function watchWrites(databaseUrl: string): Promise<WriteProbe> {
  if (databaseUrl.startsWith('sqlite:')) {
    const raw = new Sqlite(databaseUrl.slice('sqlite:'.length), { timeout: 0 });
    return {
      async writing() {
        try {
          raw.exec('begin immediate');
          raw.exec('rollback');
          return false;
        } catch (error) {
          if ((error as { code?: string }).code === 'SQLITE_BUSY') return true;
          throw error;
        }
      },
      close: async () => {
        raw.close();
      },
    };
  }
  const client = new pg.Client({ connectionString: databaseUrl });
  await client.connect();
  return {
    async writing() {
      const { rows } = await client.query<{ n: string }>(
        `select count(*) as n from pg_stat_activity
          where datname = current_database() and pid <> pg_backend_pid() and backend_xid is not null`,
      );
      return Number(rows[0]?.n ?? 0) > 0;
    },
    close: () => client.end(),
  };
}
