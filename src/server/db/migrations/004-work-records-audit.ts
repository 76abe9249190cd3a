import type { Kysely } from 'kysely';

export async function up(db: Kysely<unknown>): Promise<void> {
  for (const table of ['deals', 'leads'] as const) {
    let create = db.schema
      .createTable(table)
      .addColumn('id', 'text', (c) => c.primaryKey())
      .addColumn('workspace_id', 'text', (c) => c.notNull().references('workspaces.id').onDelete('cascade'))
      .addColumn('name', 'text', (c) => c.notNull())
      // Deleting a person never deletes their records: at worst they are left unassigned.
      .addColumn('owner_id', 'text', (c) => c.references('workspace_users.id').onDelete('set null'))
      .addColumn('created_by_id', 'text', (c) => c.references('workspace_users.id').onDelete('set null'));
    create =
      table === 'deals'
        ? create
            .addColumn('amount', 'double precision', (c) => c.notNull())
            .addColumn('stage', 'text', (c) => c.notNull())
        : create.addColumn('email', 'text').addColumn('company', 'text');
    await create
      .addColumn('created_at', 'text', (c) => c.notNull())
      .addColumn('updated_at', 'text', (c) => c.notNull())
      .execute();
    await db.schema
      .createIndex(`${table}_by_created`)
      .on(table)
      .columns(['workspace_id', 'created_at', 'id'])
      .execute();
    await db.schema.createIndex(`${table}_by_owner`).on(table).columns(['owner_id', 'created_at']).execute();
  }

  await db.schema
    .createTable('audit_events')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('workspace_id', 'text', (c) => c.notNull().references('workspaces.id').onDelete('cascade'))
    .addColumn('at', 'text', (c) => c.notNull())
    // The actor as they were: the event stays readable after the person is deleted.
    .addColumn('actor_user_id', 'text')
    .addColumn('actor_name', 'text')
    .addColumn('actor_email', 'text')
    .addColumn('action', 'text', (c) => c.notNull())
    .addColumn('target_type', 'text')
    .addColumn('target_id', 'text')
    .addColumn('target_label', 'text')
    .addColumn('before', 'text')
    .addColumn('after', 'text')
    .addColumn('ip', 'text')
    .execute();
  await db.schema
    .createIndex('audit_events_by_time')
    .on('audit_events')
    .columns(['workspace_id', 'at', 'id'])
    .execute();
  await db.schema
    .createIndex('audit_events_by_action')
    .on('audit_events')
    .columns(['workspace_id', 'action', 'at'])
    .execute();
}

export async function down(db: Kysely<unknown>): Promise<void> {
  await db.schema.dropTable('audit_events').execute();
  await db.schema.dropTable('leads').execute();
  await db.schema.dropTable('deals').execute();
}
