import type { Page } from '../../src/shared/api/pagination.js';
import type { Problem } from '../../src/shared/errors.js';
import { recordBodySecrets, recordSecret } from './secrets-audit.js';

/** A small HTTP client with a cookie jar that sends the CSRF header as the web app does. */
export type Answer<T = unknown> = { status: number; headers: Headers; body: T; text: string };

/**
 * The body of an answer that is `T` or a problem, for a test that checks the status before it
 * reads: `T`'s fields and a problem's (but `status`, which both have, as `T` has it).
 */
export type OrProblem<T> = T & Pick<Problem, Exclude<'type' | 'title' | 'detail' | 'code' | 'errors', keyof T>>;

export type RequestOptions = {
  body?: unknown;
  /** Send no `x-csrf-token`, or a wrong one. */
  csrf?: 'auto' | 'none' | string;
  headers?: Record<string, string>;
  rawBody?: string;
};

export class Client {
  readonly cookies = new Map<string, string>();

  constructor(readonly baseUrl: string) {}

  csrfToken(): string | undefined {
    return this.cookies.get('salesos_csrf') ?? this.cookies.get('__Host-salesos_csrf');
  }

  async request<T = unknown>(method: string, path: string, options: RequestOptions = {}): Promise<Answer<T>> {
    const headers: Record<string, string> = { ...options.headers };
    if (this.cookies.size > 0) {
      headers.cookie = [...this.cookies].map(([k, v]) => `${k}=${v}`).join('; ');
    }
    const csrf = options.csrf ?? 'auto';
    if (csrf === 'auto') {
      const token = this.csrfToken();
      if (token && method !== 'GET') headers['x-csrf-token'] = token;
    } else if (csrf !== 'none') {
      headers['x-csrf-token'] = csrf;
    }
    let body: string | undefined;
    if (options.rawBody !== undefined) body = options.rawBody;
    else if (options.body !== undefined) {
      recordBodySecrets(options.body);
      body = JSON.stringify(options.body);
      headers['content-type'] ??= 'application/json';
    }
    const response = await fetch(new URL(path, this.baseUrl), { method, headers, body, redirect: 'manual' });
    for (const line of response.headers.getSetCookie()) {
      const [pair = '', ...attributes] = line.split(';');
      const eq = pair.indexOf('=');
      const name = pair.slice(0, eq).trim();
      const value = pair.slice(eq + 1).trim();
      const expired = attributes.some((a) => /^\s*max-age=0\s*$/i.test(a) || /expires=Thu, 01 Jan 1970/i.test(a));
      if (expired || value === '') this.cookies.delete(name);
      else {
        this.cookies.set(name, value);
        recordSecret(value);
      }
    }
    const text = await response.text();
    let parsed: unknown = text;
    if ((response.headers.get('content-type') ?? '').includes('json') && text) parsed = JSON.parse(text);
    return { status: response.status, headers: response.headers, body: parsed as T, text };
  }

  get<T = unknown>(path: string, options?: RequestOptions) {
    return this.request<T>('GET', path, options);
  }
  post<T = unknown>(path: string, body?: unknown, options?: RequestOptions) {
    return this.request<T>('POST', path, { ...options, body });
  }
  put<T = unknown>(path: string, body?: unknown, options?: RequestOptions) {
    return this.request<T>('PUT', path, { ...options, body });
  }
  patch<T = unknown>(path: string, body?: unknown, options?: RequestOptions) {
    return this.request<T>('PATCH', path, { ...options, body });
  }
  delete<T = unknown>(path: string, body?: unknown, options?: RequestOptions) {
    return this.request<T>('DELETE', path, { ...options, body });
  }
}

/** Every item of a cursor-paged list endpoint, following `nextCursor` to the end. */
export async function allPages<T>(client: Client, path: string): Promise<T[]> {
  const out: T[] = [];
  let cursor: string | null = null;
  do {
    const separator = path.includes('?') ? '&' : '?';
    const page: Answer<Page<T>> = await client.get(
      `${path}${cursor ? `${separator}cursor=${encodeURIComponent(cursor)}` : ''}`,
    );
    out.push(...page.body.items);
    cursor = page.body.nextCursor;
  } while (cursor);
  return out;
}
