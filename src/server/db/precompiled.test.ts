import { sql } from 'kysely';
import { afterEach, describe, expect, it } from 'vitest';
import { createTestDatabase, type TestDialect } from '../../../test/support/database.js';
import { nowIso } from '../lib/time.js';
import { type Database, migrate, openDatabase } from './database.js';
import { precompiled } from './precompiled.js';

const cleanups: Array<() => Promise<void>> = [];
afterEach(async () => {
  for (const cleanup of cleanups.splice(0).reverse()) await cleanup();
});

async function fresh(dialect: TestDialect): Promise<Database> {
  const test = await createTestDatabase(dialect);
  cleanups.push(() => test.drop());
  const database = openDatabase(test.config);
  cleanups.push(() => database.close());
  await migrate(database);
  const now = nowIso();
  await database.db
    .insertInto('workspaces')
    .values([
      { id: 'w1', name: 'Northwind', plan_id: 'free', created_at: now, updated_at: now },
      { id: 'w2', name: "O'Brien & Sons", plan_id: 'enterprise', created_at: now, updated_at: now },
      { id: 'w3', name: 'Northwind', plan_id: 'team', created_at: now, updated_at: now },
    ])
    .execute();
  return database;
}

const dialects: TestDialect[] = process.env.TEST_DATABASE_URL ? ['sqlite', 'postgres'] : ['sqlite'];

describe.each(dialects)('precompiled queries on %s', (dialect) => {
  it('runs the compiled query with each call’s own arguments, in and out of a transaction', async () => {
    const database = await fresh(dialect);
    let builds = 0;
    const byNameAndPlan = precompiled((db, name: string, plan: string) => {
      builds += 1;
      return db.selectFrom('workspaces').select('id').where('name', '=', name).where('plan_id', '=', plan);
    });
    expect(await byNameAndPlan(database.db, 'Northwind', 'team')).toEqual([{ id: 'w3' }]);
    expect(await byNameAndPlan(database.db, 'Northwind', 'free')).toEqual([{ id: 'w1' }]);
    expect(await byNameAndPlan(database.db, "O'Brien & Sons", 'enterprise')).toEqual([{ id: 'w2' }]);
    expect(await byNameAndPlan(database.db, "O'Brien & Sons", 'free')).toEqual([]);
    await database.transaction(async (trx) => {
      expect(await byNameAndPlan(trx, 'Northwind', 'free')).toEqual([{ id: 'w1' }]);
    });
    expect(builds).toBe(1);
  });

  it('builds afresh every time when an argument is not a plain parameter, and stays right', async () => {
    const database = await fresh(dialect);
    let builds = 0;
    // The same argument twice, and one written into the SQL text: neither can be filled in by position.
    const twice = precompiled((db, id: string) => {
      builds += 1;
      return db
        .selectFrom('workspaces')
        .select('id')
        .where((eb) => eb.or([eb('id', '=', id), eb('name', '=', id)]));
    });
    const literal = precompiled((db, name: string) => {
      builds += 1;
      return db.selectFrom('workspaces').select('id').where('name', '=', sql.lit(name)).orderBy('id');
    });
    expect(await twice(database.db, 'w2')).toEqual([{ id: 'w2' }]);
    expect(await twice(database.db, 'w1')).toEqual([{ id: 'w1' }]);
    expect(await literal(database.db, 'Northwind')).toEqual([{ id: 'w1' }, { id: 'w3' }]);
    expect(await literal(database.db, "O'Brien & Sons")).toEqual([{ id: 'w2' }]);
    // First call: one build to compile, one to run; every later call builds again.
    expect(builds).toBe(6);
  });
});

it('keeps one compiled form per database', async () => {
  const first = await fresh('sqlite');
  const second = await fresh('sqlite');
  await second.db.updateTable('workspaces').set({ plan_id: 'team' }).where('id', '=', 'w1').execute();
  const planOf = precompiled((db, id: string) => db.selectFrom('workspaces').select('plan_id').where('id', '=', id));
  expect(await planOf(first.db, 'w1')).toEqual([{ plan_id: 'free' }]);
  expect(await planOf(second.db, 'w1')).toEqual([{ plan_id: 'team' }]);
});
