import { isIP } from 'node:net';
import { z } from 'zod';
import type { DatabaseConfig } from './db/database.js';
import { parseSecretsKey } from './lib/secret-box.js';

export type RateLimitRule = { max: number; windowSeconds: number };

export type Config = {
  port: number;
  host: string;
  database: DatabaseConfig;
  publicUrl: string;
  /** True when PUBLIC_URL is https: cookies become Secure and `__Host-` prefixed, HSTS is sent. */
  secureCookies: boolean;
  smtpUrl: string | null;
  /**
   * True when emails are kept in the dev mailbox (no SMTP_URL). A production server needs
   * DEV_MAILBOX=on for that: an inviter can read every link the dev mailbox holds.
   */
  devMailbox: boolean;
  mailFrom: string;
  invitationTtlSeconds: number;
  signupEnabled: boolean;
  logLevel: 'fatal' | 'error' | 'warn' | 'info' | 'debug' | 'trace' | 'silent';
  /** Sessions end after this long at most, whatever their use. */
  sessionTtlSeconds: number;
  /** SESSION_IDLE_TIMEOUT: a session unused for this long ends. */
  sessionIdleTimeoutSeconds: number;
  /**
   * SSO_ALLOWED_HOSTS: identity providers on these hosts (`host` or `host:port`, lower case) may
   * sit on private or loopback addresses and use http://; every other provider must be public https.
   */
  ssoAllowedHosts: string[];
  /** PLAN_CHANGES: who may change a workspace's plan, its admins or only the operator (`npm run plan`). */
  planChanges: PlanChanges;
  /** TRUST_PROXY: Fastify's `trustProxy`; false ignores X-Forwarded-* headers. */
  trustProxy: TrustProxy;
  /** Invitations a workspace on the free plan may send an hour (every path: invite, resend, bulk). */
  freePlanInvitationsPerHour: number;
  rateLimits: {
    /**
     * Sign-in throttles (rate-limiter.ts `throttledPasswordCheck`): past `max` failures in the
     * window, each further attempt waits a delay that doubles (1 s, 2 s, 4 s … 15 min).
     * For one email from one address; a correct password clears it.
     */
    loginPerEmailAddress: RateLimitRule;
    /** The same, from one address for every email (a higher `max`: offices share an address). */
    loginPerAddress: RateLimitRule;
    /** A hard ceiling on failures for one email from all addresses together: distributed guessing. */
    loginPerEmail: RateLimitRule;
    signupPerAddress: RateLimitRule;
    resendPerInvitation: RateLimitRule;
    /** Invitation emails to one address, across workspaces, revoke and re-invite. */
    invitationsPerRecipient: RateLimitRule;
    acceptPerAddress: RateLimitRule;
    /** "Forgot password" requests for one email, and from one address. */
    forgotPerEmail: RateLimitRule;
    forgotPerAddress: RateLimitRule;
    /** Password reset and email verification attempts (token guesses) from one address. */
    accountTokenPerAddress: RateLimitRule;
    /** New verification emails a signed-in person may ask for. */
    verifyResendPerAccount: RateLimitRule;
    /** Messages one member may post to #general, so a stuck script cannot flood everyone's page. */
    chatPostPerMember: RateLimitRule;
  };
  /** Where the built web app lives; null serves the API only. */
  webRoot: string | null;
  outbox: OutboxConfig;
  /**
   * Durable jobs: false runs no worker in this process (jobs wait for another process);
   * `lockSeconds` is how long a claimed job is another worker's only after its claimer died.
   */
  jobs: { enabled: boolean; lockSeconds: number };
  /** Send All's job: rows written per transaction, and how long one run of the job goes on. */
  bulkSend: { chunkRows: number; runMs: number };
  /**
   * SECRETS_KEY: 32 bytes that seal secrets the server must read back (SSO client secrets). Null:
   * on SQLite a key file beside the database is used, on PostgreSQL such secrets cannot be saved.
   */
  secretsKey: Buffer | null;
};

export type OutboxConfig = {
  /** False runs no delivery worker in this process (messages wait for another process). */
  enabled: boolean;
  /** How often an idle worker looks for due messages written by other processes. */
  pollMs: number;
  batchSize: number;
  maxAttempts: number;
  backoffBaseMs: number;
  backoffMaxMs: number;
  /** How long a claimed message stays claimed before another worker may take it over. */
  lockSeconds: number;
};

export type PlanChanges = 'admins' | 'operator';

/** As Fastify's `trustProxy` takes it: off, a hop count, or the proxies' addresses and CIDR ranges. */
export type TrustProxy = false | number | string[];

export class ConfigError extends Error {}

const DURATION_UNITS = { s: 1, m: 60, h: 3600, d: 86400 } as const;

/** Parses `7d`, `12h`, `30m`, `45s` into seconds. */
export function parseDuration(value: string): number | null {
  const match = /^(\d+)([smhd])$/.exec(value.trim());
  if (!match) return null;
  const amount = Number(match[1]);
  const seconds = amount * DURATION_UNITS[match[2] as keyof typeof DURATION_UNITS];
  return seconds > 0 && Number.isSafeInteger(seconds) ? seconds : null;
}

export function parseDatabaseUrl(value: string): DatabaseConfig | null {
  if (value.startsWith('sqlite:')) {
    const path = value.slice('sqlite:'.length).replace(/^\/\/(?=\/)/, '');
    return path ? { dialect: 'sqlite', path } : null;
  }
  if (/^postgres(ql)?:\/\//.test(value)) return { dialect: 'postgres', url: value };
  return null;
}

type Env = Record<string, string | undefined>;

function fail(name: string, message: string): never {
  throw new ConfigError(`Invalid ${name}: ${message}`);
}

function parseBoolean(name: string, value: string | undefined, fallback: boolean): boolean {
  if (value === undefined || value === '') return fallback;
  if (/^(1|true|yes|on)$/i.test(value)) return true;
  if (/^(0|false|no|off)$/i.test(value)) return false;
  return fail(name, `expected true or false, got "${value}"`);
}

/** `host` or `host:port`, lower case: a name or an address a URL may carry. */
const HOST_ENTRY =
  /^(?:[a-z0-9](?:[a-z0-9-]{0,61}[a-z0-9])?(?:\.[a-z0-9](?:[a-z0-9-]{0,61}[a-z0-9])?)*|\[[0-9a-f:.]+\])(?::\d{1,5})?$/;

function parseHostList(name: string, value: string | undefined): string[] {
  if (!value?.trim()) return [];
  return value.split(',').map((entry) => {
    const host = entry.trim().toLowerCase();
    if (!HOST_ENTRY.test(host))
      fail(name, `expected host names or host:port, separated by commas, got "${entry.trim()}"`);
    return host;
  });
}

/** proxy-addr's named ranges, besides addresses and CIDR ranges. */
const PROXY_RANGE_NAMES = new Set(['loopback', 'linklocal', 'uniquelocal']);

function isProxyAddress(entry: string): boolean {
  if (PROXY_RANGE_NAMES.has(entry)) return true;
  const [address, bits, ...rest] = entry.split('/');
  if (rest.length > 0 || !address) return false;
  const family = isIP(address);
  if (family === 0) return false;
  if (bits === undefined) return true;
  const max = family === 4 ? 32 : 128;
  return /^\d{1,3}$/.test(bits) && Number(bits) <= max;
}

function parseTrustProxy(value: string | undefined): TrustProxy {
  const text = value?.trim() ?? '';
  if (text === '' || /^(0|false|no|off)$/i.test(text)) return false;
  if (/^\d+$/.test(text)) return Number(text);
  const entries = text.split(',').map((e) => e.trim().toLowerCase());
  for (const entry of entries) {
    if (!isProxyAddress(entry)) {
      fail(
        'TRUST_PROXY',
        `expected off, a number of proxy hops, or proxy addresses and CIDR ranges separated by commas, got "${entry}"`,
      );
    }
  }
  return entries;
}

function parseWholeNumber(name: string, value: string | undefined, fallback: number): number {
  if (value === undefined || value.trim() === '') return fallback;
  if (!/^\d+$/.test(value.trim())) fail(name, `expected a whole number, got "${value}"`);
  return Number(value.trim());
}

const LOG_LEVELS = ['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent'] as const;

/** The environment, parsed once; a bad value stops start-up with a message naming the variable. */
export function loadConfig(env: Env = process.env): Config {
  const portText = env.PORT ?? '3000';
  const port = Number(portText);
  if (!/^\d+$/.test(portText) || port > 65535) fail('PORT', `expected a port number, got "${portText}"`);

  const host = env.HOST || '127.0.0.1';

  const dbText = env.DATABASE_URL || 'sqlite:./data/salesos.db';
  const database = parseDatabaseUrl(dbText) ?? fail('DATABASE_URL', 'expected sqlite:<path> or postgres://…');

  const publicUrlText = (env.PUBLIC_URL || `http://localhost:${port}`).replace(/\/+$/, '');
  const publicUrl = z.url({ protocol: /^https?$/ }).safeParse(publicUrlText);
  if (!publicUrl.success) fail('PUBLIC_URL', `expected an http(s) URL, got "${publicUrlText}"`);

  const smtpUrl = env.SMTP_URL || null;
  if (smtpUrl && !/^smtps?:\/\//.test(smtpUrl)) fail('SMTP_URL', 'expected smtp://… or smtps://…');
  const production = env.NODE_ENV === 'production';
  const devMailboxAllowed = parseBoolean('DEV_MAILBOX', env.DEV_MAILBOX, !production);
  if (!smtpUrl && !devMailboxAllowed) {
    fail(
      'SMTP_URL',
      production
        ? 'required when NODE_ENV=production (set DEV_MAILBOX=on to keep emails in the dev mailbox instead)'
        : 'required when DEV_MAILBOX is off',
    );
  }

  const mailFrom = env.MAIL_FROM || 'SalesOS <no-reply@salesos.localhost>';
  if (/[\r\n]/.test(mailFrom)) fail('MAIL_FROM', 'must be a single line');

  const ttlText = env.INVITATION_TTL || '7d';
  const invitationTtlSeconds =
    parseDuration(ttlText) ?? fail('INVITATION_TTL', `expected a number and a unit (s, m, h, d), got "${ttlText}"`);

  // The value is a secret: the message never repeats it.
  const secretsKey = env.SECRETS_KEY
    ? (parseSecretsKey(env.SECRETS_KEY) ??
      fail('SECRETS_KEY', 'expected 32 random bytes as base64 or 64 hex digits (`openssl rand -base64 32`)'))
    : null;

  const idleText = env.SESSION_IDLE_TIMEOUT || '12h';
  const sessionIdleTimeoutSeconds =
    parseDuration(idleText) ??
    fail('SESSION_IDLE_TIMEOUT', `expected a number and a unit (s, m, h, d), got "${idleText}"`);

  const planChangesText = env.PLAN_CHANGES || (production ? 'operator' : 'admins');
  if (planChangesText !== 'admins' && planChangesText !== 'operator') {
    fail('PLAN_CHANGES', `expected admins or operator, got "${planChangesText}"`);
  }

  const logLevel = env.LOG_LEVEL || 'info';
  if (!(LOG_LEVELS as readonly string[]).includes(logLevel)) {
    fail('LOG_LEVEL', `expected one of ${LOG_LEVELS.join(', ')}, got "${logLevel}"`);
  }

  return {
    port,
    host,
    database,
    publicUrl: publicUrlText,
    secureCookies: publicUrlText.startsWith('https://'),
    smtpUrl,
    devMailbox: !smtpUrl,
    mailFrom,
    invitationTtlSeconds,
    signupEnabled: parseBoolean('SIGNUP_ENABLED', env.SIGNUP_ENABLED, true),
    logLevel: logLevel as Config['logLevel'],
    sessionTtlSeconds: 30 * 86400,
    sessionIdleTimeoutSeconds,
    ssoAllowedHosts: parseHostList('SSO_ALLOWED_HOSTS', env.SSO_ALLOWED_HOSTS),
    planChanges: planChangesText,
    trustProxy: parseTrustProxy(env.TRUST_PROXY),
    freePlanInvitationsPerHour: parseWholeNumber(
      'FREE_PLAN_INVITATIONS_PER_HOUR',
      env.FREE_PLAN_INVITATIONS_PER_HOUR,
      30,
    ),
    rateLimits: {
      loginPerEmailAddress: { max: 5, windowSeconds: 24 * 60 * 60 },
      loginPerAddress: { max: 50, windowSeconds: 60 * 60 },
      loginPerEmail: { max: 100, windowSeconds: 15 * 60 },
      signupPerAddress: { max: 20, windowSeconds: 60 * 60 },
      resendPerInvitation: { max: 5, windowSeconds: 60 * 60 },
      invitationsPerRecipient: { max: 5, windowSeconds: 60 * 60 },
      acceptPerAddress: { max: 60, windowSeconds: 15 * 60 },
      forgotPerEmail: { max: 5, windowSeconds: 60 * 60 },
      forgotPerAddress: { max: 30, windowSeconds: 60 * 60 },
      accountTokenPerAddress: { max: 60, windowSeconds: 15 * 60 },
      verifyResendPerAccount: { max: 5, windowSeconds: 60 * 60 },
      chatPostPerMember: { max: 30, windowSeconds: 60 },
    },
    webRoot: 'dist/web',
    secretsKey,
    outbox: {
      enabled: true,
      pollMs: 500,
      batchSize: 200,
      maxAttempts: 10,
      backoffBaseMs: 2000,
      backoffMaxMs: 15 * 60 * 1000,
      lockSeconds: 120,
    },
    jobs: { enabled: true, lockSeconds: 30 },
    bulkSend: { chunkRows: 250, runMs: 1000 },
  };
}
