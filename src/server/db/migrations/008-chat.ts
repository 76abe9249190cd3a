import { randomUUID } from 'node:crypto';
import type { Kysely } from 'kysely';

// #general, its messages, the admin's welcome message, and a small durable job queue whose
// first use is posting the welcome (written in the acceptance's transaction, run by a worker).
export async function up(db: Kysely<unknown>): Promise<void> {
  await db.schema
    .createTable('channels')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('workspace_id', 'text', (c) => c.notNull().references('workspaces.id').onDelete('cascade'))
    .addColumn('name', 'text', (c) => c.notNull())
    .addColumn('created_at', 'text', (c) => c.notNull())
    .addUniqueConstraint('channels_workspace_name', ['workspace_id', 'name'])
    .execute();

  await db.schema
    .createTable('messages')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('workspace_id', 'text', (c) => c.notNull().references('workspaces.id').onDelete('cascade'))
    .addColumn('channel_id', 'text', (c) => c.notNull().references('channels.id').onDelete('cascade'))
    // Null: the workspace itself posted (the welcome). Deleting a person erases their messages with them.
    .addColumn('author_id', 'text', (c) => c.references('workspace_users.id').onDelete('cascade'))
    .addColumn('body', 'text', (c) => c.notNull())
    .addColumn('created_at', 'text', (c) => c.notNull())
    // e.g. `welcome:<workspaceUserId>`: a message that must exist at most once.
    .addColumn('source_key', 'text', (c) => c.unique())
    .execute();
  await db.schema
    .createIndex('messages_by_channel')
    .on('messages')
    .columns(['channel_id', 'created_at', 'id'])
    .execute();
  await db.schema.createIndex('messages_by_time').on('messages').columns(['created_at', 'id']).execute();

  await db.schema
    .createTable('welcome_settings')
    .addColumn('workspace_id', 'text', (c) => c.primaryKey().references('workspaces.id').onDelete('cascade'))
    .addColumn('enabled', 'integer', (c) => c.notNull())
    .addColumn('template', 'text', (c) => c.notNull())
    .addColumn('updated_at', 'text', (c) => c.notNull())
    .execute();

  await db.schema
    .createTable('jobs')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('workspace_id', 'text', (c) => c.references('workspaces.id').onDelete('cascade'))
    .addColumn('type', 'text', (c) => c.notNull())
    .addColumn('payload', 'text', (c) => c.notNull())
    .addColumn('status', 'text', (c) => c.notNull())
    .addColumn('attempts', 'integer', (c) => c.notNull())
    .addColumn('next_attempt_at', 'text', (c) => c.notNull())
    .addColumn('locked_until', 'text')
    .addColumn('last_error', 'text')
    .addColumn('created_at', 'text', (c) => c.notNull())
    .addColumn('processed_at', 'text')
    .execute();
  await db.schema.createIndex('jobs_due').on('jobs').columns(['status', 'next_attempt_at']).execute();

  // Every existing workspace gets its #general now; new ones get it at sign-up.
  const raw = db as Kysely<{
    workspaces: { id: string };
    channels: { id: string; workspace_id: string; name: string; created_at: string };
  }>;
  const workspaces = await raw.selectFrom('workspaces').select('id').execute();
  const now = new Date().toISOString();
  for (let i = 0; i < workspaces.length; i += 500) {
    const rows = workspaces
      .slice(i, i + 500)
      .map((w) => ({ id: randomUUID(), workspace_id: w.id, name: 'general', created_at: now }));
    await raw.insertInto('channels').values(rows).execute();
  }
}

export async function down(db: Kysely<unknown>): Promise<void> {
  await db.schema.dropTable('jobs').ifExists().execute();
  await db.schema.dropTable('welcome_settings').ifExists().execute();
  await db.schema.dropTable('messages').ifExists().execute();
  await db.schema.dropTable('channels').ifExists().execute();
}
