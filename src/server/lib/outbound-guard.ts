import { lookup as dnsLookup } from 'node:dns/promises';
import { BlockList, isIP, type LookupFunction, type Socket } from 'node:net';
import { Agent, buildConnector, type RequestInit as UndiciRequestInit, fetch as undiciFetch } from 'undici';

/**
 * The one way the server connects to a host an admin named (an identity provider): such a URL
 * must be public https, and the connection itself may only reach public addresses, unless the
 * operator allowed the host in SSO_ALLOWED_HOSTS. The address is checked where the socket is
 * opened (on every address DNS gives, and again on the connected socket), not on the text of the
 * URL, so a name that resolves, or rebinds, to an internal address is refused too.
 */

export type OutboundRefusal = 'not_https' | 'not_public_address' | 'no_address';

/** A connection the guard would not open; its message names the host and why, for the log. */
export class OutboundRefusedError extends Error {
  readonly code = 'ERR_OUTBOUND_REFUSED';
  constructor(
    readonly reason: OutboundRefusal,
    readonly host: string,
    detail: string,
  ) {
    super(`connection to ${host} refused: ${detail}`);
    this.name = 'OutboundRefusedError';
  }
}

/** The first OutboundRefusedError in an error's cause chain (fetch and openid-client wrap it). */
export function outboundRefusalOf(error: unknown): OutboundRefusedError | null {
  let current: unknown = error;
  for (let depth = 0; depth < 5 && current instanceof Error; depth += 1) {
    if (current instanceof OutboundRefusedError) return current;
    current = (current as { cause?: unknown }).cause;
  }
  return null;
}

// IPv4 ranges that are not the public internet (IANA special-purpose registry, RFC 6890 and after).
const NOT_PUBLIC_V4: [string, number][] = [
  ['0.0.0.0', 8], // "this network"; 0.0.0.0 reaches the local host
  ['10.0.0.0', 8], // private
  ['100.64.0.0', 10], // carrier-grade NAT (and some clouds' metadata, 100.100.100.200)
  ['127.0.0.0', 8], // loopback
  ['169.254.0.0', 16], // link-local, cloud metadata 169.254.169.254
  ['172.16.0.0', 12], // private
  ['192.0.0.0', 24], // IETF protocol assignments
  ['192.0.2.0', 24], // documentation
  ['192.88.99.0', 24], // 6to4 relay anycast
  ['192.168.0.0', 16], // private
  ['198.18.0.0', 15], // benchmarking
  ['198.51.100.0', 24], // documentation
  ['203.0.113.0', 24], // documentation
  ['224.0.0.0', 4], // multicast
  ['240.0.0.0', 4], // reserved, and the broadcast address
];

// Within 2000::/3 (the only global unicast IPv6 space), the parts that are not public.
const NOT_PUBLIC_V6: [string, number][] = [
  ['2001::', 23], // IETF protocol assignments, Teredo
  ['2001:db8::', 32], // documentation
  ['3fff::', 20], // documentation
];

const notPublic = new BlockList();
for (const [network, prefix] of NOT_PUBLIC_V4) notPublic.addSubnet(network, prefix, 'ipv4');
for (const [network, prefix] of NOT_PUBLIC_V6) notPublic.addSubnet(network, prefix, 'ipv6');

/** The eight 16-bit groups of an IPv6 address (one `isIP` accepts), a trailing dotted quad included. */
function ipv6Groups(address: string): number[] {
  let text = address;
  const lastColon = text.lastIndexOf(':');
  const tail = text.slice(lastColon + 1);
  if (tail.includes('.')) {
    const [a = 0, b = 0, c = 0, d = 0] = tail.split('.').map(Number);
    text = `${text.slice(0, lastColon + 1)}${((a << 8) | b).toString(16)}:${((c << 8) | d).toString(16)}`;
  }
  const [head = '', rest] = text.split('::');
  const headGroups = head ? head.split(':') : [];
  const restGroups = rest ? rest.split(':') : [];
  const fill = rest === undefined ? [] : Array(8 - headGroups.length - restGroups.length).fill('0');
  return [...headGroups, ...fill, ...restGroups].map((g) => Number.parseInt(g, 16));
}

function ipv4Of(high: number, low: number): string {
  return `${high >> 8}.${high & 0xff}.${low >> 8}.${low & 0xff}`;
}

/**
 * The IPv4 address an IPv6 address carries and would reach: IPv4-mapped (::ffff:a.b.c.d),
 * IPv4-translated (::ffff:0:a.b.c.d), NAT64 (64:ff9b::a.b.c.d) or 6to4 (2002:aabb:ccdd::).
 */
function embeddedIpv4(groups: number[]): string | null {
  const [g0, g1, g2, g3, g4, g5, g6 = 0, g7 = 0] = groups;
  const zeroTo = (n: number) => groups.slice(0, n).every((g) => g === 0);
  if (zeroTo(5) && g5 === 0xffff) return ipv4Of(g6, g7);
  if (zeroTo(4) && g4 === 0xffff && g5 === 0) return ipv4Of(g6, g7);
  if (g0 === 0x64 && g1 === 0xff9b && g2 === 0 && g3 === 0 && g4 === 0 && g5 === 0) return ipv4Of(g6, g7);
  if (g0 === 0x2002) return ipv4Of(g1 ?? 0, g2 ?? 0);
  return null;
}

/**
 * True for an address on the public internet. Everything else is refused: loopback, private,
 * carrier-grade NAT, link-local (cloud metadata), unique-local, unspecified, multicast, reserved,
 * documentation, and IPv6 forms that carry one of those IPv4 addresses.
 */
export function isPublicAddress(address: string): boolean {
  const bare = address.replace(/^\[(.*)\]$/, '$1').replace(/%.*$/, '');
  const family = isIP(bare);
  if (family === 4) return !notPublic.check(bare, 'ipv4');
  if (family !== 6) return false;
  const groups = ipv6Groups(bare.toLowerCase());
  const ipv4 = embeddedIpv4(groups);
  if (ipv4 !== null) return !notPublic.check(ipv4, 'ipv4');
  // Only 2000::/3 is global unicast: this leaves out ::, ::1, fc00::/7, fe80::/10, ff00::/8…
  if (((groups[0] ?? 0) & 0xe000) !== 0x2000) return false;
  return !notPublic.check(bare, 'ipv6');
}

function defaultPort(protocol: string): string {
  return protocol === 'https:' ? '443' : '80';
}

/** `host` as a URL writes it: lower case, IPv6 in brackets. */
function urlHost(hostname: string): string {
  const bare = hostname.replace(/^\[(.*)\]$/, '$1');
  return isIP(bare) === 6 ? `[${bare.toLowerCase()}]` : bare.toLowerCase();
}

/** SSO_ALLOWED_HOSTS as parsed by config.ts: `host` allows every port of it, `host:port` that port. */
export class AllowedHosts {
  private readonly entries: ReadonlySet<string>;

  constructor(entries: readonly string[]) {
    this.entries = new Set(entries.map((e) => e.toLowerCase()));
  }

  allows(hostname: string, port: string, protocol: string): boolean {
    const host = urlHost(hostname);
    return this.entries.has(host) || this.entries.has(`${host}:${port || defaultPort(protocol)}`);
  }

  allowsUrl(url: URL): boolean {
    return this.allows(url.hostname, url.port, url.protocol);
  }
}

/**
 * What can be told from the text of a URL alone: an allowed host passes; any other must be https,
 * and an IP literal must be public (Node opens those without a DNS lookup). A name passes here and
 * is checked when connecting. WHATWG URL parsing has already turned `127.1`, `0x7f000001` or
 * `2130706433` into 127.0.0.1.
 */
export function checkOutboundUrl(url: URL, allowed: AllowedHosts): OutboundRefusedError | null {
  if (allowed.allowsUrl(url)) return null;
  if (url.protocol !== 'https:') return new OutboundRefusedError('not_https', url.host, 'only https:// is allowed');
  const bare = url.hostname.replace(/^\[(.*)\]$/, '$1');
  if (isIP(bare) !== 0 && !isPublicAddress(bare)) {
    return new OutboundRefusedError('not_public_address', url.host, `${bare} is not a public address`);
  }
  return null;
}

export type ResolvedAddress = { address: string; family: number };
/** Every address of a name; tests pass their own to play DNS. */
export type Resolver = (hostname: string) => Promise<ResolvedAddress[]>;

const systemResolver: Resolver = (hostname) => dnsLookup(hostname, { all: true });

/** A `lookup` for net.connect that resolves with `resolve`, and refuses when any address is not public. */
function lookupWith(resolve: Resolver, guard: boolean): LookupFunction {
  return (hostname, options, callback) => {
    resolve(hostname).then(
      (found) => {
        const wanted = options.family === 4 || options.family === 6 ? options.family : 0;
        const addresses = found.filter((a) => wanted === 0 || a.family === wanted);
        // All of them, not just the first: a connection may fall back to any (happy eyeballs).
        const bad = guard ? addresses.find((a) => !isPublicAddress(a.address)) : undefined;
        if (bad) {
          callback(
            new OutboundRefusedError('not_public_address', hostname, `${bad.address} is not a public address`),
            '',
          );
        } else if (addresses.length === 0) {
          callback(new OutboundRefusedError('no_address', hostname, 'no address found'), '');
        } else if (options.all) {
          callback(null, addresses);
        } else {
          const [first] = addresses as [ResolvedAddress];
          callback(null, first.address, first.family);
        }
      },
      (error: NodeJS.ErrnoException) => callback(error, ''),
    );
  };
}

/** fetch()'s options as undici takes them; a `dispatcher` or `redirect` given is overridden. */
export type GuardedFetch = (url: string | URL, init?: UndiciRequestInit) => Promise<Response>;

export type OutboundGuard = {
  /**
   * fetch() through the guard; redirects are never followed (the caller sees the 3xx). A refused
   * connection rejects like a network error, with the OutboundRefusedError as its `cause`.
   */
  fetch: GuardedFetch;
  /** Closes the guard's kept-alive connections. */
  close(): Promise<void>;
};

/** A fetch whose every connection goes through the guard (see the top of this file). */
export function createOutboundGuard(options: {
  allowedHosts: readonly string[];
  resolve?: Resolver;
  connectTimeoutMs?: number;
}): OutboundGuard {
  const allowed = new AllowedHosts(options.allowedHosts);
  const resolve = options.resolve ?? systemResolver;
  const timeout = options.connectTimeoutMs ?? 10_000;
  const open = buildConnector({ lookup: lookupWith(resolve, false), timeout });
  const guarded = buildConnector({ lookup: lookupWith(resolve, true), timeout });

  const connect: buildConnector.connector = (target, callback) => {
    const { hostname, port, protocol } = target;
    if (allowed.allows(hostname, port, protocol)) return open(target, callback);
    const host = `${urlHost(hostname)}:${port || defaultPort(protocol)}`;
    if (protocol !== 'https:') {
      return callback(new OutboundRefusedError('not_https', host, 'only https:// is allowed'), null);
    }
    // Node opens an IP literal without calling `lookup`: check it here.
    const bare = hostname.replace(/^\[(.*)\]$/, '$1');
    if (isIP(bare) !== 0 && !isPublicAddress(bare)) {
      return callback(new OutboundRefusedError('not_public_address', host, `${bare} is not a public address`), null);
    }
    guarded(target, (error, socket) => {
      if (error || !socket) return callback(error ?? new Error('no socket'), null);
      // The address actually connected to, whatever resolved it.
      const remote = (socket as Socket).remoteAddress;
      if (!remote || !isPublicAddress(remote)) {
        socket.destroy();
        return callback(
          new OutboundRefusedError('not_public_address', host, `${remote ?? 'an unknown address'} is not public`),
          null,
        );
      }
      callback(null, socket);
    });
  };
  const agent = new Agent({ connect });

  return {
    async fetch(url, init = {}) {
      const response = await undiciFetch(new URL(url), {
        ...init,
        redirect: 'manual',
        dispatcher: agent,
      });
      // undici's Response is the WHATWG one global fetch returns (a twin class from the package).
      return response as unknown as Response;
    },
    close: () => agent.close(),
  };
}
