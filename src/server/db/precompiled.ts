import type { Compilable, CompiledQuery } from 'kysely';
import type { Executor } from './executor.js';

/**
 * A query the server runs on nearly every request (the session, the member, the workspace),
 * built and compiled by Kysely once per database instead of on every call: building and compiling
 * a query costs more than SQLite running it. `build` is called once with placeholder strings in
 * place of the arguments; each call then runs the same SQL with the real arguments in their
 * places. Every argument must be a string that Kysely passes as a parameter (values in `where`,
 * not identifiers or `sql.lit`); if a placeholder does not come out as exactly one parameter, the
 * query is built afresh on every call instead, so a wrong use is only slower, never wrong.
 */
export function precompiled<A extends string[], R>(
  build: (db: Executor, ...args: A) => Compilable<R>,
): (db: Executor, ...args: A) => Promise<R[]> {
  // One compiled form per database: a transaction shares its database's adapter.
  const compiledByAdapter = new WeakMap<object, { query: CompiledQuery<R>; slots: number[] } | null>();
  return async (db, ...args) => {
    const adapter = db.getExecutor().adapter;
    let entry = compiledByAdapter.get(adapter);
    if (entry === undefined) {
      const placeholders = args.map((_, i) => `\u0000precompiled-${i}\u0000`) as A;
      entry = null;
      try {
        const query = build(db, ...placeholders).compile();
        const slots = placeholders.map((p) => query.parameters.indexOf(p));
        const exact =
          slots.every((slot, i) => slot >= 0 && query.parameters.lastIndexOf(placeholders[i]) === slot) &&
          !placeholders.some((p) => query.sql.includes(p));
        if (exact) entry = { query, slots };
      } catch {
        // A builder that refuses the placeholders (it checks its arguments) is built every time.
      }
      compiledByAdapter.set(adapter, entry);
    }
    if (entry === null) return (await db.executeQuery(build(db, ...args).compile())).rows;
    const parameters = [...entry.query.parameters];
    entry.slots.forEach((slot, i) => {
      parameters[slot] = args[i];
    });
    const query: CompiledQuery<R> = { ...entry.query, parameters };
    return (await db.executeQuery(query)).rows;
  };
}
