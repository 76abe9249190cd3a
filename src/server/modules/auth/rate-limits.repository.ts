import type { Executor } from '../../db/executor.js';
import type { Row } from '../../db/schema.js';

export type CounterRow = Row<'rate_limits'>;
type CounterState = Pick<CounterRow, 'count' | 'reset_at'>;

/**
 * The `rate_limits` rows the sign-in throttles read and write. Every write that depends on what
 * was read is conditional on the row still being what was read (compare-and-set), so two
 * processes never both take the same free attempt.
 */
export const rateLimitsRepository = {
  async find(db: Executor, keys: string[]): Promise<CounterRow[]> {
    if (keys.length === 0) return [];
    const rows = await db
      .selectFrom('rate_limits')
      .select(['key', 'count', 'reset_at'])
      .where('key', 'in', keys)
      .execute();
    return rows.map((r) => ({ ...r, count: Number(r.count) }));
  },

  /** Inserts `row` unless its key exists; false when another writer got there first. */
  async insertIfAbsent(db: Executor, row: CounterRow): Promise<boolean> {
    const inserted = await db
      .insertInto('rate_limits')
      .values(row)
      .onConflict((oc) => oc.column('key').doNothing())
      .returning('key')
      .executeTakeFirst();
    return inserted !== undefined;
  },

  /** Moves the row from `from` to `to`; false when it is no longer `from`. */
  async compareAndSet(db: Executor, key: string, from: CounterState, to: CounterState): Promise<boolean> {
    const result = await db
      .updateTable('rate_limits')
      .set({ count: to.count, reset_at: to.reset_at })
      .where('key', '=', key)
      .where('count', '=', from.count)
      .where('reset_at', '=', from.reset_at)
      .executeTakeFirst();
    return Number(result.numUpdatedRows) === 1;
  },

  /** Deletes the row if it is still `expected`. */
  async deleteIfUnchanged(db: Executor, key: string, expected: CounterState): Promise<boolean> {
    const result = await db
      .deleteFrom('rate_limits')
      .where('key', '=', key)
      .where('count', '=', expected.count)
      .where('reset_at', '=', expected.reset_at)
      .executeTakeFirst();
    return Number(result.numDeletedRows) === 1;
  },

  async put(db: Executor, row: CounterRow): Promise<void> {
    await db
      .insertInto('rate_limits')
      .values(row)
      .onConflict((oc) => oc.column('key').doUpdateSet({ count: row.count, reset_at: row.reset_at }))
      .execute();
  },

  async decrement(db: Executor, key: string): Promise<void> {
    await db
      .updateTable('rate_limits')
      .set((eb) => ({ count: eb('count', '-', 1) }))
      .where('key', '=', key)
      .where('count', '>', 0)
      .execute();
  },

  async deleteKeys(db: Executor, keys: string[]): Promise<void> {
    if (keys.length > 0) await db.deleteFrom('rate_limits').where('key', 'in', keys).execute();
  },
};
