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
