import { describe, expect, it } from 'vitest';
import { loadConfig, parseDatabaseUrl, parseDuration } from './config.js';

describe('parseDuration', () => {
  it.each([
    ['45s', 45],
    ['30m', 1800],
    ['12h', 43200],
    ['7d', 604800],
  ])('reads %s', (text, seconds) => expect(parseDuration(text)).toBe(seconds));
  it.each(['', '7', 'd', '7w', '-1d', '0s', '1.5h'])('refuses %j', (text) => expect(parseDuration(text)).toBeNull());
});

describe('parseDatabaseUrl', () => {
  it('reads SQLite paths and PostgreSQL URLs', () => {
    expect(parseDatabaseUrl('sqlite:./data/salesos.db')).toEqual({ dialect: 'sqlite', path: './data/salesos.db' });
    expect(parseDatabaseUrl('sqlite:/var/lib/x.db')).toEqual({ dialect: 'sqlite', path: '/var/lib/x.db' });
    expect(parseDatabaseUrl('postgres://u:p@h/db')).toEqual({ dialect: 'postgres', url: 'postgres://u:p@h/db' });
    expect(parseDatabaseUrl('mysql://h/db')).toBeNull();
    expect(parseDatabaseUrl('sqlite:')).toBeNull();
  });
});

describe('loadConfig', () => {
  it('has the documented defaults', () => {
    const config = loadConfig({});
    expect(config).toMatchObject({
      port: 3000,
      host: '127.0.0.1',
      database: { dialect: 'sqlite', path: './data/salesos.db' },
      publicUrl: 'http://localhost:3000',
      secureCookies: false,
      smtpUrl: null,
      invitationTtlSeconds: 7 * 86400,
      signupEnabled: true,
      logLevel: 'info',
    });
  });

  it('makes cookies secure under an https PUBLIC_URL', () => {
    expect(loadConfig({ PUBLIC_URL: 'https://crm.example.com/' })).toMatchObject({
      publicUrl: 'https://crm.example.com',
      secureCookies: true,
    });
  });

  it.each([
    ['PORT', 'eighty'],
    ['PORT', '70000'],
    ['DATABASE_URL', 'mysql://db'],
    ['PUBLIC_URL', 'ftp://files'],
    ['SMTP_URL', 'http://mail'],
    ['INVITATION_TTL', '7 days'],
    ['SIGNUP_ENABLED', 'maybe'],
    ['LOG_LEVEL', 'loud'],
    ['MAIL_FROM', 'a\nBcc: b@c.d'],
  ])('stops on a bad %s, naming it', (name, value) => {
    expect(() => loadConfig({ [name]: value })).toThrow(new RegExp(`Invalid ${name}`));
  });
});

describe('SECRETS_KEY', () => {
  const key = Buffer.from('0123456789abcdef0123456789abcdef', 'utf8');

  it('is unset by default', () => {
    expect(loadConfig({}).secretsKey).toBeNull();
  });

  it.each([
    ['64 hex digits', key.toString('hex')],
    ['base64', key.toString('base64')],
    ['base64url', key.toString('base64url')],
  ])('reads 32 bytes given as %s', (_kind, value) => {
    expect(loadConfig({ SECRETS_KEY: value }).secretsKey?.equals(key)).toBe(true);
  });

  it.each([
    ['16 bytes', Buffer.alloc(16, 7).toString('base64')],
    ['a passphrase', 'my-very-secret-passphrase'],
    ['63 hex digits', key.toString('hex').slice(1)],
  ])('stops on %s, without repeating the value', (_kind, value) => {
    let message = '';
    try {
      loadConfig({ SECRETS_KEY: value });
    } catch (error) {
      message = (error as Error).message;
    }
    expect(message).toMatch(/^Invalid SECRETS_KEY: expected 32 random bytes/);
    expect(message).not.toContain(value);
  });
});

describe('rate limits', () => {
  it('have defaults for password recovery, email verification and posting', () => {
    expect(loadConfig({}).rateLimits).toMatchObject({
      forgotPerEmail: { max: 5, windowSeconds: 3600 },
      forgotPerAddress: { max: 30, windowSeconds: 3600 },
      accountTokenPerAddress: { max: 60, windowSeconds: 900 },
      verifyResendPerAccount: { max: 5, windowSeconds: 3600 },
      chatPostPerMember: { max: 30, windowSeconds: 60 },
    });
  });
});

describe('TRUST_PROXY', () => {
  it.each([
    [undefined, false],
    ['', false],
    ['off', false],
    ['false', false],
    ['0', false],
  ])('%j trusts no proxy: forwarded headers are ignored', (value, expected) => {
    expect(loadConfig(value === undefined ? {} : { TRUST_PROXY: value }).trustProxy).toBe(expected);
  });

  it('reads a hop count', () => {
    expect(loadConfig({ TRUST_PROXY: '2' }).trustProxy).toBe(2);
  });

  it('reads proxy addresses, CIDR ranges and proxy-addr names, in lower case', () => {
    expect(loadConfig({ TRUST_PROXY: '127.0.0.1, 10.0.0.0/8 ,FD00::/8,loopback' }).trustProxy).toEqual([
      '127.0.0.1',
      '10.0.0.0/8',
      'fd00::/8',
      'loopback',
    ]);
  });

  it.each(['yes-please', 'proxy.example.com', '10.0.0.0/33', '::1/129', '10.0.0.1/8/8', '1.2.3.4,'])(
    'stops on %j, naming TRUST_PROXY',
    (value) => {
      expect(() => loadConfig({ TRUST_PROXY: value })).toThrow(/^Invalid TRUST_PROXY: /);
    },
  );
});

describe('DEV_MAILBOX and the production rule', () => {
  it('keeps emails in the dev mailbox outside production when there is no SMTP_URL', () => {
    expect(loadConfig({}).devMailbox).toBe(true);
    expect(loadConfig({ SMTP_URL: 'smtp://mail:25' }).devMailbox).toBe(false);
  });

  it('stops a production start-up without SMTP_URL and without DEV_MAILBOX=on, naming SMTP_URL', () => {
    expect(() => loadConfig({ NODE_ENV: 'production' })).toThrow(
      /^Invalid SMTP_URL: required when NODE_ENV=production/,
    );
    expect(() => loadConfig({ NODE_ENV: 'production', DEV_MAILBOX: 'off' })).toThrow(/^Invalid SMTP_URL/);
  });

  it('lets production keep emails in the dev mailbox when DEV_MAILBOX=on says so, or send them with SMTP_URL', () => {
    expect(loadConfig({ NODE_ENV: 'production', DEV_MAILBOX: 'on' }).devMailbox).toBe(true);
    expect(loadConfig({ NODE_ENV: 'production', SMTP_URL: 'smtps://mail:465' }).devMailbox).toBe(false);
  });

  it('DEV_MAILBOX=off needs an SMTP_URL outside production too', () => {
    expect(() => loadConfig({ DEV_MAILBOX: 'off' })).toThrow(/^Invalid SMTP_URL: required when DEV_MAILBOX is off/);
  });

  it('stops on a DEV_MAILBOX that is not a boolean, naming it', () => {
    expect(() => loadConfig({ DEV_MAILBOX: 'sometimes' })).toThrow(/^Invalid DEV_MAILBOX/);
  });
});

describe('SSO_ALLOWED_HOSTS', () => {
  it('is empty by default', () => {
    expect(loadConfig({}).ssoAllowedHosts).toEqual([]);
  });

  it('reads host names, host:port and bracketed IPv6 addresses, in lower case', () => {
    expect(loadConfig({ SSO_ALLOWED_HOSTS: 'IdP.Internal, 127.0.0.1:1234,[::1]:8443' }).ssoAllowedHosts).toEqual([
      'idp.internal',
      '127.0.0.1:1234',
      '[::1]:8443',
    ]);
  });

  it.each(['https://idp.example', 'idp.example/path', 'idp..example', 'user@idp.example', 'a,'])(
    'stops on %j, naming SSO_ALLOWED_HOSTS',
    (value) => {
      expect(() => loadConfig({ SSO_ALLOWED_HOSTS: value })).toThrow(/^Invalid SSO_ALLOWED_HOSTS: /);
    },
  );
});

describe('PLAN_CHANGES', () => {
  it('defaults to admins, and to operator in production', () => {
    expect(loadConfig({}).planChanges).toBe('admins');
    expect(loadConfig({ NODE_ENV: 'production', DEV_MAILBOX: 'on' }).planChanges).toBe('operator');
  });

  it('reads admins and operator', () => {
    expect(loadConfig({ PLAN_CHANGES: 'operator' }).planChanges).toBe('operator');
    expect(loadConfig({ NODE_ENV: 'production', DEV_MAILBOX: 'on', PLAN_CHANGES: 'admins' }).planChanges).toBe(
      'admins',
    );
  });

  it.each(['everyone', 'Admins', ' '])('stops on %j, naming PLAN_CHANGES', (value) => {
    expect(() => loadConfig({ PLAN_CHANGES: value })).toThrow(/^Invalid PLAN_CHANGES: /);
  });
});

describe('SESSION_IDLE_TIMEOUT', () => {
  it('defaults to 12 hours and reads a duration', () => {
    expect(loadConfig({}).sessionIdleTimeoutSeconds).toBe(12 * 3600);
    expect(loadConfig({ SESSION_IDLE_TIMEOUT: '30m' }).sessionIdleTimeoutSeconds).toBe(1800);
  });

  it.each(['12', '0s', 'an hour'])('stops on %j, naming SESSION_IDLE_TIMEOUT', (value) => {
    expect(() => loadConfig({ SESSION_IDLE_TIMEOUT: value })).toThrow(/^Invalid SESSION_IDLE_TIMEOUT: /);
  });
});

describe('FREE_PLAN_INVITATIONS_PER_HOUR', () => {
  it('defaults to 30 and reads a whole number', () => {
    expect(loadConfig({}).freePlanInvitationsPerHour).toBe(30);
    expect(loadConfig({ FREE_PLAN_INVITATIONS_PER_HOUR: '5' }).freePlanInvitationsPerHour).toBe(5);
    expect(loadConfig({ FREE_PLAN_INVITATIONS_PER_HOUR: '0' }).freePlanInvitationsPerHour).toBe(0);
  });

  it.each(['-1', '2.5', 'many'])('stops on %j, naming FREE_PLAN_INVITATIONS_PER_HOUR', (value) => {
    expect(() => loadConfig({ FREE_PLAN_INVITATIONS_PER_HOUR: value })).toThrow(
      /^Invalid FREE_PLAN_INVITATIONS_PER_HOUR: /,
    );
  });
});

describe('sign-in throttles', () => {
  it('slow one email from one address after 5 failures, one address after 50, and cap one email at 100 per 15 minutes', () => {
    expect(loadConfig({}).rateLimits).toMatchObject({
      loginPerEmailAddress: { max: 5, windowSeconds: 86400 },
      loginPerAddress: { max: 50, windowSeconds: 3600 },
      loginPerEmail: { max: 100, windowSeconds: 900 },
    });
  });
});
