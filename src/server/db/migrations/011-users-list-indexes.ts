import type { Kysely } from 'kysely';

// The Users list walks the index of its sort order and stops at the end of the page. These two
// indexes also carry what its filters test (status, expiry and, for the name order, the email
// that a search matches), so rows that do not match are skipped inside the index, without a
// read of the table: at 100,000 people a search or a rare status read ~10% of the table before.
export async function up(db: Kysely<unknown>): Promise<void> {
  await db.schema.dropIndex('workspace_users_by_name').execute();
  await db.schema
    .createIndex('workspace_users_by_name')
    .on('workspace_users')
    .columns(['workspace_id', 'name_key', 'id', 'status', 'expires_at', 'email'])
    .execute();
  await db.schema.dropIndex('workspace_users_by_invited_at').execute();
  await db.schema
    .createIndex('workspace_users_by_invited_at')
    .on('workspace_users')
    .columns(['workspace_id', 'invited_at', 'id', 'status', 'expires_at'])
    .execute();
}

export async function down(db: Kysely<unknown>): Promise<void> {
  await db.schema.dropIndex('workspace_users_by_name').execute();
  await db.schema
    .createIndex('workspace_users_by_name')
    .on('workspace_users')
    .columns(['workspace_id', 'name_key', 'id'])
    .execute();
  await db.schema.dropIndex('workspace_users_by_invited_at').execute();
  await db.schema
    .createIndex('workspace_users_by_invited_at')
    .on('workspace_users')
    .columns(['workspace_id', 'invited_at', 'id'])
    .execute();
}
