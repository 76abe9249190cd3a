import { type Kysely, sql } from 'kysely';

// One set of migrations for SQLite and PostgreSQL: only types and constraints both understand.
export async function up(db: Kysely<unknown>): Promise<void> {
  await db.schema
    .createTable('workspaces')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('name', 'text', (c) => c.notNull())
    .addColumn('plan_id', 'text', (c) => c.notNull().defaultTo('free'))
    .addColumn('created_at', 'text', (c) => c.notNull())
    .addColumn('updated_at', 'text', (c) => c.notNull())
    .execute();

  await db.schema
    .createTable('accounts')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('email', 'text', (c) => c.notNull().unique())
    .addColumn('name', 'text', (c) => c.notNull())
    .addColumn('password_hash', 'text')
    .addColumn('email_verified_at', 'text')
    .addColumn('last_workspace_id', 'text', (c) => c.references('workspaces.id').onDelete('set null'))
    .addColumn('created_at', 'text', (c) => c.notNull())
    .addColumn('updated_at', 'text', (c) => c.notNull())
    .execute();

  await db.schema
    .createTable('teams')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('workspace_id', 'text', (c) => c.notNull().references('workspaces.id').onDelete('cascade'))
    .addColumn('name', 'text', (c) => c.notNull())
    .addColumn('name_key', 'text', (c) => c.notNull())
    .addColumn('created_at', 'text', (c) => c.notNull())
    .addColumn('updated_at', 'text', (c) => c.notNull())
    .addUniqueConstraint('teams_workspace_name_key', ['workspace_id', 'name_key'])
    .execute();

  await db.schema
    .createTable('workspace_users')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('workspace_id', 'text', (c) => c.notNull().references('workspaces.id').onDelete('cascade'))
    .addColumn('account_id', 'text', (c) => c.references('accounts.id').onDelete('set null'))
    .addColumn('email', 'text', (c) => c.notNull())
    .addColumn('name', 'text', (c) => c.notNull())
    .addColumn('name_key', 'text', (c) => c.notNull())
    .addColumn('role', 'text', (c) => c.notNull())
    .addColumn('team_id', 'text', (c) => c.references('teams.id').onDelete('set null'))
    .addColumn('status', 'text', (c) => c.notNull())
    .addColumn('invited_at', 'text', (c) => c.notNull())
    .addColumn('invited_by_id', 'text', (c) => c.references('workspace_users.id').onDelete('set null'))
    .addColumn('expires_at', 'text')
    .addColumn('accepted_at', 'text')
    .addColumn('deactivated_at', 'text')
    .addColumn('revoked_at', 'text')
    .addColumn('token_hash', 'text', (c) => c.unique())
    .addColumn('email_status', 'text')
    .addColumn('buddy_id', 'text', (c) => c.references('workspace_users.id').onDelete('set null'))
    .addColumn('phone', 'text')
    .addColumn('photo_key', 'text')
    .addColumn('profile_completed_at', 'text')
    .addColumn('tour_status', 'text')
    .addColumn('created_at', 'text', (c) => c.notNull())
    .addColumn('updated_at', 'text', (c) => c.notNull())
    .addUniqueConstraint('workspace_users_workspace_email', ['workspace_id', 'email'])
    .addCheckConstraint('workspace_users_role', sql`role in ('admin', 'manager', 'sales_rep')`)
    .addCheckConstraint('workspace_users_status', sql`status in ('pending', 'active', 'deactivated', 'revoked')`)
    .execute();
  await db.schema
    .createIndex('workspace_users_by_name')
    .on('workspace_users')
    .columns(['workspace_id', 'name_key', 'id'])
    .execute();
  // Sorting by email uses the unique (workspace_id, email) index: emails are unique there.
  await db.schema
    .createIndex('workspace_users_by_invited_at')
    .on('workspace_users')
    .columns(['workspace_id', 'invited_at', 'id'])
    .execute();
  await db.schema
    .createIndex('workspace_users_by_status')
    .on('workspace_users')
    .columns(['workspace_id', 'status', 'expires_at'])
    .execute();
  await db.schema.createIndex('workspace_users_by_account').on('workspace_users').column('account_id').execute();
  await db.schema.createIndex('workspace_users_by_team').on('workspace_users').column('team_id').execute();

  await db.schema
    .createTable('sessions')
    .addColumn('id_hash', 'text', (c) => c.primaryKey())
    .addColumn('account_id', 'text', (c) => c.notNull().references('accounts.id').onDelete('cascade'))
    .addColumn('workspace_id', 'text', (c) => c.references('workspaces.id').onDelete('set null'))
    .addColumn('created_at', 'text', (c) => c.notNull())
    .addColumn('last_seen_at', 'text', (c) => c.notNull())
    .addColumn('expires_at', 'text', (c) => c.notNull())
    .addColumn('ip', 'text')
    .addColumn('user_agent', 'text')
    .execute();
  await db.schema.createIndex('sessions_by_account').on('sessions').column('account_id').execute();
  await db.schema.createIndex('sessions_by_expiry').on('sessions').column('expires_at').execute();

  await db.schema
    .createTable('rate_limits')
    .addColumn('key', 'text', (c) => c.primaryKey())
    .addColumn('count', 'integer', (c) => c.notNull())
    .addColumn('reset_at', 'text', (c) => c.notNull())
    .execute();
}

export async function down(db: Kysely<unknown>): Promise<void> {
  for (const table of ['rate_limits', 'sessions', 'workspace_users', 'teams', 'accounts', 'workspaces']) {
    await db.schema.dropTable(table).ifExists().execute();
  }
}
