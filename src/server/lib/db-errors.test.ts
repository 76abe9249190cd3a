import { describe, expect, it } from 'vitest';
import { databaseUnavailable, isUniqueViolation } from './db-errors.js';

const withCode = (code: string, message = 'x') => Object.assign(new Error(message), { code });

describe('databaseUnavailable', () => {
  it('names PostgreSQL down, restarting or out of connections "unreachable"', () => {
    for (const code of ['57P01', '57P03', '08006', '08001', '53300', 'ECONNREFUSED', 'ECONNRESET']) {
      expect(databaseUnavailable(withCode(code)), code).toBe('unreachable');
    }
    expect(databaseUnavailable(new Error('Connection terminated unexpectedly'))).toBe('unreachable');
    expect(databaseUnavailable(new Error('timeout exceeded when trying to connect'))).toBe('unreachable');
    expect(databaseUnavailable(withCode('SQLITE_BUSY_SNAPSHOT'))).toBe('unreachable');
  });

  it('names a disk that is full or read-only "storage"', () => {
    for (const code of ['SQLITE_FULL', 'SQLITE_READONLY', 'SQLITE_READONLY_DBMOVED', 'SQLITE_IOERR_WRITE', '53100']) {
      expect(databaseUnavailable(withCode(code)), code).toBe('storage');
    }
  });

  it('looks inside wrapped and aggregated errors', () => {
    const refused = new AggregateError([withCode('ECONNREFUSED')], 'connect failed');
    expect(databaseUnavailable(refused)).toBe('unreachable');
    expect(databaseUnavailable(new Error('outer', { cause: withCode('SQLITE_FULL') }))).toBe('storage');
  });

  it('leaves every other error alone (a bug stays a 500)', () => {
    for (const error of [
      new Error('boom'),
      withCode('23505'),
      withCode('SQLITE_CONSTRAINT_UNIQUE'),
      withCode('SQLITE_ERROR', 'no such table'),
      withCode('42P01'),
      null,
      'text',
    ]) {
      expect(databaseUnavailable(error)).toBeNull();
    }
    expect(isUniqueViolation(withCode('23505'))).toBe(true);
  });
});
