import { z } from 'zod';
import { parseSecretsKey } from './lib/secret-box.js';

export type DatabaseConfig = { dialect: 'sqlite'; path: string } | { dialect: 'postgres'; url: string };

export type RateLimitRule = { max: number; windowSeconds: number };

export type Config = {
  port: number;
  host: string;
  database: DatabaseConfig;
  publicUrl: string;
  /** True when PUBLIC_URL is https: cookies become Secure and `__Host-` prefixed, HSTS is sent. */
  secureCookies: boolean;
  smtpUrl: string | null;
  mailFrom: string;
  invitationTtlSeconds: number;
  signupEnabled: boolean;
  logLevel: 'fatal' | 'error' | 'warn' | 'info' | 'debug' | 'trace' | 'silent';
  sessionTtlSeconds: number;
  rateLimits: {
    loginPerEmail: RateLimitRule;
    loginPerAddress: RateLimitRule;
    signupPerAddress: RateLimitRule;
    resendPerInvitation: RateLimitRule;
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
    mailFrom,
    invitationTtlSeconds,
    signupEnabled: parseBoolean('SIGNUP_ENABLED', env.SIGNUP_ENABLED, true),
    logLevel: logLevel as Config['logLevel'],
    sessionTtlSeconds: 30 * 86400,
    rateLimits: {
      loginPerEmail: { max: 10, windowSeconds: 15 * 60 },
      loginPerAddress: { max: 100, windowSeconds: 15 * 60 },
      signupPerAddress: { max: 20, windowSeconds: 60 * 60 },
      resendPerInvitation: { max: 5, windowSeconds: 60 * 60 },
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
  };
}
