import type { Transaction } from 'kysely';
import type { AppContext } from '../../context.js';
import type { AccountTokenPurpose, DB } from '../../db/schema.js';
import { hashSecret, newSecret } from '../../lib/secrets.js';
import { isoAfterSeconds, nowIso } from '../../lib/time.js';
import { queueEmails } from '../../outbox/outbox.js';
import { accountRecoveryRepository as repo } from './account-recovery.repository.js';

/** How long each kind of link works after it was sent. */
export const TOKEN_TTL_SECONDS: Record<AccountTokenPurpose, number> = {
  password_reset: 60 * 60,
  verify_email: 7 * 86400,
};

/**
 * Issues a one-time link for an account and queues its email, inside the caller's transaction:
 * the email exists exactly when its token does. Earlier unspent links of the same purpose stop
 * working. The email is rendered when sent (outbox/account-templates.ts).
 */
export async function issueAccountToken(
  ctx: AppContext,
  trx: Transaction<DB>,
  args: { accountId: string; email: string; purpose: AccountTokenPurpose },
): Promise<{ expiresAt: string }> {
  const now = nowIso();
  const token = newSecret();
  const expiresAt = isoAfterSeconds(TOKEN_TTL_SECONDS[args.purpose]);
  await repo.lockAccount(trx, ctx.database.dialect, args.accountId);
  await repo.deleteUnusedTokens(trx, args.accountId, args.purpose);
  await repo.insertToken(trx, {
    token_hash: hashSecret(token),
    account_id: args.accountId,
    purpose: args.purpose,
    expires_at: expiresAt,
    used_at: null,
    created_at: now,
  });
  await queueEmails(ctx.database, trx, ctx.config.publicUrl, [
    {
      // An account email belongs to no workspace (see the dev mailbox for who may read it).
      workspaceId: null,
      userId: null,
      kind: args.purpose,
      to: args.email,
      template: args.purpose,
      payload: { token },
    },
  ]);
  return { expiresAt };
}
