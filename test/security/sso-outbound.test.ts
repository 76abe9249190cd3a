import { randomBytes } from 'node:crypto';
import { createServer as createHttpServer, type Server } from 'node:http';
import { type AddressInfo, createServer as createTcpServer, type Server as TcpServer } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { SsoSettingsView } from '../../src/shared/api/sso.js';
import type { Problem } from '../../src/shared/errors.js';
import type { Answer } from '../support/client.js';
import { type SignedUp, signUp } from '../support/factories.js';
import { recordSecret } from '../support/secrets-audit.js';
import { startTestServer, type TestServer } from '../support/server.js';

/**
 * Security findings 2 and 3 of the outside review: SSRF through the SSO settings (the server
 * fetched discovery, token and other endpoints on any loopback or private address, and its
 * error text told open ports from closed ones and echoed internal answers), and an open redirect
 * through a discovered authorization endpoint on another host. ASVS 5.0 V1.3.6 (SSRF), V3.7.2
 * (open redirects), V16.5.1 (generic errors).
 */

const postgres = process.env.TEST_DIALECT === 'postgres';
const secretsKey = randomBytes(32).toString('base64');
recordSecret(secretsKey);
const CLIENT_SECRET = `stub-client-secret-${randomBytes(8).toString('hex')}`;
recordSecret(CLIENT_SECRET);

/** A TCP listener that only records whether anything connected to it (an "internal service"). */
type Listener = { port: number; connections: number; close(): Promise<void> };

async function listen(host: string): Promise<Listener> {
  const server: TcpServer = createTcpServer((socket) => {
    listener.connections += 1;
    socket.destroy();
  });
  await new Promise<void>((resolve) => server.listen(0, host, resolve));
  const listener: Listener = {
    port: (server.address() as AddressInfo).port,
    connections: 0,
    close: () => new Promise<void>((resolve) => server.close(() => resolve())),
  };
  return listener;
}

/** A port nothing listens on: bound once, then released. */
async function closedPort(): Promise<number> {
  const probe = await listen('127.0.0.1');
  await probe.close();
  return probe.port;
}

/**
 * An HTTP service on 127.0.0.1 that records every request and answers what the test sets: by
 * default a 400 `invalid_grant` with an internal-looking `error_description`.
 */
type Internal = { origin: string; requests: string[]; close(): Promise<void> };

const INTERNAL_DETAIL = 'internal-only: backend db01.corp.internal rejected the grant';

async function startInternal(): Promise<Internal> {
  const requests: string[] = [];
  const server: Server = createHttpServer((request, response) => {
    requests.push(`${request.method} ${request.url}`);
    response.writeHead(400, { 'content-type': 'application/json' });
    response.end(JSON.stringify({ error: 'invalid_grant', error_description: INTERNAL_DETAIL }));
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return {
    origin: `http://127.0.0.1:${(server.address() as AddressInfo).port}`,
    requests,
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}

/**
 * An identity provider the test scripts: each issuer is `{origin}/{name}`, whose discovery
 * document is built by `documents[name]` (defaults: every endpoint under the issuer). Its token
 * endpoint answers with an internal-looking error; `requests` records every path asked for.
 */
type Stub = {
  origin: string;
  host: string;
  requests: string[];
  issuer(name: string): string;
  close(): Promise<void>;
};

async function startStub(documents: Record<string, (issuer: string) => Record<string, unknown>>): Promise<Stub> {
  const requests: string[] = [];
  const server: Server = createHttpServer((request, response) => {
    const path = request.url ?? '/';
    requests.push(`${request.method} ${path}`);
    const origin = `http://${request.headers.host}`;
    const discovery = /^\/([a-z0-9-]+)\/\.well-known\/openid-configuration$/.exec(path);
    const build = discovery?.[1] ? documents[discovery[1]] : undefined;
    if (discovery?.[1] && build) {
      const issuer = `${origin}/${discovery[1]}`;
      response.writeHead(200, { 'content-type': 'application/json' });
      response.end(
        JSON.stringify({
          issuer,
          authorization_endpoint: `${issuer}/authorize`,
          token_endpoint: `${issuer}/token`,
          userinfo_endpoint: `${issuer}/userinfo`,
          jwks_uri: `${issuer}/jwks`,
          response_types_supported: ['code'],
          subject_types_supported: ['public'],
          id_token_signing_alg_values_supported: ['RS256'],
          ...build(issuer),
        }),
      );
      return;
    }
    if (path.endsWith('/token')) {
      response.writeHead(400, { 'content-type': 'application/json' });
      response.end(JSON.stringify({ error: 'invalid_grant', error_description: INTERNAL_DETAIL }));
      return;
    }
    response.writeHead(404).end();
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const host = `127.0.0.1:${(server.address() as AddressInfo).port}`;
  return {
    origin: `http://${host}`,
    host,
    requests,
    issuer: (name) => `http://${host}/${name}`,
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}

let server: TestServer;
let stub: Stub;
let internal: Internal;
let open4: Listener;
let open6: Listener;

beforeAll(async () => {
  internal = await startInternal();
  open4 = await listen('127.0.0.1');
  open6 = await listen('::1');
  const internalPort = new URL(internal.origin).port;
  stub = await startStub({
    good: () => ({}),
    'evil-authorization': () => ({ authorization_endpoint: 'https://evil.example/authorize' }),
    'internal-http-token': () => ({ token_endpoint: `${internal.origin}/token` }),
    'internal-literal-token': () => ({ token_endpoint: 'https://10.0.0.7/token' }),
    'metadata-userinfo': () => ({ userinfo_endpoint: 'https://169.254.169.254/latest/meta-data/' }),
    // A name, not an address: only the connection can tell it is loopback.
    'internal-name-token': () => ({ token_endpoint: `https://localhost:${internalPort}/token` }),
    'chatty-token': () => ({}),
  });
  server = await startTestServer({
    // Only the stub provider is allowed on loopback: everything else must be public https.
    env: { SSO_ALLOWED_HOSTS: stub.host, ...(postgres ? { SECRETS_KEY: secretsKey } : {}) },
  });
});
afterAll(async () => {
  await server?.close();
  await stub?.close();
  await internal?.close();
  await open4?.close();
  await open6?.close();
});

const db = () => server.app.ctx.database.db;

function settings(issuer: string) {
  return { enabled: true, issuer, clientId: 'salesos', clientSecret: CLIENT_SECRET };
}

async function enabledSso(admin: SignedUp): Promise<boolean> {
  return (await admin.client.get<SsoSettingsView>('/api/v1/sso')).body.enabled;
}

/** Points a workspace's saved settings at another issuer, as settings saved before the fix would. */
async function storeIssuer(workspaceId: string, issuer: string): Promise<void> {
  await db()
    .updateTable('sso_settings')
    .set({ issuer, updated_at: new Date().toISOString() })
    .where('workspace_id', '=', workspaceId)
    .execute();
}

/** A workspace whose SSO is the stub's `good` issuer, and a sign-in its admin's browser started. */
async function startedSignIn(): Promise<{ admin: SignedUp; state: string }> {
  const admin = await signUp(server.url);
  const saved = await admin.client.put('/api/v1/sso', settings(stub.issuer('good')));
  expect(saved.status, saved.text).toBe(200);
  const start = await admin.client.get(`/auth/sso/start?workspace=${admin.workspace.id}`);
  expect(start.status, start.text).toBe(302);
  const location = new URL(start.headers.get('location') ?? '');
  expect(location.origin).toBe(stub.origin);
  const state = location.searchParams.get('state') ?? '';
  recordSecret(state);
  return { admin, state };
}

function expectGenericPage(answer: Answer<string>, message: RegExp) {
  expect(answer.status, answer.text).toBe(400);
  expect(answer.headers.get('content-type')).toMatch(/^text\/html/);
  expect(answer.headers.get('location')).toBeNull();
  expect(answer.text).toMatch(message);
  for (const leak of [INTERNAL_DETAIL, 'db01', 'invalid_grant', 'ECONN', 'fetch failed', 'localhost', '127.0.0.1']) {
    expect(answer.text).not.toContain(leak);
  }
}

describe('V1.3.6 SSRF through the SSO settings: providers must be public https, unless SSO_ALLOWED_HOSTS names them', () => {
  it('refuses loopback in every spelling, private, link-local and metadata addresses: one message for an open and a closed port (V16.5.1), nothing contacted', async () => {
    const admin = await signUp(server.url);
    const closed = await closedPort();
    const issuers: string[] = [];
    for (const port of [open4.port, closed]) {
      for (const host of [
        '127.0.0.1',
        '127.1',
        '0x7f000001',
        '2130706433',
        '017700000001',
        '0.0.0.0',
        '[::ffff:127.0.0.1]',
        'localhost',
      ]) {
        issuers.push(`https://${host}:${port}`);
      }
    }
    for (const port of [open6.port, closed]) issuers.push(`https://[::1]:${port}`);
    for (const host of [
      '169.254.169.254',
      '[::ffff:169.254.169.254]',
      '10.0.0.1',
      '172.16.0.1',
      '192.168.0.1',
      '100.64.0.1',
      '[fd00:ec2::254]',
      '[fe80::1]',
    ]) {
      issuers.push(`https://${host}`);
    }

    const messages = new Set<string>();
    for (const issuer of issuers) {
      const answer = await admin.client.put<Problem>('/api/v1/sso', settings(issuer));
      expect(answer.status, `${issuer}: ${answer.text}`).toBe(400);
      expect(answer.body.code, issuer).toBe('sso_discovery_failed');
      expect(answer.body.errors?.[0]?.path).toBe('issuer');
      // The message names the URL the admin typed; apart from it, every answer is the same.
      const discoveryUrl = `${issuer}/.well-known/openid-configuration`;
      messages.add(answer.body.detail.replace(new URL(discoveryUrl).href, '<url>').replace(discoveryUrl, '<url>'));
    }
    expect([...messages]).toHaveLength(1);
    expect([...messages][0]).not.toMatch(/ECONN|EHOST|ETIMEDOUT|socket|TLS|SSL|certificate|JSON|timed? ?out/i);
    expect(open4.connections).toBe(0);
    expect(open6.connections).toBe(0);
    expect(await enabledSso(admin)).toBe(false);
    // What the admin is not told goes to the log, for the operator.
    expect(server.logs.some((l) => l.includes('sso_discovery_failed') && l.includes('not a public address'))).toBe(
      true,
    );
  });

  it('refuses http:// for a host that is not in SSO_ALLOWED_HOSTS, before connecting', async () => {
    const admin = await signUp(server.url);
    for (const issuer of [`http://127.1:${open4.port}`, `http://[::1]:${open6.port}`, 'http://login.example.com']) {
      const answer = await admin.client.put<Problem>('/api/v1/sso', settings(issuer));
      expect(answer.status, answer.text).toBe(400);
      expect(answer.body.errors).toEqual([{ path: 'issuer', message: 'Use an https:// issuer URL.' }]);
    }
    expect(open4.connections).toBe(0);
    expect(open6.connections).toBe(0);
  });

  it('allows the provider in SSO_ALLOWED_HOSTS, on loopback and over http, and only on that port', async () => {
    const admin = await signUp(server.url);
    const allowed = await admin.client.put('/api/v1/sso', settings(stub.issuer('good')));
    expect(allowed.status, allowed.text).toBe(200);
    const otherPort = await admin.client.put<Problem>('/api/v1/sso', settings(`https://127.0.0.1:${open4.port}/good`));
    expect(otherPort.status).toBe(400);
    expect(open4.connections).toBe(0);
  });

  it('refuses a token, userinfo or key endpoint that is not public https: at save, naming the field', async () => {
    const admin = await signUp(server.url);
    const cases: [string, string][] = [
      ['internal-http-token', "The provider's token endpoint must be an https:// URL."],
      ['internal-literal-token', "The provider's token endpoint is not on a public address."],
      ['metadata-userinfo', "The provider's userinfo endpoint is not on a public address."],
    ];
    for (const [name, message] of cases) {
      const answer = await admin.client.put<Problem>('/api/v1/sso', settings(stub.issuer(name)));
      expect(answer.status, answer.text).toBe(400);
      expect(answer.body.code).toBe('sso_discovery_failed');
      expect(answer.body.errors).toEqual([{ path: 'issuer', message }]);
    }
    expect(await enabledSso(admin)).toBe(false);
    expect(internal.requests).toEqual([]);
  });

  it('at the callback, never sends the code to a token endpoint on a private address (settings saved before the fix)', async () => {
    const { admin, state } = await startedSignIn();
    // The provider's document now names an internal service as its token endpoint.
    await storeIssuer(admin.workspace.id, stub.issuer('internal-http-token'));
    const callback = await admin.client.get<string>(
      `/auth/sso/callback?code=attacker-chosen-code&state=${encodeURIComponent(state)}`,
    );
    expectGenericPage(callback, /not set up correctly/);
    expect(internal.requests).toEqual([]);
  });

  it('at the callback, refuses at connect a token endpoint whose name resolves to loopback', async () => {
    const admin = await signUp(server.url);
    // The name passes every check on the text of the URL: https, not an address.
    const saved = await admin.client.put('/api/v1/sso', settings(stub.issuer('internal-name-token')));
    expect(saved.status, saved.text).toBe(200);
    const start = await admin.client.get(`/auth/sso/start?workspace=${admin.workspace.id}`);
    expect(start.status, start.text).toBe(302);
    const state = new URL(start.headers.get('location') ?? '').searchParams.get('state') ?? '';
    recordSecret(state);
    const before = server.logs.length;
    const callback = await admin.client.get<string>(
      `/auth/sso/callback?code=attacker-chosen-code&state=${encodeURIComponent(state)}`,
    );
    expectGenericPage(callback, /could not be verified/);
    expect(internal.requests).toEqual([]);
    const logged = server.logs.slice(before).join('\n');
    expect(logged).toMatch(/"reason":"exchange_failed"/);
    expect(logged).toMatch(/not a public address/);
    expect(logged).not.toContain('attacker-chosen-code');
  });

  it('V16.5.1 shows no error_description of the token endpoint on the page; it goes to the log', async () => {
    const admin = await signUp(server.url);
    const saved = await admin.client.put('/api/v1/sso', settings(stub.issuer('chatty-token')));
    expect(saved.status, saved.text).toBe(200);
    const start = await admin.client.get(`/auth/sso/start?workspace=${admin.workspace.id}`);
    const state = new URL(start.headers.get('location') ?? '').searchParams.get('state') ?? '';
    recordSecret(state);
    const before = server.logs.length;
    const callback = await admin.client.get<string>(
      `/auth/sso/callback?code=attacker-chosen-code&state=${encodeURIComponent(state)}`,
    );
    expectGenericPage(callback, /could not be verified/);
    expect(stub.requests).toContain('POST /chatty-token/token');
    expect(server.logs.slice(before).join('\n')).toContain('invalid_grant');
  });
});

describe('V3.7.2 open redirect: the discovered authorization endpoint must be on the issuer’s host', () => {
  it('refuses at save a discovery document whose authorization endpoint is on another host', async () => {
    const admin = await signUp(server.url);
    const answer = await admin.client.put<Problem>('/api/v1/sso', settings(stub.issuer('evil-authorization')));
    expect(answer.status, answer.text).toBe(400);
    expect(answer.body.code).toBe('sso_discovery_failed');
    expect(answer.body.errors).toEqual([
      { path: 'issuer', message: "The provider's authorization endpoint is not on the issuer's host." },
    ]);
    expect(await enabledSso(admin)).toBe(false);
  });

  it('does not redirect there at start for settings saved before the fix', async () => {
    const admin = await signUp(server.url);
    const saved = await admin.client.put('/api/v1/sso', settings(stub.issuer('good')));
    expect(saved.status, saved.text).toBe(200);
    await storeIssuer(admin.workspace.id, stub.issuer('evil-authorization'));
    const before = server.logs.length;
    // Anyone can open the start link: no session needed.
    const anonymous = await fetch(`${server.url}/auth/sso/start?workspace=${admin.workspace.id}`, {
      redirect: 'manual',
    });
    const text = await anonymous.text();
    expectGenericPage(
      { status: anonymous.status, headers: anonymous.headers, body: text, text },
      /not set up correctly/,
    );
    expect(text).not.toContain('evil.example');
    expect(server.logs.slice(before).join('\n')).toMatch(/authorization endpoint is not on the issuer's host/);
  });
});
