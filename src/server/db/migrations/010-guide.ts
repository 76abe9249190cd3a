import type { Kysely } from 'kysely';

// The Getting Started guide: one per workspace. The sanitised HTML is stored beside the Markdown,
// so reading the guide (every dashboard load) renders nothing.
export async function up(db: Kysely<unknown>): Promise<void> {
  await db.schema
    .createTable('guides')
    .addColumn('workspace_id', 'text', (c) => c.primaryKey().references('workspaces.id').onDelete('cascade'))
    .addColumn('markdown', 'text', (c) => c.notNull())
    .addColumn('html', 'text', (c) => c.notNull())
    .addColumn('updated_at', 'text', (c) => c.notNull())
    // The editor may be deleted later; the guide stays.
    .addColumn('updated_by', 'text', (c) => c.references('workspace_users.id').onDelete('set null'))
    .execute();
}

export async function down(db: Kysely<unknown>): Promise<void> {
  await db.schema.dropTable('guides').ifExists().execute();
}
