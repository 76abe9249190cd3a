import type { Transaction } from 'kysely';
import type { Dialect } from '../../db/database.js';
import type { Executor } from '../../db/executor.js';
import type { AccountTokenPurpose, DB, Row } from '../../db/schema.js';

export type AccountTokenRow = Row<'account_tokens'> & {
  email: string;
  name: string;
  password_hash: string | null;
  email_verified_at: string | null;
};

/** Queries only: one-time account tokens (password reset, email verification). */
export const accountRecoveryRepository = {
  /** Serialises token issuing per account on PostgreSQL (SQLite transactions are already exclusive). */
  async lockAccount(trx: Transaction<DB>, dialect: Dialect, accountId: string): Promise<void> {
    if (dialect === 'postgres') {
      await trx.selectFrom('accounts').select('id').where('id', '=', accountId).forUpdate().execute();
    }
  },

  async insertToken(db: Executor, row: Row<'account_tokens'>): Promise<void> {
    await db.insertInto('account_tokens').values(row).execute();
  },

  /** Drops the account's unspent tokens of one purpose: only the newest link works. */
  async deleteUnusedTokens(db: Executor, accountId: string, purpose: AccountTokenPurpose): Promise<void> {
    await db
      .deleteFrom('account_tokens')
      .where('account_id', '=', accountId)
      .where('purpose', '=', purpose)
      .where('used_at', 'is', null)
      .execute();
  },

  /** A token with its account, whatever its state: the caller decides whether it can be used. */
  findToken(db: Executor, tokenHash: string): Promise<AccountTokenRow | undefined> {
    return db
      .selectFrom('account_tokens as t')
      .innerJoin('accounts as a', 'a.id', 't.account_id')
      .selectAll('t')
      .select(['a.email', 'a.name', 'a.password_hash', 'a.email_verified_at'])
      .where('t.token_hash', '=', tokenHash)
      .executeTakeFirst();
  },

  /** Live tokens of one purpose among `hashes`, with their account, for rendering emails at send time. */
  findLiveTokens(db: Executor, args: { hashes: string[]; purpose: AccountTokenPurpose; now: string }) {
    return db
      .selectFrom('account_tokens as t')
      .innerJoin('accounts as a', 'a.id', 't.account_id')
      .select(['t.token_hash', 't.expires_at', 't.account_id', 'a.email', 'a.name', 'a.password_hash'])
      .where('t.token_hash', 'in', args.hashes)
      .where('t.purpose', '=', args.purpose)
      .where('t.used_at', 'is', null)
      .where('t.expires_at', '>', args.now)
      .execute();
  },

  /**
   * Spends a token: the guarded step that lets exactly one of two racing requests through.
   * Returns 1 when this call spent it, 0 when it was unknown, spent, expired or of another purpose.
   */
  async spendToken(
    db: Executor,
    args: { tokenHash: string; purpose: AccountTokenPurpose; now: string },
  ): Promise<number> {
    const result = await db
      .updateTable('account_tokens')
      .set({ used_at: args.now })
      .where('token_hash', '=', args.tokenHash)
      .where('purpose', '=', args.purpose)
      .where('used_at', 'is', null)
      .where('expires_at', '>', args.now)
      .executeTakeFirst();
    return Number(result.numUpdatedRows);
  },

  async setPassword(db: Executor, args: { accountId: string; passwordHash: string; now: string }): Promise<void> {
    await db
      .updateTable('accounts')
      .set((eb) => ({
        password_hash: args.passwordHash,
        // Holding a link sent to the address proves it: the email is verified from now on.
        email_verified_at: eb.fn.coalesce('email_verified_at', eb.val(args.now)),
        updated_at: args.now,
      }))
      .where('id', '=', args.accountId)
      .execute();
  },

  /** Marks the email verified; returns 1 when it was not verified before. */
  async markVerified(db: Executor, args: { accountId: string; now: string }): Promise<number> {
    const result = await db
      .updateTable('accounts')
      .set({ email_verified_at: args.now, updated_at: args.now })
      .where('id', '=', args.accountId)
      .where('email_verified_at', 'is', null)
      .executeTakeFirst();
    return Number(result.numUpdatedRows);
  },

  /** Unlinks every SSO identity of an account; returns how many there were. */
  async deleteSsoIdentitiesOfAccount(db: Executor, accountId: string): Promise<number> {
    const result = await db.deleteFrom('sso_identities').where('account_id', '=', accountId).executeTakeFirst();
    return Number(result.numDeletedRows);
  },

  /** Ends every session of an account; returns their id hashes (to close their live streams). */
  async deleteSessionsOfAccount(db: Executor, accountId: string): Promise<string[]> {
    const rows = await db.deleteFrom('sessions').where('account_id', '=', accountId).returning('id_hash').execute();
    return rows.map((r) => r.id_hash);
  },

  /** Housekeeping: tokens past their expiry serve no answer a deleted row would not give. */
  async deleteExpiredTokens(db: Executor, before: string): Promise<void> {
    await db.deleteFrom('account_tokens').where('expires_at', '<=', before).execute();
  },
};
