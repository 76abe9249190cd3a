import { createCipheriv, createDecipheriv, randomBytes } from 'node:crypto';
import { chmodSync, mkdirSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { dirname } from 'node:path';
import type { FastifyBaseLogger } from 'fastify';
import type { DatabaseConfig } from '../db/database.js';

/**
 * Secrets we must be able to read back (an SSO client secret) are sealed with AES-256-GCM under
 * the server's SECRETS_KEY. Secrets we only compare (tokens, session ids) are hashed instead
 * (secrets.ts).
 */

const KEY_BYTES = 32;
const IV_BYTES = 12;
const TAG_BYTES = 16;
const VERSION = 'v1';

export class SecretBoxError extends Error {}

/** 32 bytes as 64 hex digits, or as base64 / base64url; null for anything else. */
export function parseSecretsKey(text: string): Buffer | null {
  const value = text.trim();
  if (/^[0-9a-fA-F]{64}$/.test(value)) return Buffer.from(value, 'hex');
  if (!/^[A-Za-z0-9+/_-]{42,44}={0,2}$/.test(value)) return null;
  const bytes = Buffer.from(value.replaceAll('-', '+').replaceAll('_', '/'), 'base64');
  return bytes.length === KEY_BYTES ? bytes : null;
}

/**
 * Encrypts `plaintext`; `context` (e.g. the workspace id) is bound to the ciphertext as
 * additional data, so a sealed value copied to another row does not open there.
 */
export function sealSecret(key: Buffer, plaintext: string, context: string): string {
  const iv = randomBytes(IV_BYTES);
  const cipher = createCipheriv('aes-256-gcm', key, iv);
  cipher.setAAD(Buffer.from(context, 'utf8'));
  const body = Buffer.concat([cipher.update(plaintext, 'utf8'), cipher.final()]);
  return `${VERSION}.${Buffer.concat([iv, cipher.getAuthTag(), body]).toString('base64url')}`;
}

/** The plaintext of a sealed secret; throws SecretBoxError for another key, context or a damaged value. */
export function openSecret(key: Buffer, sealed: string, context: string): string {
  const [version, payload] = sealed.split('.');
  if (version !== VERSION || !payload) throw new SecretBoxError('unknown sealed secret format');
  const raw = Buffer.from(payload, 'base64url');
  if (raw.length < IV_BYTES + TAG_BYTES) throw new SecretBoxError('sealed secret is too short');
  try {
    const decipher = createDecipheriv('aes-256-gcm', key, raw.subarray(0, IV_BYTES));
    decipher.setAAD(Buffer.from(context, 'utf8'));
    decipher.setAuthTag(raw.subarray(IV_BYTES, IV_BYTES + TAG_BYTES));
    return Buffer.concat([decipher.update(raw.subarray(IV_BYTES + TAG_BYTES)), decipher.final()]).toString('utf8');
  } catch {
    throw new SecretBoxError('the sealed secret does not open with this key');
  }
}

export type SecretsKeySource = 'env' | 'file' | 'generated' | 'memory' | 'none';

/** Where the generated key of a SQLite database lives: beside the database file. */
export function keyFilePath(databasePath: string): string {
  return `${databasePath}.key`;
}

/**
 * The key for sealed secrets: SECRETS_KEY when set; on SQLite without it, a key generated once
 * into a file beside the database (mode 0600); on PostgreSQL without it, none (sealing refused).
 * The key itself is never logged.
 */
export function resolveSecretsKey(args: {
  configured: Buffer | null;
  database: DatabaseConfig;
  log: FastifyBaseLogger;
}): { key: Buffer | null; source: SecretsKeySource } {
  const { configured, database, log } = args;
  if (configured) return { key: configured, source: 'env' };
  if (database.dialect === 'postgres') {
    log.info('SECRETS_KEY is not set: SSO settings cannot be saved until it is (see README, Configuration)');
    return { key: null, source: 'none' };
  }
  if (database.path === ':memory:') {
    log.warn('SECRETS_KEY is not set and the database is in memory: sealed secrets last only as long as this process');
    return { key: randomBytes(KEY_BYTES), source: 'memory' };
  }
  const path = keyFilePath(database.path);
  mkdirSync(dirname(path), { recursive: true });
  try {
    const key = randomBytes(KEY_BYTES);
    writeFileSync(path, `${key.toString('base64')}\n`, { mode: 0o600, flag: 'wx' });
    chmodSync(path, 0o600);
    log.info(
      { keyFile: path },
      'SECRETS_KEY is not set: generated a new key into this file; keep it with the database (sealed secrets need it)',
    );
    return { key, source: 'generated' };
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code !== 'EEXIST') throw error;
  }
  const key = parseSecretsKey(readFileSync(path, 'utf8'));
  if (!key) throw new Error(`The key file ${path} does not hold a 32-byte key: restore it, or set SECRETS_KEY`);
  if ((statSync(path).mode & 0o077) !== 0) {
    log.warn({ keyFile: path }, 'The key file is readable by other users: chmod 600 it');
  }
  log.info({ keyFile: path }, 'SECRETS_KEY is not set: using the key file beside the database');
  return { key, source: 'file' };
}
