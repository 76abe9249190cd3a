import { type ErrorCode, errorMessage, isErrorCode, type ProblemField } from '../../shared/errors';

export type ClientErrorCode = ErrorCode | 'network_error';

const NETWORK_MESSAGE = 'SalesOS could not be reached. Check your connection and try again.';

/** A failed API call, carrying what a person needs to read and what a form needs to mark. */
export class ApiError extends Error {
  readonly status: number;
  readonly code: ClientErrorCode;
  readonly detail: string | null;
  readonly fieldErrors: ProblemField[];
  /** Seconds from the Retry-After header, when the server sent one. */
  readonly retryAfter: number | null;
  /** Extra members of the problem document (for example the counts of `reassignment_required`). */
  readonly extra: Record<string, unknown>;

  constructor(init: {
    status: number;
    code: ClientErrorCode;
    detail?: string | null;
    fieldErrors?: ProblemField[];
    retryAfter?: number | null;
    extra?: Record<string, unknown>;
  }) {
    const detail = init.detail?.trim() || null;
    super(detail ?? (init.code === 'network_error' ? NETWORK_MESSAGE : errorMessage(init.code)));
    this.name = 'ApiError';
    this.status = init.status;
    this.code = init.code;
    this.detail = detail;
    this.fieldErrors = init.fieldErrors ?? [];
    this.retryAfter = init.retryAfter ?? null;
    this.extra = init.extra ?? {};
  }
}

/** The sentence to show for any error: the server's detail, else the catalogue's message. */
export function errorText(error: unknown): string {
  if (error instanceof ApiError) return error.message;
  return 'Something went wrong. Please try again.';
}

export function isApiError(error: unknown, code?: ClientErrorCode): error is ApiError {
  return error instanceof ApiError && (code === undefined || error.code === code);
}

/** A field path from a problem document ("body.email", "/email", "email") as a form field name. */
export function fieldName(path: string): string {
  return path
    .split(/[./[\]]+/)
    .filter((part) => part !== '' && part !== 'body')
    .join('.');
}

type UnauthenticatedHandler = () => void;
let onUnauthenticated: UnauthenticatedHandler = () => {
  if (window.location.pathname !== '/login') window.location.assign('/login');
};

/** Called on any 401 (other than a wrong password): the app sends the person to the sign-in page. */
export function setUnauthenticatedHandler(handler: UnauthenticatedHandler): void {
  onUnauthenticated = handler;
}

const CSRF_COOKIES = ['__Host-salesos_csrf', 'salesos_csrf'];

export function csrfToken(): string | null {
  const jar = new Map<string, string>();
  for (const part of document.cookie.split(';')) {
    const eq = part.indexOf('=');
    if (eq < 0) continue;
    jar.set(part.slice(0, eq).trim(), part.slice(eq + 1).trim());
  }
  for (const name of CSRF_COOKIES) {
    const value = jar.get(name);
    if (value) return decodeURIComponent(value);
  }
  return null;
}

export type QueryValue = string | number | boolean | null | undefined | readonly (string | number)[];

export function withQuery(path: string, query?: Record<string, QueryValue>): string {
  if (!query) return path;
  const params = new URLSearchParams();
  for (const [key, value] of Object.entries(query)) {
    if (value === undefined || value === null || value === '') continue;
    if (Array.isArray(value)) for (const item of value) params.append(key, String(item));
    else params.append(key, String(value));
  }
  const qs = params.toString();
  return qs ? `${path}?${qs}` : path;
}

type Method = 'GET' | 'POST' | 'PUT' | 'PATCH' | 'DELETE';

export type RequestOptions = {
  query?: Record<string, QueryValue>;
  body?: unknown;
  signal?: AbortSignal;
  /** Set false where a 401 is an expected answer rather than a lost session. */
  redirectOn401?: boolean;
  /** Further request headers (`prefer`, for one). */
  headers?: Record<string, string>;
};

const FALLBACK_CODES: Record<number, ErrorCode> = {
  400: 'validation_failed',
  401: 'unauthenticated',
  403: 'forbidden',
  404: 'not_found',
  413: 'payload_too_large',
  415: 'unsupported_media_type',
  429: 'rate_limited',
  503: 'service_unavailable',
};

function parseRetryAfter(value: string | null): number | null {
  if (!value) return null;
  const seconds = Number(value);
  if (Number.isFinite(seconds)) return Math.max(0, Math.ceil(seconds));
  const at = Date.parse(value);
  return Number.isNaN(at) ? null : Math.max(0, Math.ceil((at - Date.now()) / 1000));
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

function parseFieldErrors(value: unknown): ProblemField[] {
  if (!Array.isArray(value)) return [];
  return value.flatMap((item) =>
    isRecord(item) && typeof item.path === 'string' && typeof item.message === 'string'
      ? [{ path: item.path, message: item.message }]
      : [],
  );
}

async function toApiError(response: Response): Promise<ApiError> {
  const retryAfter = parseRetryAfter(response.headers.get('retry-after'));
  let problem: unknown = null;
  if (/json/i.test(response.headers.get('content-type') ?? '')) {
    problem = await response.json().catch(() => null);
  }
  const fallback = FALLBACK_CODES[response.status] ?? 'internal_error';
  if (!isRecord(problem)) return new ApiError({ status: response.status, code: fallback, retryAfter });
  const { code, detail, errors, type: _type, title: _title, status: _status, ...extra } = problem;
  return new ApiError({
    status: response.status,
    code: isErrorCode(code) ? code : fallback,
    detail: typeof detail === 'string' ? detail : null,
    fieldErrors: parseFieldErrors(errors),
    retryAfter,
    extra,
  });
}

/** The ApiError for a failed answer; a lost session (any 401 but a wrong password) also sends the person to sign in. */
export async function errorFromResponse(
  response: Response,
  options: Pick<RequestOptions, 'redirectOn401'> = {},
): Promise<ApiError> {
  const error = await toApiError(response);
  if (error.status === 401 && error.code !== 'invalid_credentials' && options.redirectOn401 !== false) {
    onUnauthenticated();
  }
  return error;
}

export async function request<T>(method: Method, path: string, options: RequestOptions = {}): Promise<T> {
  const headers: Record<string, string> = { ...options.headers, accept: 'application/json' };
  if (method !== 'GET') {
    const token = csrfToken();
    if (token) headers['x-csrf-token'] = token;
  }
  let body: string | undefined;
  if (options.body !== undefined) {
    headers['content-type'] = 'application/json';
    body = JSON.stringify(options.body);
  }

  let response: Response;
  try {
    response = await fetch(withQuery(path, options.query), {
      method,
      headers,
      body,
      credentials: 'same-origin',
      signal: options.signal,
    });
  } catch (cause) {
    if (cause instanceof DOMException && cause.name === 'AbortError') throw cause;
    throw new ApiError({ status: 0, code: 'network_error' });
  }

  if (!response.ok) throw await errorFromResponse(response, options);
  if (response.status === 204) return undefined as T;
  if (/json/i.test(response.headers.get('content-type') ?? '')) return (await response.json()) as T;
  return (await response.text()) as T;
}

export const api = {
  get: <T>(path: string, options?: Omit<RequestOptions, 'body'>) => request<T>('GET', path, options),
  post: <T>(path: string, body?: unknown, options?: RequestOptions) => request<T>('POST', path, { ...options, body }),
  put: <T>(path: string, body?: unknown, options?: RequestOptions) => request<T>('PUT', path, { ...options, body }),
  patch: <T>(path: string, body?: unknown, options?: RequestOptions) => request<T>('PATCH', path, { ...options, body }),
  delete: <T>(path: string, body?: unknown, options?: RequestOptions) =>
    request<T>('DELETE', path, { ...options, body }),
};
