import { sql } from 'kysely';
import { afterEach, describe, expect, it } from 'vitest';
import { createTestDatabase, type TestDialect } from '../../../test/support/database.js';
import { openDatabase } from './database.js';
import { escapeLike } from './like.js';

const cleanups: Array<() => Promise<void>> = [];
afterEach(async () => {
  for (const cleanup of cleanups.splice(0).reverse()) await cleanup();
});

const dialects: TestDialect[] = process.env.TEST_DATABASE_URL ? ['sqlite', 'postgres'] : ['sqlite'];

describe.each(dialects)('escapeLike on %s', (dialect) => {
  it('makes %, _ and \\ match only themselves, as the repositories use it', async () => {
    const test = await createTestDatabase(dialect);
    cleanups.push(() => test.drop());
    const database = openDatabase(test.config);
    cleanups.push(() => database.close());
    const matches = async (text: string, search: string) => {
      const pattern = `%${escapeLike(search)}%`;
      const { rows } = await sql<{ hit: unknown }>`select (${text} like ${pattern} escape '\\') as hit`.execute(
        database.db,
      );
      return rows[0]?.hit === true || rows[0]?.hit === 1;
    };
    expect(await matches('50% off', '50%')).toBe(true);
    expect(await matches('500 off', '50%')).toBe(false);
    expect(await matches('a_b', 'a_b')).toBe(true);
    expect(await matches('axb', 'a_b')).toBe(false);
    expect(await matches('back\\slash', 'k\\s')).toBe(true);
    expect(await matches('backslash', 'k\\s')).toBe(false);
    expect(await matches('anything', '')).toBe(true);
  });
});
