import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { safeNextPath } from '../lib/safe-next-path';
import { ApiError, api, csrfToken, errorText, fieldName, setUnauthenticatedHandler, withQuery } from './client';

type Call = { url: string; init: RequestInit };

function problem(status: number, body: Record<string, unknown>, headers: Record<string, string> = {}): Response {
  return new Response(JSON.stringify(body), {
    status,
    headers: { 'content-type': 'application/problem+json', ...headers },
  });
}

describe('api client', () => {
  let calls: Call[];
  let answer: () => Response | Promise<Response>;
  /** Stands in for `document`: the client reads only its cookie string. */
  let page: { cookie: string };
  let unauthenticated: ReturnType<typeof vi.fn<() => void>>;

  beforeEach(() => {
    calls = [];
    answer = () => new Response(JSON.stringify({ ok: true }), { headers: { 'content-type': 'application/json' } });
    page = { cookie: '' };
    vi.stubGlobal('document', page);
    vi.stubGlobal('fetch', async (url: string, init: RequestInit) => {
      calls.push({ url, init });
      return answer();
    });
    unauthenticated = vi.fn<() => void>();
    setUnauthenticatedHandler(unauthenticated);
  });

  afterEach(() => {
    vi.unstubAllGlobals();
  });

  it('sends the CSRF cookie as x-csrf-token on unsafe methods only', async () => {
    page.cookie = 'other=1; salesos_csrf=abc%3D123';
    await api.get('/api/v1/me');
    await api.post('/api/v1/teams', { name: 'SMB' });
    const [get, post] = calls;
    expect(new Headers(get?.init.headers).has('x-csrf-token')).toBe(false);
    expect(new Headers(post?.init.headers).get('x-csrf-token')).toBe('abc=123');
    expect(new Headers(post?.init.headers).get('content-type')).toBe('application/json');
    expect(post?.init.credentials).toBe('same-origin');
    expect(post?.init.body).toBe('{"name":"SMB"}');
  });

  it('reads the __Host- cookie used under https', () => {
    page.cookie = '__Host-salesos_csrf=secure-token';
    expect(csrfToken()).toBe('secure-token');
    page.cookie = 'salesos_session=x';
    expect(csrfToken()).toBeNull();
  });

  it('sends no content-type when there is no body', async () => {
    answer = () => new Response(null, { status: 204 });
    await expect(api.delete('/api/v1/teams/t1')).resolves.toBeUndefined();
    expect(new Headers(calls[0]?.init.headers).has('content-type')).toBe(false);
  });

  it('turns a problem document into an ApiError with its detail and field errors', async () => {
    answer = () =>
      problem(409, {
        type: 'https://salesos.dev/problems/team-exists',
        title: 'A team with this name already exists.',
        status: 409,
        detail: 'A team named “SMB” already exists.',
        code: 'team_exists',
        errors: [{ path: 'name', message: 'Taken.' }, { nonsense: true }],
      });
    const error = await api.post('/api/v1/teams', { name: 'SMB' }).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(ApiError);
    const apiError = error as ApiError;
    expect(apiError.code).toBe('team_exists');
    expect(apiError.status).toBe(409);
    expect(apiError.message).toBe('A team named “SMB” already exists.');
    expect(apiError.fieldErrors).toEqual([{ path: 'name', message: 'Taken.' }]);
  });

  it('falls back to the catalogue message, never a bare status', async () => {
    answer = () => new Response('<html>Bad gateway</html>', { status: 503, headers: { 'content-type': 'text/html' } });
    const error = (await api.get('/api/v1/billing').catch((e: unknown) => e)) as ApiError;
    expect(error.code).toBe('service_unavailable');
    expect(errorText(error)).toBe('The service is temporarily unavailable.');

    answer = () => problem(409, { code: 'seats_in_use', detail: '' });
    const refused = (await api.put('/api/v1/billing/plan', { planId: 'free' }).catch((e: unknown) => e)) as ApiError;
    expect(errorText(refused)).toBe('More seats are in use than that plan allows.');
  });

  it('reports a lost connection in words', async () => {
    answer = () => {
      throw new TypeError('Failed to fetch');
    };
    const error = (await api.get('/api/v1/me').catch((e: unknown) => e)) as ApiError;
    expect(error.code).toBe('network_error');
    expect(errorText(error)).toMatch(/could not be reached/);
  });

  it('reads Retry-After in seconds', async () => {
    answer = () => problem(429, { code: 'rate_limited', detail: 'Too many attempts.' }, { 'retry-after': '42' });
    const error = (await api.post('/api/v1/auth/login', {}).catch((e: unknown) => e)) as ApiError;
    expect(error.code).toBe('rate_limited');
    expect(error.retryAfter).toBe(42);
  });

  it('sends the person to sign in on a 401, but not for a wrong password', async () => {
    answer = () => problem(401, { code: 'unauthenticated', detail: 'Please sign in.' });
    await api.get('/api/v1/me').catch(() => undefined);
    expect(unauthenticated).toHaveBeenCalledTimes(1);

    answer = () => problem(401, { code: 'invalid_credentials', detail: 'The email or password is incorrect.' });
    await api.post('/api/v1/auth/login', {}).catch(() => undefined);
    expect(unauthenticated).toHaveBeenCalledTimes(1);

    answer = () => problem(401, { code: 'unauthenticated' });
    await api.post('/api/v1/auth/logout', undefined, { redirectOn401: false }).catch(() => undefined);
    expect(unauthenticated).toHaveBeenCalledTimes(1);
  });
});

describe('request helpers', () => {
  it('builds query strings without empty values and with repeated keys', () => {
    expect(withQuery('/api/v1/users', { q: '', role: 'manager', status: ['pending', 'expired'], cursor: null })).toBe(
      '/api/v1/users?role=manager&status=pending&status=expired',
    );
    expect(withQuery('/api/v1/teams', {})).toBe('/api/v1/teams');
  });

  it('maps problem paths to form field names', () => {
    expect(fieldName('email')).toBe('email');
    expect(fieldName('/email')).toBe('email');
    expect(fieldName('body.workspaceName')).toBe('workspaceName');
    expect(fieldName('body')).toBe('');
  });

  it('only follows next= to a path inside the app', () => {
    expect(safeNextPath('/admin/users?role=admin')).toBe('/admin/users?role=admin');
    expect(safeNextPath(null)).toBe('/');
    expect(safeNextPath('https://evil.example')).toBe('/');
    expect(safeNextPath('//evil.example')).toBe('/');
    expect(safeNextPath('/\\evil.example')).toBe('/');
    expect(safeNextPath('/login')).toBe('/');
  });
});
