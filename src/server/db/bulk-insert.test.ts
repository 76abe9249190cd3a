import { afterEach, describe, expect, it } from 'vitest';
import { createTestDatabase, type TestDatabase, type TestDialect } from '../../../test/support/database.js';
import { draftImportRow } from '../../../test/support/factories.js';
import { newId } from '../lib/secrets.js';
import { nowIso } from '../lib/time.js';
import { type Database, migrate, openDatabase } from './database.js';
import type { Row } from './schema.js';

const cleanups: Array<() => Promise<void>> = [];
afterEach(async () => {
  for (const cleanup of cleanups.splice(0).reverse()) await cleanup();
});

async function fresh(dialect: TestDialect): Promise<{ database: Database; importId: string }> {
  const test: TestDatabase = await createTestDatabase(dialect);
  cleanups.push(() => test.drop());
  const database = openDatabase(test.config);
  cleanups.push(() => database.close());
  await migrate(database);
  const now = nowIso();
  const workspaceId = newId();
  await database.db
    .insertInto('workspaces')
    .values({ id: workspaceId, name: 'W', plan_id: 'enterprise', created_at: now, updated_at: now })
    .execute();
  const importId = newId();
  await database.db
    .insertInto('bulk_imports')
    .values(draftImportRow({ id: importId, workspaceId, fileName: 'f.csv', rows: 0, now }))
    .execute();
  return { database, importId };
}

// Every character COPY's text format treats specially, and text that looks like its escapes.
const awkward = [
  'tab\there',
  'new\nline',
  'carriage\rreturn',
  'back\\slash',
  '\\N',
  '\\t literally',
  'Zoë 🙂 Ünal',
  '',
];

function rows(importId: string, count: number): Row<'bulk_import_rows'>[] {
  return Array.from({ length: count }, (_, i) => ({
    import_id: importId,
    row_number: i + 2,
    email: `person.${i}@x.test`,
    name: awkward[i % awkward.length] as string,
    role: 'sales_rep',
    team: i % 3 === 0 ? '' : 'Team, "quoted"',
    team_id: null,
    valid: i % 2,
    issues: i % 2 ? null : '[{"code":"invalid_email","message":"a\\tb"}]',
  }));
}

const dialects: TestDialect[] = process.env.TEST_DATABASE_URL ? ['sqlite', 'postgres'] : ['sqlite'];

describe.each(dialects)('bulkInsert on %s', (dialect) => {
  // 120 rows go through COPY on PostgreSQL, 3 rows through one insert statement.
  it.each([120, 3])('stores %i rows exactly as given, special characters and nulls included', async (count) => {
    const { database, importId } = await fresh(dialect);
    const given = rows(importId, count);
    await database.transaction((trx) => database.bulkInsert(trx, 'bulk_import_rows', given));
    const stored = await database.db
      .selectFrom('bulk_import_rows')
      .selectAll()
      .where('import_id', '=', importId)
      .orderBy('row_number')
      .execute();
    expect(stored.map((row) => ({ ...row, row_number: Number(row.row_number), valid: Number(row.valid) }))).toEqual(
      given,
    );
  });

  it('keeps nothing of a transaction that fails after its rows went in', async () => {
    const { database, importId } = await fresh(dialect);
    await expect(
      database.transaction(async (trx) => {
        await database.bulkInsert(trx, 'bulk_import_rows', rows(importId, 200));
        throw new Error('later step failed');
      }),
    ).rejects.toThrow('later step failed');
    const left = await database.db.selectFrom('bulk_import_rows').select('row_number').execute();
    expect(left).toEqual([]);
  });

  it('fails the whole insert on a constraint violation inside the rows', async () => {
    const { database, importId } = await fresh(dialect);
    const given = rows(importId, 100);
    given.push({ ...(given[0] as Row<'bulk_import_rows'>) });
    await expect(database.transaction((trx) => database.bulkInsert(trx, 'bulk_import_rows', given))).rejects.toThrow();
    expect(await database.db.selectFrom('bulk_import_rows').select('row_number').execute()).toEqual([]);
    // The connection is healthy afterwards.
    await database.transaction((trx) => database.bulkInsert(trx, 'bulk_import_rows', rows(importId, 60)));
    expect(await database.db.selectFrom('bulk_import_rows').select('row_number').execute()).toHaveLength(60);
  });
});
