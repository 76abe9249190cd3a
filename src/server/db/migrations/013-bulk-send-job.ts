import type { Kysely } from 'kysely';

// Send All as a durable job (bulk-invites/bulk-send.ts): the import holds the seats it reserved
// for rows not yet written, the last row written (the job resumes after it), the job that writes
// it and who pressed Send All (the inviter of every row; null once that person is deleted).
export async function up(db: Kysely<unknown>): Promise<void> {
  await db.schema
    .alterTable('bulk_imports')
    .addColumn('reserved_seats', 'integer', (c) => c.notNull().defaultTo(0))
    .execute();
  await db.schema
    .alterTable('bulk_imports')
    .addColumn('send_cursor', 'integer', (c) => c.notNull().defaultTo(0))
    .execute();
  await db.schema.alterTable('bulk_imports').addColumn('send_job_id', 'text').execute();
  await db.schema
    .alterTable('bulk_imports')
    .addColumn('sent_by_id', 'text', (c) => c.references('workspace_users.id').onDelete('set null'))
    .execute();
  // The seats a workspace's running sends hold, read with every seat check.
  await db.schema
    .createIndex('bulk_imports_by_workspace_status')
    .on('bulk_imports')
    .columns(['workspace_id', 'status'])
    .execute();
}

export async function down(db: Kysely<unknown>): Promise<void> {
  await db.schema.dropIndex('bulk_imports_by_workspace_status').ifExists().execute();
  for (const column of ['sent_by_id', 'send_job_id', 'send_cursor', 'reserved_seats']) {
    await db.schema.alterTable('bulk_imports').dropColumn(column).execute();
  }
}
