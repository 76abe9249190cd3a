import { type Kysely, sql } from 'kysely';

// The Getting Started challenge. Progress is not stored: it is derived from what each
// person did (profile saved, tour finished, #general post, lead, deal), so it cannot drift.
export async function up(db: Kysely<unknown>): Promise<void> {
  await db.schema
    .createTable('challenges')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('workspace_id', 'text', (c) => c.notNull().references('workspaces.id').onDelete('cascade'))
    .addColumn('name', 'text', (c) => c.notNull())
    // JSON array of step ids, in catalogue order.
    .addColumn('steps', 'text', (c) => c.notNull())
    .addColumn('active', 'integer', (c) => c.notNull().defaultTo(0))
    .addColumn('due_days', 'integer')
    .addColumn('created_at', 'text', (c) => c.notNull())
    .addColumn('updated_at', 'text', (c) => c.notNull())
    .execute();
  await db.schema
    .createIndex('challenges_by_workspace')
    .on('challenges')
    .columns(['workspace_id', 'created_at'])
    .execute();
  // At most one active challenge per workspace, whatever two admins do at the same moment.
  await db.schema
    .createIndex('challenges_one_active')
    .on('challenges')
    .column('workspace_id')
    .unique()
    .where(sql.ref('active'), '=', 1)
    .execute();

  // When the tour was finished: the challenge's completion date needs it. Earlier finishers get
  // their row's last update, the best date known.
  await db.schema.alterTable('workspace_users').addColumn('tour_completed_at', 'text').execute();
  await sql`update workspace_users set tour_completed_at = updated_at where tour_status = 'completed'`.execute(db);
  // "A lead/deal created by them": looked up by creator.
  await db.schema.createIndex('leads_by_creator').on('leads').columns(['created_by_id', 'created_at']).execute();
  await db.schema.createIndex('deals_by_creator').on('deals').columns(['created_by_id', 'created_at']).execute();
}

export async function down(db: Kysely<unknown>): Promise<void> {
  await db.schema.dropIndex('deals_by_creator').ifExists().execute();
  await db.schema.dropIndex('leads_by_creator').ifExists().execute();
  await db.schema.alterTable('workspace_users').dropColumn('tour_completed_at').execute();
  await db.schema.dropTable('challenges').ifExists().execute();
}
