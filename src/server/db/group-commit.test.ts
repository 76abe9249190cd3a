import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import SqliteDatabase from 'better-sqlite3';
import { sql } from 'kysely';
import { afterEach, describe, expect, it } from 'vitest';
import { type Database, openDatabase } from './database.js';

const opened: Array<{ close(): unknown }> = [];
afterEach(async () => {
  for (const item of opened.splice(0)) await item.close();
});

/** Our database on a fresh file, and a second, plain connection that sees only what is committed. */
async function fresh(): Promise<{ database: Database; observer: SqliteDatabase.Database }> {
  const path = join(mkdtempSync(join(tmpdir(), 'salesos-group-')), 'db.sqlite');
  const database = openDatabase({ dialect: 'sqlite', path });
  await sql`create table t (id integer primary key, body text not null unique)`.execute(database.db);
  const observer = new SqliteDatabase(path, { readonly: true });
  opened.push(database, observer);
  return { database, observer };
}

const committed = (observer: SqliteDatabase.Database, body: string) =>
  observer.prepare('select count(*) as n from t where body = ?').get(body) as { n: number };

describe('SQLite group commit', () => {
  it('runs transactions that arrive together in one commit, and resolves none before it', async () => {
    const { database, observer } = await fresh();
    const seenByOthers: number[] = [];
    const results = await Promise.all(
      Array.from({ length: 10 }, (_, i) =>
        database.transaction(async (trx) => {
          // What a second connection sees while this one runs: the rows of the earlier ones of the batch are not committed yet.
          seenByOthers.push((observer.prepare('select count(*) as n from t').get() as { n: number }).n);
          await sql`insert into t (body) values (${`row ${i}`})`.execute(trx);
          return i;
        }),
      ),
    );
    expect(results).toEqual([0, 1, 2, 3, 4, 5, 6, 7, 8, 9]);
    // All ten ran before any commit: they shared one.
    expect(seenByOthers).toEqual(Array(10).fill(0));
    for (let i = 0; i < 10; i++) expect(committed(observer, `row ${i}`).n).toBe(1);
  });

  it('rolls back a failing transaction alone; the others of its batch commit', async () => {
    const { database, observer } = await fresh();
    const outcomes = await Promise.allSettled(
      Array.from({ length: 6 }, (_, i) =>
        database.transaction(async (trx) => {
          await sql`insert into t (body) values (${`kept ${i}`})`.execute(trx);
          if (i === 2) throw new Error('refused by a rule');
          // A unique violation in the middle of a transaction: only this one is undone.
          if (i === 4) await sql`insert into t (body) values (${'kept 0'})`.execute(trx);
          return i;
        }),
      ),
    );
    expect(outcomes.map((o) => o.status)).toEqual([
      'fulfilled',
      'fulfilled',
      'rejected',
      'fulfilled',
      'rejected',
      'fulfilled',
    ]);
    expect((outcomes[2] as PromiseRejectedResult).reason).toMatchObject({ message: 'refused by a rule' });
    expect(String((outcomes[4] as PromiseRejectedResult).reason)).toMatch(/UNIQUE/);
    expect(committed(observer, 'kept 2').n).toBe(0);
    expect(committed(observer, 'kept 4').n).toBe(0);
    for (const i of [0, 1, 3, 5]) expect(committed(observer, `kept ${i}`).n).toBe(1);
  });

  it('sees, in each transaction of a batch, what the earlier ones wrote (as if run one by one)', async () => {
    const { database } = await fresh();
    const counts = await Promise.all(
      Array.from({ length: 5 }, (_, i) =>
        database.transaction(async (trx) => {
          await sql`insert into t (body) values (${`seen ${i}`})`.execute(trx);
          const { rows } = await sql<{ n: number }>`select count(*) as n from t`.execute(trx);
          return rows[0]?.n;
        }),
      ),
    );
    expect(counts).toEqual([1, 2, 3, 4, 5]);
  });

  it('keeps working after a batch in which every transaction failed', async () => {
    const { database, observer } = await fresh();
    const failed = await Promise.allSettled(
      Array.from({ length: 3 }, () =>
        database.transaction(async () => {
          throw new Error('no');
        }),
      ),
    );
    expect(failed.every((o) => o.status === 'rejected')).toBe(true);
    await database.transaction(async (trx) => {
      await sql`insert into t (body) values (${'after'})`.execute(trx);
    });
    expect(committed(observer, 'after').n).toBe(1);
  });
});
