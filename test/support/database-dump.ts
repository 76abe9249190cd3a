import Sqlite from 'better-sqlite3';
import pg from 'pg';

/**
 * Every row of every table of a test database, read over a connection of its own from its URL
 * (`sqlite:<path>` or `postgres://…`): what is really stored, whatever the server says.
 */
export async function readAllTables(url: string): Promise<Record<string, Record<string, unknown>[]>> {
  const out: Record<string, Record<string, unknown>[]> = {};
  if (url.startsWith('sqlite:')) {
    const db = new Sqlite(url.slice('sqlite:'.length), { readonly: true, fileMustExist: true });
    try {
      const tables = db
        .prepare("select name from sqlite_master where type = 'table' and name not like 'sqlite_%'")
        .all() as { name: string }[];
      for (const { name } of tables)
        out[name] = db.prepare(`select * from "${name}"`).all() as Record<string, unknown>[];
    } finally {
      db.close();
    }
    return out;
  }
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  try {
    const tables = await client.query<{ table_name: string }>(
      "select table_name from information_schema.tables where table_schema = 'public' and table_type = 'BASE TABLE'",
    );
    for (const { table_name } of tables.rows)
      out[table_name] = (await client.query(`select * from "${table_name}"`)).rows;
  } finally {
    await client.end();
  }
  return out;
}
