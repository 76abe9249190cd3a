import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadConfig } from '../../src/server/config.js';
import type { AuditEvent } from '../../src/shared/api/audit.js';
import type { Problem } from '../../src/shared/errors.js';
import { allPages, Client } from '../support/client.js';
import { type SignedUp, signUp, uniqueEmail } from '../support/factories.js';
import { letTimePass } from '../support/rate-limits.js';
import { startTestServer, type TestServer } from '../support/server.js';

// TRUST_PROXY decides which address the per-address limits and the audit log see: the socket's
// (the default, forwarded headers ignored) or the one a trusted reverse proxy forwarded.

/** A per-address sign-in throttle after two failures; the per-email one out of the way. */
const rateLimits = {
  ...loadConfig({}).rateLimits,
  signupPerAddress: { max: 1000, windowSeconds: 3600 },
  loginPerAddress: { max: 2, windowSeconds: 3600 },
  loginPerEmailAddress: { max: 1000, windowSeconds: 3600 },
};

function startWith(trustProxy: string | null): Promise<TestServer> {
  return startTestServer({ env: trustProxy === null ? {} : { TRUST_PROXY: trustProxy }, config: { rateLimits } });
}

function loginVia(target: TestServer, forwardedFor: string, email = uniqueEmail('nobody')) {
  return new Client(target.url).post<Problem>(
    '/api/v1/auth/login',
    { email, password: 'not-the-password-1' },
    { headers: { 'x-forwarded-for': forwardedFor } },
  );
}

async function failedSignInAddresses(admin: SignedUp): Promise<(string | null)[]> {
  const events = await allPages<AuditEvent>(admin.client, '/api/v1/audit?action=auth.sign_in_failed');
  return events.map((e) => e.ip);
}

describe('without TRUST_PROXY', () => {
  let server: TestServer;
  beforeAll(async () => {
    server = await startWith(null);
  });
  afterAll(async () => {
    await server?.close();
  });

  it('ignores X-Forwarded-For: the per-address limit keys on the socket address, whatever the header says', async () => {
    const statuses: number[] = [];
    for (const forwarded of ['203.0.113.1', '203.0.113.2', '203.0.113.3']) {
      statuses.push((await loginVia(server, forwarded)).status);
    }
    expect(statuses).toEqual([401, 401, 429]);
  });

  it('records the socket address in the audit log, not the forwarded one', async () => {
    const admin = await signUp(server.url);
    await letTimePass(server, 3600);
    expect((await loginVia(server, '203.0.113.9', admin.email)).status).toBe(401);
    expect(await failedSignInAddresses(admin)).toEqual(['127.0.0.1']);
  });
});

describe('with TRUST_PROXY=127.0.0.1 (the test client’s address)', () => {
  let server: TestServer;
  beforeAll(async () => {
    server = await startWith('127.0.0.1');
  });
  afterAll(async () => {
    await server?.close();
  });

  it('keys the per-address limit on the forwarded address', async () => {
    expect((await loginVia(server, '203.0.113.10')).status).toBe(401);
    expect((await loginVia(server, '203.0.113.10')).status).toBe(401);
    expect((await loginVia(server, '203.0.113.10')).status).toBe(429);
    // Another forwarded address is another client.
    expect((await loginVia(server, '203.0.113.11')).status).toBe(401);
  });

  it('records the forwarded address in the audit log', async () => {
    const admin = await signUp(server.url);
    expect((await loginVia(server, '198.51.100.23', admin.email)).status).toBe(401);
    expect(await failedSignInAddresses(admin)).toEqual(['198.51.100.23']);
  });

  it('takes the address the trusted proxy saw, not one the client wrote in front of it', async () => {
    const admin = await signUp(server.url);
    // The client sent "X-Forwarded-For: 10.9.9.9"; the proxy appended the address it saw.
    expect((await loginVia(server, '10.9.9.9, 198.51.100.24', admin.email)).status).toBe(401);
    expect(await failedSignInAddresses(admin)).toEqual(['198.51.100.24']);
  });
});

describe('with TRUST_PROXY=1 (one proxy hop)', () => {
  let server: TestServer;
  beforeAll(async () => {
    server = await startWith('1');
  });
  afterAll(async () => {
    await server?.close();
  });

  it('takes the last forwarded address', async () => {
    const admin = await signUp(server.url);
    expect((await loginVia(server, '10.9.9.9, 198.51.100.25', admin.email)).status).toBe(401);
    expect(await failedSignInAddresses(admin)).toEqual(['198.51.100.25']);
  });
});
