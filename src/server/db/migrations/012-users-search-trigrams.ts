import { type Kysely, PostgresAdapter, sql } from 'kysely';

// PostgreSQL only: a search in the Users list (`name_key` or `email` containing the words) can
// use no B-tree, so at 100,000 people it read the whole table for every keystroke (about 70 ms
// alone, a second with 16 searches in flight). Trigram indexes answer it in milliseconds.
// pg_trgm ships with PostgreSQL and is a trusted extension (the database owner may create it);
// where it cannot be created, search keeps working without the indexes. SQLite tests the words
// inside the index of the list's sort order instead (migration 011).
export async function up(db: Kysely<unknown>): Promise<void> {
  if (!(db.getExecutor().adapter instanceof PostgresAdapter)) return;
  await sql`savepoint trigrams`.execute(db);
  try {
    await sql`create extension if not exists pg_trgm`.execute(db);
  } catch {
    await sql`rollback to savepoint trigrams`.execute(db);
    return;
  }
  await sql`release savepoint trigrams`.execute(db);
  await sql`create index workspace_users_name_trigrams on workspace_users using gin (name_key gin_trgm_ops)`.execute(
    db,
  );
  await sql`create index workspace_users_email_trigrams on workspace_users using gin (email gin_trgm_ops)`.execute(db);
}

export async function down(db: Kysely<unknown>): Promise<void> {
  if (!(db.getExecutor().adapter instanceof PostgresAdapter)) return;
  await sql`drop index if exists workspace_users_email_trigrams`.execute(db);
  await sql`drop index if exists workspace_users_name_trigrams`.execute(db);
}
