import { type Kysely, PostgresAdapter } from 'kysely';

// Profile photos live in the database, not on disk: the processes sharing one PostgreSQL
// database share no file system. Each is a 256×256 WebP of a few kilobytes.
export async function up(db: Kysely<unknown>): Promise<void> {
  const postgres = db.getExecutor().adapter instanceof PostgresAdapter;
  await db.schema
    .createTable('photos')
    // Random and unguessable, and new with every upload, so the URL can be cached for ever.
    .addColumn('key', 'text', (c) => c.primaryKey())
    .addColumn('workspace_id', 'text', (c) => c.notNull().references('workspaces.id').onDelete('cascade'))
    // Deleting the person erases their photo with them: personal data goes, the audit log keeps the event.
    .addColumn('user_id', 'text', (c) => c.notNull().references('workspace_users.id').onDelete('cascade'))
    .addColumn('content_type', 'text', (c) => c.notNull())
    .addColumn('bytes', postgres ? 'bytea' : 'blob', (c) => c.notNull())
    .addColumn('created_at', 'text', (c) => c.notNull())
    .execute();
  await db.schema.createIndex('photos_by_user').on('photos').column('user_id').execute();

  // "Skip for now" on the profile step; the step is done once profile_completed_at is set.
  await db.schema.alterTable('workspace_users').addColumn('profile_skipped_at', 'text').execute();
}

export async function down(db: Kysely<unknown>): Promise<void> {
  await db.schema.alterTable('workspace_users').dropColumn('profile_skipped_at').execute();
  await db.schema.dropTable('photos').ifExists().execute();
}
