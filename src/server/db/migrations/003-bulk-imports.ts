import type { Kysely } from 'kysely';

export async function up(db: Kysely<unknown>): Promise<void> {
  await db.schema
    .createTable('bulk_imports')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('workspace_id', 'text', (c) => c.notNull().references('workspaces.id').onDelete('cascade'))
    .addColumn('created_by_id', 'text', (c) => c.references('workspace_users.id').onDelete('set null'))
    .addColumn('file_name', 'text', (c) => c.notNull())
    .addColumn('status', 'text', (c) => c.notNull())
    .addColumn('rows_count', 'integer', (c) => c.notNull())
    .addColumn('valid_count', 'integer', (c) => c.notNull())
    .addColumn('invalid_count', 'integer', (c) => c.notNull())
    .addColumn('sent_count', 'integer', (c) => c.notNull().defaultTo(0))
    .addColumn('skipped_count', 'integer', (c) => c.notNull().defaultTo(0))
    .addColumn('issues', 'text', (c) => c.notNull())
    .addColumn('warnings', 'text', (c) => c.notNull())
    .addColumn('created_at', 'text', (c) => c.notNull())
    .addColumn('sent_at', 'text')
    .execute();
  await db.schema
    .createIndex('bulk_imports_by_workspace')
    .on('bulk_imports')
    .columns(['workspace_id', 'created_at'])
    .execute();
  await db.schema.createIndex('bulk_imports_by_status').on('bulk_imports').columns(['status', 'created_at']).execute();

  await db.schema
    .createTable('bulk_import_rows')
    .addColumn('import_id', 'text', (c) => c.notNull().references('bulk_imports.id').onDelete('cascade'))
    .addColumn('row_number', 'integer', (c) => c.notNull())
    .addColumn('email', 'text', (c) => c.notNull())
    .addColumn('name', 'text', (c) => c.notNull())
    .addColumn('role', 'text', (c) => c.notNull())
    .addColumn('team', 'text', (c) => c.notNull())
    .addColumn('team_id', 'text')
    .addColumn('valid', 'integer', (c) => c.notNull())
    .addColumn('issues', 'text')
    .addPrimaryKeyConstraint('bulk_import_rows_pk', ['import_id', 'row_number'])
    .execute();
  await db.schema
    .createIndex('bulk_import_rows_by_validity')
    .on('bulk_import_rows')
    .columns(['import_id', 'valid', 'row_number'])
    .execute();
}

export async function down(db: Kysely<unknown>): Promise<void> {
  await db.schema.dropTable('bulk_import_rows').ifExists().execute();
  await db.schema.dropTable('bulk_imports').ifExists().execute();
}
