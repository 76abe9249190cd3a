import { type Kysely, PostgresAdapter, sql } from 'kysely';
import { searchColumn } from '../../modules/users/search-words.js';

// Search that scales (SPEC §12): a person's name and email folded into words (accents off, lower
// case; users/search-words.ts), in two columns written with the name and the email. The text
// indexes over them are the databases' own: an FTS5 table on SQLite, kept by triggers in the
// transaction that writes the row; trigram indexes on PostgreSQL (pg_trgm, migration 012), which
// answer the list's LIKE conditions themselves. The trigram indexes of 012 on `name_key` and
// `email` served the old substring search and go.
const BACKFILL_PAGE = 2000;

export async function up(db: Kysely<unknown>): Promise<void> {
  const postgres = db.getExecutor().adapter instanceof PostgresAdapter;
  await db.schema
    .alterTable('workspace_users')
    .addColumn('search_name', 'text', (c) => c.notNull().defaultTo(''))
    .execute();
  await db.schema
    .alterTable('workspace_users')
    .addColumn('search_email', 'text', (c) => c.notNull().defaultTo(''))
    .execute();

  // The people already there, a page at a time (the folding is the application's, in one place).
  const users = db as unknown as Kysely<{ workspace_users: { id: string; name: string; email: string } }>;
  let after = '';
  for (;;) {
    const page = await users
      .selectFrom('workspace_users')
      .select(['id', 'name', 'email'])
      .where('id', '>', after)
      .orderBy('id')
      .limit(BACKFILL_PAGE)
      .execute();
    for (const row of page) {
      await sql`update workspace_users set search_name = ${searchColumn(row.name)}, search_email = ${searchColumn(row.email)} where id = ${row.id}`.execute(
        db,
      );
    }
    const last = page.at(-1);
    if (!last || page.length < BACKFILL_PAGE) break;
    after = last.id;
  }

  // The Users list's index for the name order carries the folded words instead of the email (which
  // served the old substring search): a search for a common word walks it without reading the table.
  await db.schema.dropIndex('workspace_users_by_name').execute();
  await db.schema
    .createIndex('workspace_users_by_name')
    .on('workspace_users')
    .columns(['workspace_id', 'name_key', 'id', 'status', 'expires_at', 'search_name', 'search_email'])
    .execute();

  if (postgres) {
    await sql`drop index if exists workspace_users_name_trigrams`.execute(db);
    await sql`drop index if exists workspace_users_email_trigrams`.execute(db);
    const trigrams = await sql<{
      n: number;
    }>`select count(*)::int as n from pg_extension where extname = 'pg_trgm'`.execute(db);
    // Without pg_trgm (it could not be created) search still answers, by reading the rows.
    if ((trigrams.rows[0]?.n ?? 0) > 0) {
      await sql`create index workspace_users_search_name on workspace_users using gin (search_name gin_trgm_ops)`.execute(
        db,
      );
      await sql`create index workspace_users_search_email on workspace_users using gin (search_email gin_trgm_ops)`.execute(
        db,
      );
    }
    return;
  }

  // FTS5 over the folded columns, its content read from workspace_users itself (rowid for rowid),
  // so only the index is stored twice. The tokenizer splits at the spaces the folding put there.
  await sql`create virtual table workspace_users_search using fts5(
    search_name, search_email,
    content = 'workspace_users', content_rowid = 'rowid',
    tokenize = 'unicode61 remove_diacritics 0', prefix = '1 2 3'
  )`.execute(db);
  await sql`create trigger workspace_users_search_insert after insert on workspace_users begin
    insert into workspace_users_search (rowid, search_name, search_email) values (new.rowid, new.search_name, new.search_email);
  end`.execute(db);
  await sql`create trigger workspace_users_search_delete after delete on workspace_users begin
    insert into workspace_users_search (workspace_users_search, rowid, search_name, search_email)
      values ('delete', old.rowid, old.search_name, old.search_email);
  end`.execute(db);
  await sql`create trigger workspace_users_search_update after update of search_name, search_email on workspace_users begin
    insert into workspace_users_search (workspace_users_search, rowid, search_name, search_email)
      values ('delete', old.rowid, old.search_name, old.search_email);
    insert into workspace_users_search (rowid, search_name, search_email) values (new.rowid, new.search_name, new.search_email);
  end`.execute(db);
  await sql`insert into workspace_users_search (workspace_users_search) values ('rebuild')`.execute(db);
}

export async function down(db: Kysely<unknown>): Promise<void> {
  const postgres = db.getExecutor().adapter instanceof PostgresAdapter;
  if (postgres) {
    await sql`drop index if exists workspace_users_search_name`.execute(db);
    await sql`drop index if exists workspace_users_search_email`.execute(db);
  } else {
    for (const name of ['insert', 'delete', 'update']) {
      await sql.raw(`drop trigger if exists workspace_users_search_${name}`).execute(db);
    }
    await sql`drop table if exists workspace_users_search`.execute(db);
  }
  await db.schema.dropIndex('workspace_users_by_name').execute();
  await db.schema
    .createIndex('workspace_users_by_name')
    .on('workspace_users')
    .columns(['workspace_id', 'name_key', 'id', 'status', 'expires_at', 'email'])
    .execute();
  await db.schema.alterTable('workspace_users').dropColumn('search_email').execute();
  await db.schema.alterTable('workspace_users').dropColumn('search_name').execute();
}
