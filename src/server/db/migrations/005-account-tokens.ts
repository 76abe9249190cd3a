import { type Kysely, sql } from 'kysely';

// One-time links sent to an account's email: password reset and email verification.
// Only the token's SHA-256 is stored; a token is spent by setting `used_at` once.
export async function up(db: Kysely<unknown>): Promise<void> {
  await db.schema
    .createTable('account_tokens')
    .addColumn('token_hash', 'text', (c) => c.primaryKey())
    .addColumn('account_id', 'text', (c) => c.notNull().references('accounts.id').onDelete('cascade'))
    .addColumn('purpose', 'text', (c) => c.notNull())
    .addColumn('expires_at', 'text', (c) => c.notNull())
    .addColumn('used_at', 'text')
    .addColumn('created_at', 'text', (c) => c.notNull())
    .addCheckConstraint('account_tokens_purpose', sql`purpose in ('password_reset', 'verify_email')`)
    .execute();
  await db.schema
    .createIndex('account_tokens_by_account')
    .on('account_tokens')
    .columns(['account_id', 'purpose'])
    .execute();
  await db.schema.createIndex('account_tokens_by_expiry').on('account_tokens').column('expires_at').execute();
}

export async function down(db: Kysely<unknown>): Promise<void> {
  await db.schema.dropTable('account_tokens').ifExists().execute();
}
