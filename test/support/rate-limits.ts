import type { TestServer } from './server.js';

/**
 * Moves every rate-limit counter of `server` `seconds` into the past, as if that much time went
 * by: windows end and delays pass without the test sleeping.
 */
export async function letTimePass(server: TestServer, seconds: number): Promise<void> {
  const db = server.app.ctx.database.db;
  const rows = await db.selectFrom('rate_limits').select(['key', 'reset_at']).execute();
  for (const row of rows) {
    await db
      .updateTable('rate_limits')
      .set({ reset_at: new Date(Date.parse(row.reset_at) - seconds * 1000).toISOString() })
      .where('key', '=', row.key)
      .execute();
  }
}

/** The `Retry-After` of a 429, in seconds. */
export function retryAfter(answer: { headers: Headers }): number {
  return Number(answer.headers.get('retry-after'));
}
