import { randomBytes } from 'node:crypto';
import { mkdtempSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { FastifyBaseLogger } from 'fastify';
import { afterEach, describe, expect, it } from 'vitest';
import {
  keyFilePath,
  openSecret,
  parseSecretsKey,
  resolveSecretsKey,
  SecretBoxError,
  sealSecret,
} from './secret-box.js';

describe('parseSecretsKey', () => {
  const key = randomBytes(32);
  it.each([
    ['hex', key.toString('hex')],
    ['base64', key.toString('base64')],
    ['base64url', key.toString('base64url')],
    ['base64 with a newline', `${key.toString('base64')}\n`],
  ])('reads 32 bytes as %s', (_kind, text) => expect(parseSecretsKey(text)?.equals(key)).toBe(true));

  it.each([
    ['empty', ''],
    ['too short', randomBytes(16).toString('base64')],
    ['too long', randomBytes(48).toString('base64')],
    ['63 hex digits', key.toString('hex').slice(1)],
    ['a passphrase', 'correct horse battery staple correct horse!!'],
  ])('refuses %s', (_kind, text) => expect(parseSecretsKey(text)).toBeNull());
});

describe('sealSecret and openSecret', () => {
  const key = randomBytes(32);

  it('round-trips, and never contains the plaintext', () => {
    const sealed = sealSecret(key, 'client-secret-value', 'workspace-1');
    expect(sealed).toMatch(/^v1\.[A-Za-z0-9_-]+$/);
    expect(sealed).not.toContain('client-secret-value');
    expect(openSecret(key, sealed, 'workspace-1')).toBe('client-secret-value');
  });

  it('uses a fresh IV each time', () => {
    expect(sealSecret(key, 'same', 'w')).not.toBe(sealSecret(key, 'same', 'w'));
  });

  it('refuses another key, another context and a tampered value', () => {
    const sealed = sealSecret(key, 'secret', 'workspace-1');
    expect(() => openSecret(randomBytes(32), sealed, 'workspace-1')).toThrow(SecretBoxError);
    expect(() => openSecret(key, sealed, 'workspace-2')).toThrow(SecretBoxError);
    const flipped = `${sealed.slice(0, -2)}${sealed.endsWith('AA') ? 'BB' : 'AA'}`;
    expect(() => openSecret(key, flipped, 'workspace-1')).toThrow(SecretBoxError);
    expect(() => openSecret(key, 'v0.abc', 'workspace-1')).toThrow(SecretBoxError);
  });
});

describe('resolveSecretsKey', () => {
  const messages: string[] = [];
  const log = {
    info: (a: unknown, b?: string) => messages.push(String(b ?? a)),
    warn: (a: unknown, b?: string) => messages.push(String(b ?? a)),
  } as unknown as FastifyBaseLogger;
  const dirs: string[] = [];
  const tempDb = () => {
    const dir = mkdtempSync(join(tmpdir(), 'salesos-key-'));
    dirs.push(dir);
    return join(dir, 'salesos.db');
  };
  afterEach(() => {
    for (const dir of dirs.splice(0)) rmSync(dir, { recursive: true, force: true });
    messages.length = 0;
  });

  it('prefers SECRETS_KEY', () => {
    const configured = randomBytes(32);
    const got = resolveSecretsKey({ configured, database: { dialect: 'sqlite', path: tempDb() }, log });
    expect(got.source).toBe('env');
    expect(got.key?.equals(configured)).toBe(true);
  });

  it('on SQLite, generates a key file once (mode 0600) and reads it back on the next start', () => {
    const path = tempDb();
    const first = resolveSecretsKey({ configured: null, database: { dialect: 'sqlite', path }, log });
    expect(first.source).toBe('generated');
    expect(statSync(keyFilePath(path)).mode & 0o777).toBe(0o600);
    const second = resolveSecretsKey({ configured: null, database: { dialect: 'sqlite', path }, log });
    expect(second.source).toBe('file');
    expect(second.key?.equals(first.key as Buffer)).toBe(true);
    const keyText = readFileSync(keyFilePath(path), 'utf8').trim();
    expect(messages.join('\n')).not.toContain(keyText);
    expect(messages[0]).toMatch(/generated a new key/);
  });

  it('stops on a damaged key file', () => {
    const path = tempDb();
    writeFileSync(keyFilePath(path), 'not a key\n', { mode: 0o600 });
    expect(() => resolveSecretsKey({ configured: null, database: { dialect: 'sqlite', path }, log })).toThrow(
      /does not hold a 32-byte key/,
    );
  });

  it('on PostgreSQL without SECRETS_KEY, has no key and says so', () => {
    const got = resolveSecretsKey({ configured: null, database: { dialect: 'postgres', url: 'postgres://x/y' }, log });
    expect(got).toEqual({ key: null, source: 'none' });
    expect(messages[0]).toMatch(/SSO settings cannot be saved/);
  });
});
