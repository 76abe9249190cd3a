import { createServer as createHttpServer, type Server } from 'node:http';
import { type AddressInfo, createServer as createTcpServer } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  AllowedHosts,
  checkOutboundUrl,
  createOutboundGuard,
  isPublicAddress,
  type OutboundRefusedError,
  outboundRefusalOf,
  type Resolver,
} from './outbound-guard.js';

describe('isPublicAddress', () => {
  it.each([
    ['127.0.0.1', 'loopback'],
    ['127.255.255.254', 'loopback'],
    ['0.0.0.0', 'unspecified'],
    ['0.1.2.3', '"this network"'],
    ['10.1.2.3', 'private 10/8'],
    ['172.16.0.1', 'private 172.16/12'],
    ['172.31.255.255', 'private 172.16/12'],
    ['192.168.1.1', 'private 192.168/16'],
    ['100.64.0.1', 'carrier-grade NAT'],
    ['100.100.100.200', 'carrier-grade NAT (a cloud metadata address)'],
    ['100.127.255.255', 'carrier-grade NAT'],
    ['169.254.169.254', 'link-local, cloud metadata'],
    ['169.254.0.1', 'link-local'],
    ['192.0.0.1', 'IETF assignments'],
    ['192.0.2.1', 'documentation'],
    ['198.18.0.1', 'benchmarking'],
    ['198.51.100.1', 'documentation'],
    ['203.0.113.1', 'documentation'],
    ['224.0.0.1', 'multicast'],
    ['239.255.255.250', 'multicast'],
    ['240.0.0.1', 'reserved'],
    ['255.255.255.255', 'broadcast'],
    ['::', 'IPv6 unspecified'],
    ['::1', 'IPv6 loopback'],
    ['[::1]', 'IPv6 loopback as a URL writes it'],
    ['fe80::1', 'IPv6 link-local'],
    ['fe80::1%eth0', 'IPv6 link-local with a zone'],
    ['febf:ffff::1', 'IPv6 link-local'],
    ['fec0::1', 'IPv6 site-local (deprecated)'],
    ['fc00::1', 'unique-local'],
    ['fd00:ec2::254', 'unique-local (a cloud metadata address)'],
    ['ff02::1', 'IPv6 multicast'],
    ['100::1', 'discard-only'],
    ['::ffff:127.0.0.1', 'IPv4-mapped loopback'],
    ['::ffff:7f00:1', 'IPv4-mapped loopback, hex'],
    ['0:0:0:0:0:ffff:a00:1', 'IPv4-mapped private'],
    ['::FFFF:169.254.169.254', 'IPv4-mapped metadata, upper case'],
    ['::ffff:0:10.0.0.1', 'IPv4-translated private'],
    ['64:ff9b::10.0.0.1', 'NAT64 of a private address'],
    ['64:ff9b::7f00:1', 'NAT64 of loopback'],
    ['2002:7f00:1::1', '6to4 of loopback'],
    ['2002:a9fe:a9fe::', '6to4 of the metadata address'],
    ['::127.0.0.1', 'IPv4-compatible (deprecated)'],
    ['2001:db8::1', 'IPv6 documentation'],
    ['2001::1', 'Teredo'],
    ['3fff::1', 'IPv6 documentation'],
    ['not-an-address', 'not an address'],
    ['', 'empty'],
  ])('refuses %s (%s)', (address) => {
    expect(isPublicAddress(address)).toBe(false);
  });

  it.each([
    '8.8.8.8',
    '1.1.1.1',
    '93.184.216.34',
    '172.15.255.255',
    '172.32.0.1',
    '100.63.255.255',
    '100.128.0.1',
    '169.253.255.255',
    '223.255.255.255',
    '2606:4700:4700::1111',
    '2001:4860:4860::8888',
    '[2a00:1450:4001::200e]',
    '::ffff:8.8.8.8',
    '64:ff9b::808:808',
    '2002:808:808::1',
  ])('allows the public address %s', (address) => {
    expect(isPublicAddress(address)).toBe(true);
  });
});

describe('checkOutboundUrl', () => {
  const none = new AllowedHosts([]);

  it('refuses every spelling of loopback, which WHATWG URL parsing turns into 127.0.0.1', () => {
    for (const spelling of ['127.0.0.1', '127.1', '0x7f000001', '2130706433', '017700000001', '127.0.0.1.']) {
      const url = new URL(`https://${spelling}:8443/`);
      expect(url.hostname, spelling).toBe('127.0.0.1');
      expect(checkOutboundUrl(url, none)?.reason, spelling).toBe('not_public_address');
    }
    for (const spelling of ['[::1]', '[::ffff:127.0.0.1]', '[0:0:0:0:0:ffff:7f00:1]', '0', '[::]']) {
      expect(checkOutboundUrl(new URL(`https://${spelling}/`), none)?.reason, spelling).toBe('not_public_address');
    }
  });

  it('refuses http:// for a host not allowed, and lets a public https name through to the connect check', () => {
    expect(checkOutboundUrl(new URL('http://login.example.com/'), none)?.reason).toBe('not_https');
    expect(checkOutboundUrl(new URL('https://login.example.com/'), none)).toBeNull();
    expect(checkOutboundUrl(new URL('https://8.8.8.8/'), none)).toBeNull();
  });

  it('allows a host in SSO_ALLOWED_HOSTS: `host` on any port, `host:port` on that port only', () => {
    const allowed = new AllowedHosts(['idp.corp', '127.0.0.1:9000', '[::1]:9001']);
    expect(checkOutboundUrl(new URL('http://idp.corp:8080/'), allowed)).toBeNull();
    expect(checkOutboundUrl(new URL('http://IDP.CORP/'), allowed)).toBeNull();
    expect(checkOutboundUrl(new URL('http://127.0.0.1:9000/'), allowed)).toBeNull();
    expect(checkOutboundUrl(new URL('http://127.1:9000/'), allowed)).toBeNull();
    expect(checkOutboundUrl(new URL('http://[::1]:9001/'), allowed)).toBeNull();
    expect(checkOutboundUrl(new URL('http://127.0.0.1:9001/'), allowed)?.reason).toBe('not_https');
    expect(checkOutboundUrl(new URL('https://127.0.0.1:9001/'), allowed)?.reason).toBe('not_public_address');
    expect(checkOutboundUrl(new URL('http://other.corp/'), allowed)?.reason).toBe('not_https');
    // A default port counts as written: `idp.local:443` allows https://idp.local/.
    expect(new AllowedHosts(['idp.local:443']).allowsUrl(new URL('https://idp.local/'))).toBe(true);
    expect(new AllowedHosts(['idp.local:443']).allowsUrl(new URL('http://idp.local/'))).toBe(false);
  });
});

/** A listener on 127.0.0.1 that only counts the connections it gets. */
async function countingListener() {
  let connections = 0;
  const server = createTcpServer((socket) => {
    connections += 1;
    socket.destroy();
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return {
    port: (server.address() as AddressInfo).port,
    connections: () => connections,
    close: () => new Promise<void>((resolve) => server.close(() => resolve())),
  };
}

describe('createOutboundGuard: the connection', () => {
  let web: Server;
  let webPort = 0;
  let webHits = 0;
  let redirectTo = 'http://127.0.0.1:1/';

  beforeAll(async () => {
    web = createHttpServer((request, response) => {
      webHits += 1;
      if (request.url === '/redirect') {
        response.writeHead(302, { location: redirectTo }).end();
        return;
      }
      response.writeHead(200, { 'content-type': 'text/plain' }).end('hello');
    });
    await new Promise<void>((resolve) => web.listen(0, '127.0.0.1', resolve));
    webPort = (web.address() as AddressInfo).port;
  });
  afterAll(async () => {
    web.closeAllConnections();
    await new Promise<void>((resolve) => web.close(() => resolve()));
  });

  /** DNS as the test plays it: every name resolves to `address`; the names asked are kept. */
  function fakeDns(answers: (name: string) => string[]) {
    const asked: string[] = [];
    const resolve: Resolver = async (name) => {
      asked.push(name);
      return answers(name).map((address) => ({ address, family: address.includes(':') ? 6 : 4 }));
    };
    return { asked, resolve };
  }

  async function refusalOf(promise: Promise<unknown>): Promise<OutboundRefusedError | null> {
    try {
      await promise;
    } catch (error) {
      return outboundRefusalOf(error);
    }
    throw new Error('the request was not refused');
  }

  it('refuses at connect a public-looking name whose DNS answers a private address (DNS rebinding)', async () => {
    const listener = await countingListener();
    const dns = fakeDns(() => ['127.0.0.1']);
    const guard = createOutboundGuard({ allowedHosts: [], resolve: dns.resolve });
    try {
      // Nothing in the URL's text is wrong: https, a public-looking name.
      const url = `https://idp.example.com:${listener.port}/.well-known/openid-configuration`;
      expect(checkOutboundUrl(new URL(url), new AllowedHosts([]))).toBeNull();
      const refusal = await refusalOf(guard.fetch(url));
      expect(refusal?.reason).toBe('not_public_address');
      expect(refusal?.message).toBe(`connection to idp.example.com refused: 127.0.0.1 is not a public address`);
      // The name was resolved for the connection, and the connection never opened.
      expect(dns.asked).toEqual(['idp.example.com']);
      expect(listener.connections()).toBe(0);
    } finally {
      await guard.close();
      await listener.close();
    }
  });

  it('refuses when any of the addresses is not public, so a fallback cannot reach it', async () => {
    const listener = await countingListener();
    const dns = fakeDns(() => ['93.184.216.34', '10.0.0.5']);
    const guard = createOutboundGuard({ allowedHosts: [], resolve: dns.resolve });
    try {
      const refusal = await refusalOf(guard.fetch(`https://idp.example.com:${listener.port}/`));
      expect(refusal?.message).toMatch(/10\.0\.0\.5 is not a public address/);
    } finally {
      await guard.close();
      await listener.close();
    }
  });

  it('resolves again for each new connection: an answer that turns private later is refused then', async () => {
    let calls = 0;
    const dns = fakeDns(() => {
      calls += 1;
      return calls === 1 ? ['127.0.0.1'] : ['10.0.0.9'];
    });
    const guard = createOutboundGuard({ allowedHosts: [], resolve: dns.resolve });
    try {
      for (const expected of ['127.0.0.1', '10.0.0.9']) {
        const refusal = await refusalOf(guard.fetch(`https://idp.example.com:${webPort}/`));
        expect(refusal?.message).toContain(`${expected} is not a public address`);
      }
      expect(dns.asked).toEqual(['idp.example.com', 'idp.example.com']);
    } finally {
      await guard.close();
    }
  });

  it('connects where the resolver says for an allowed host: the same lookup is what the refused ones used', async () => {
    const dns = fakeDns(() => ['127.0.0.1']);
    const guard = createOutboundGuard({ allowedHosts: [`idp.example.com:${webPort}`], resolve: dns.resolve });
    const hitsBefore = webHits;
    try {
      const response = await guard.fetch(`http://idp.example.com:${webPort}/`);
      expect(response.status).toBe(200);
      expect(await response.text()).toBe('hello');
      expect(webHits).toBe(hitsBefore + 1);
      expect(dns.asked).toEqual(['idp.example.com']);
    } finally {
      await guard.close();
    }
  });

  it('refuses an IP literal without a lookup, in any spelling, before connecting', async () => {
    const listener = await countingListener();
    const dns = fakeDns(() => ['93.184.216.34']);
    const guard = createOutboundGuard({ allowedHosts: [], resolve: dns.resolve });
    try {
      for (const host of ['127.0.0.1', '127.1', '0x7f000001', '2130706433', '[::ffff:127.0.0.1]']) {
        const refusal = await refusalOf(guard.fetch(`https://${host}:${listener.port}/`));
        expect(refusal?.reason, host).toBe('not_public_address');
      }
      expect(dns.asked).toEqual([]);
      expect(listener.connections()).toBe(0);
    } finally {
      await guard.close();
      await listener.close();
    }
  });

  it('refuses http:// to a host not allowed, without resolving it', async () => {
    const dns = fakeDns(() => ['93.184.216.34']);
    const guard = createOutboundGuard({ allowedHosts: [], resolve: dns.resolve });
    try {
      const refusal = await refusalOf(guard.fetch('http://idp.example.com/'));
      expect(refusal?.reason).toBe('not_https');
      expect(dns.asked).toEqual([]);
    } finally {
      await guard.close();
    }
  });

  it('never follows a redirect, whatever the caller asks', async () => {
    const listener = await countingListener();
    // Both allowed: only the guard's own rule stops the second hop.
    const guard = createOutboundGuard({ allowedHosts: [`127.0.0.1:${webPort}`, `127.0.0.1:${listener.port}`] });
    redirectTo = `http://127.0.0.1:${listener.port}/elsewhere`;
    try {
      const response = await guard.fetch(`http://127.0.0.1:${webPort}/redirect`, { redirect: 'follow' });
      expect(response.status).toBe(302);
      expect(listener.connections()).toBe(0);
    } finally {
      await guard.close();
      await listener.close();
    }
  });
});
