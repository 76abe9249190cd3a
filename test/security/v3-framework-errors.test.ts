import { connect } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Problem } from '../../src/shared/errors.js';
import { Client } from '../support/client.js';
import { startTestServer, type TestServer } from '../support/server.js';

// ASVS 5.0 V3.4 (browser security headers on every response) and V16.5.1 (a generic, stable error
// message): answers Fastify and Node write themselves, before any route or hook runs.

/** The headers helmet sets: every answer must carry the same ones, with the same values. */
const SECURITY_HEADERS = [
  'content-security-policy',
  'cross-origin-opener-policy',
  'cross-origin-resource-policy',
  'origin-agent-cluster',
  'referrer-policy',
  'x-content-type-options',
  'x-dns-prefetch-control',
  'x-download-options',
  'x-frame-options',
  'x-permitted-cross-domain-policies',
  'x-xss-protection',
];

type RawAnswer = { status: number; headers: Map<string, string>; body: string };

/**
 * Sends `head` as the whole request head over a socket of its own and reads until the server
 * closes or the answer is complete: fetch would refuse or rewrite the malformed requests.
 */
function rawRequest(url: string, head: string): Promise<RawAnswer> {
  const { hostname, port } = new URL(url);
  return new Promise((resolve, reject) => {
    const socket = connect({ host: hostname, port: Number(port) });
    let data = Buffer.alloc(0);
    let settled = false;
    const finish = () => {
      if (settled) return;
      const text = data.toString('utf8');
      const end = text.indexOf('\r\n\r\n');
      if (end < 0) return;
      const [statusLine = '', ...lines] = text.slice(0, end).split('\r\n');
      const headers = new Map<string, string>();
      for (const line of lines) {
        const colon = line.indexOf(':');
        headers.set(line.slice(0, colon).trim().toLowerCase(), line.slice(colon + 1).trim());
      }
      const body = text.slice(end + 4);
      const length = Number(headers.get('content-length') ?? Number.NaN);
      if (Number.isFinite(length) && Buffer.byteLength(body) < length) return;
      settled = true;
      socket.destroy();
      resolve({ status: Number(statusLine.split(' ')[1]), headers, body });
    };
    socket.on('data', (chunk: Buffer) => {
      data = Buffer.concat([data, chunk]);
      finish();
    });
    socket.on('end', finish);
    socket.on('close', () => {
      finish();
      if (!settled) reject(new Error(`connection closed without a whole answer: ${JSON.stringify(data.toString())}`));
    });
    // The server may answer and close before the whole request is written (a 100 KB header).
    socket.on('error', (error: NodeJS.ErrnoException) => {
      finish();
      if (!settled && error.code !== 'ECONNRESET' && error.code !== 'EPIPE') reject(error);
    });
    socket.write(head);
  });
}

function get(path: string, extraHeaders = ''): string {
  return `GET ${path} HTTP/1.1\r\nHost: localhost\r\nConnection: close\r\n${extraHeaders}\r\n`;
}

let server: TestServer;
let secure: TestServer;
/** The security headers of an ordinary answer, to compare every framework answer with. */
let normal: Map<string, string>;
let secureNormal: Map<string, string>;

function securityHeadersOf(headers: Map<string, string> | Headers): Map<string, string> {
  const out = new Map<string, string>();
  for (const name of [...SECURITY_HEADERS, 'strict-transport-security']) {
    const value = headers.get(name);
    if (value !== undefined && value !== null) out.set(name, value);
  }
  return out;
}

beforeAll(async () => {
  [server, secure] = await Promise.all([
    startTestServer(),
    startTestServer({ env: { PUBLIC_URL: 'https://crm.example.test' } }),
  ]);
  normal = securityHeadersOf((await new Client(server.url).get('/api/v1/me')).headers);
  secureNormal = securityHeadersOf((await new Client(secure.url).get('/api/v1/me')).headers);
});
afterAll(async () => {
  await Promise.all([server?.close(), secure?.close()]);
});

function expectProblem(answer: RawAnswer, status: number | number[], code: string | string[]) {
  expect([status].flat(), answer.body).toContain(answer.status);
  expect(answer.headers.get('content-type')).toMatch(/^application\/problem\+json/);
  const problem = JSON.parse(answer.body) as Problem;
  expect([code].flat()).toContain(problem.code);
  expect(problem.status).toBe(answer.status);
  expect(problem.type).toMatch(/^https:\/\/salesos\.dev\/problems\//);
  // Nothing of the framework's own vocabulary leaks through.
  expect(answer.body).not.toContain('FST_');
  expect(answer.body).not.toContain('HPE_');
}

/** Every framework answer: a request the server cannot route or parse, and the status it gets. */
const ATTACKS: { name: string; head: () => string; status: number | number[]; code: string | string[] }[] = [
  {
    name: 'bad URL encoding in an API path',
    head: () => get('/api/v1/users/%E0%A4%A'),
    status: 400,
    code: 'bad_request',
  },
  { name: 'bad URL encoding in a page path', head: () => get('/invite/%E0%A4%A'), status: 400, code: 'bad_request' },
  {
    name: 'a path parameter longer than the router takes',
    head: () => get(`/api/v1/users/${'a'.repeat(500)}`),
    status: 414,
    code: 'uri_too_long',
  },
  {
    name: 'a URL of 100 KB',
    head: () => get(`/api/v1/users?q=${'a'.repeat(100 * 1024)}`),
    status: [414, 431],
    code: ['uri_too_long', 'headers_too_large'],
  },
  {
    name: 'a header of 100 KB',
    head: () => get('/api/v1/me', `X-Padding: ${'a'.repeat(100 * 1024)}\r\n`),
    status: 431,
    code: 'headers_too_large',
  },
  {
    name: 'a header line without a colon',
    head: () => get('/api/v1/me', 'This is not a header\r\n'),
    status: 400,
    code: 'bad_request',
  },
  {
    name: 'a request line that is not HTTP',
    head: () => 'HELLO THERE\r\n\r\n',
    status: 400,
    code: 'bad_request',
  },
  {
    name: 'a bad Content-Length',
    head: () => 'POST /api/v1/auth/login HTTP/1.1\r\nHost: localhost\r\nContent-Length: abc\r\n\r\n',
    status: 400,
    code: 'bad_request',
  },
  { name: 'no route (404)', head: () => get('/api/v1/no-such-route'), status: 404, code: 'not_found' },
  {
    name: 'a method the route does not take',
    head: () => 'PATCH /api/v1/auth/login HTTP/1.1\r\nHost: localhost\r\nConnection: close\r\n\r\n',
    status: 404,
    code: 'not_found',
  },
  {
    name: 'a body type the server does not read',
    head: () =>
      'POST /api/v1/auth/login HTTP/1.1\r\nHost: localhost\r\nConnection: close\r\nContent-Type: application/xml\r\nContent-Length: 4\r\n\r\n<a/>',
    status: 415,
    code: 'unsupported_media_type',
  },
  {
    name: 'malformed JSON',
    head: () =>
      'POST /api/v1/auth/login HTTP/1.1\r\nHost: localhost\r\nConnection: close\r\nContent-Type: application/json\r\nContent-Length: 5\r\n\r\n{"a":',
    status: 400,
    code: 'validation_failed',
  },
];

describe('V3.4 / V16.5.1 framework and client errors are problem+json with the security headers', () => {
  it('an ordinary answer has every header of the list (so the comparison below means something)', () => {
    expect([...normal.keys()].sort()).toEqual([...SECURITY_HEADERS].sort());
    expect(secureNormal.get('strict-transport-security')).toMatch(/max-age=\d+/);
  });

  it('GET /api/v1/users/%E0%A4%A (the finding as written) answers 400 problem+json with CSP, nosniff and frame headers', async () => {
    const answer = await rawRequest(server.url, get('/api/v1/users/%E0%A4%A'));
    expectProblem(answer, 400, 'bad_request');
    expect(answer.headers.get('content-security-policy')).toContain("frame-ancestors 'none'");
    expect(answer.headers.get('x-content-type-options')).toBe('nosniff');
    expect(answer.headers.get('x-frame-options')).toBe('DENY');
    expect(securityHeadersOf(answer.headers)).toEqual(normal);
  });

  for (const attack of ATTACKS) {
    it(`${attack.name}: ${[attack.status].flat().join(' or ')} problem+json with the same security headers as an ordinary answer`, async () => {
      for (const [target, expected] of [
        [server, () => normal],
        [secure, () => secureNormal],
      ] as const) {
        const answer = await rawRequest(target.url, attack.head());
        expectProblem(answer, attack.status, attack.code);
        expect(securityHeadersOf(answer.headers)).toEqual(expected());
      }
    });
  }

  it('the server keeps answering after every one of them', async () => {
    for (const attack of ATTACKS) await rawRequest(server.url, attack.head());
    const health = await new Client(server.url).get('/healthz');
    expect(health.status).toBe(200);
  });
});
