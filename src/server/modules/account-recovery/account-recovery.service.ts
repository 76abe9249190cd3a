import { setTimeout as sleep } from 'node:timers/promises';
import type { AuditAction } from '../../../shared/audit.js';
import type { AppContext, AuthContext } from '../../context.js';
import type { Executor } from '../../db/executor.js';
import type { AccountTokenPurpose } from '../../db/schema.js';
import { AppError } from '../../lib/app-error.js';
import { hashPassword } from '../../lib/passwords.js';
import { hashSecret } from '../../lib/secrets.js';
import { nowIso } from '../../lib/time.js';
import { type AuditActor, recordAudit, userTarget } from '../audit/audit.js';
import { authRepository } from '../auth/auth.repository.js';
import { assertStrongPassword } from '../auth/auth.service.js';
import { clearRateLimit, hitRateLimit } from '../auth/rate-limiter.js';
import { endSessionStreams } from '../chat/chat.live.js';
import { usersRepository } from '../users/users.repository.js';
import { type AccountTokenRow, accountRecoveryRepository as repo } from './account-recovery.repository.js';
import { issueAccountToken } from './account-tokens.js';

/**
 * Every "forgot password" answer takes at least this long, whether or not the account exists:
 * the work done for an existing account (a token, an email, audit events) hides inside it.
 */
export const FORGOT_MIN_MS = 250;

const tokenInvalid = () => new AppError('token_invalid');

/** A token that can still be spent: known, of this purpose, unspent and unexpired. */
function usable(row: AccountTokenRow | undefined, purpose: AccountTokenPurpose, now: string): row is AccountTokenRow {
  return row !== undefined && row.purpose === purpose && row.used_at === null && row.expires_at > now;
}

export function createAccountRecoveryService(ctx: AppContext) {
  const { db } = ctx.database;
  const limits = ctx.config.rateLimits;

  /** One audit event in every workspace the account belongs to (an account has no log of its own). */
  async function auditAccount(
    trx: Executor,
    args: {
      account: { id: string; email: string; name: string };
      action: AuditAction;
      actor: 'person' | 'anonymous';
      after?: Record<string, unknown>;
      ip: string;
    },
  ): Promise<void> {
    const memberships = await usersRepository.listMemberships(trx, args.account.id);
    await recordAudit(
      trx,
      memberships.map((m) => {
        const actor: AuditActor | null =
          args.actor === 'person' ? { userId: m.id, name: args.account.name, email: args.account.email } : null;
        return {
          workspaceId: m.workspace_id,
          actor,
          action: args.action,
          target: userTarget({ id: m.id, email: args.account.email }),
          after: args.after ?? null,
          ip: args.ip,
        };
      }),
    );
  }

  return {
    /**
     * Sends a reset link when the account exists, with or without a password (the same link sets
     * one). The answer says nothing either way, and takes the same time.
     */
    async forgot(email: string, ip: string): Promise<void> {
      const started = performance.now();
      try {
        await hitRateLimit(ctx, 'forgot-address', ip, limits.forgotPerAddress);
        await hitRateLimit(ctx, 'forgot-email', email, limits.forgotPerEmail);
        const account = await authRepository.findAccountByEmail(db, email);
        if (!account) {
          ctx.log.info({ event: 'password_reset_requested', accountId: null }, 'password reset for an unknown email');
          return;
        }
        await ctx.database.transaction(async (trx) => {
          await issueAccountToken(ctx, trx, { accountId: account.id, email: account.email, purpose: 'password_reset' });
          await auditAccount(trx, { account, action: 'auth.password_reset_requested', actor: 'anonymous', ip });
        });
        ctx.outbox.kick();
        ctx.log.info({ event: 'password_reset_requested', accountId: account.id }, 'password reset email queued');
      } finally {
        const wait = FORGOT_MIN_MS - (performance.now() - started);
        if (wait > 0) await sleep(wait);
      }
    },

    /** What a reset link is for, so the page can say whose password it sets before anything is typed. */
    async lookupReset(token: string, ip: string) {
      await hitRateLimit(ctx, 'account-token-address', ip, limits.accountTokenPerAddress);
      const row = await repo.findToken(db, hashSecret(token));
      if (!usable(row, 'password_reset', nowIso())) throw tokenInvalid();
      return { email: row.email, name: row.name, expiresAt: row.expires_at, hasPassword: row.password_hash !== null };
    },

    /**
     * Sets a new password with a reset link. The link is spent exactly once (a guarded update);
     * every session of the account ends, in every workspace; the email counts as verified.
     *
     * A reset of an account whose email was never verified is how its address's owner reclaims it
     * from whoever signed up with it: besides the password and the sessions, the SSO identities
     * linked to it before the address was proven are unlinked.
     */
    async reset(input: { token: string; password: string }, ip: string): Promise<void> {
      await hitRateLimit(ctx, 'account-token-address', ip, limits.accountTokenPerAddress);
      const tokenHash = hashSecret(input.token);
      const row = await repo.findToken(db, tokenHash);
      if (!usable(row, 'password_reset', nowIso())) throw tokenInvalid();
      assertStrongPassword(input.password, { name: row.name, email: row.email });
      // Hashing happens before the transaction, so no lock is held while it runs.
      const passwordHash = await hashPassword(input.password);
      const account = { id: row.account_id, email: row.email, name: row.name };
      const ended = await ctx.database.transaction(async (trx) => {
        const now = nowIso();
        if ((await repo.spendToken(trx, { tokenHash, purpose: 'password_reset', now })) === 0) throw tokenInvalid();
        const reclaimed = row.email_verified_at === null;
        await repo.setPassword(trx, { accountId: account.id, passwordHash, now });
        await repo.deleteUnusedTokens(trx, account.id, 'password_reset');
        const sessions = await repo.deleteSessionsOfAccount(trx, account.id);
        const sessionsEnded = sessions.length;
        const identitiesUnlinked = reclaimed ? await repo.deleteSsoIdentitiesOfAccount(trx, account.id) : 0;
        await auditAccount(trx, {
          account,
          action: 'auth.password_reset',
          actor: 'person',
          after: { sessionsEnded, ...(reclaimed ? { reclaimed: true, identitiesUnlinked } : {}) },
          ip,
        });
        return sessions;
      });
      // Their live #general streams on this process end now; other processes end theirs at once too
      // (the next delivery or heartbeat finds the session gone).
      for (const sessionIdHash of ended) endSessionStreams(ctx, sessionIdHash);
      // Whoever holds the link owns the address: a sign-in lockout on it has served its purpose.
      await clearRateLimit(ctx, 'login-email', account.email);
      ctx.log.info({ event: 'password_reset', accountId: account.id }, 'password reset; every session ended');
    },

    /** Verifies the email of the account a verification link was sent to. */
    async verifyEmail(token: string, ip: string): Promise<void> {
      await hitRateLimit(ctx, 'account-token-address', ip, limits.accountTokenPerAddress);
      const tokenHash = hashSecret(token);
      const accountId = await ctx.database.transaction(async (trx) => {
        const now = nowIso();
        const row = await repo.findToken(trx, tokenHash);
        if (!row || (await repo.spendToken(trx, { tokenHash, purpose: 'verify_email', now })) === 0) {
          throw tokenInvalid();
        }
        if ((await repo.markVerified(trx, { accountId: row.account_id, now })) > 0) {
          const account = { id: row.account_id, email: row.email, name: row.name };
          await auditAccount(trx, { account, action: 'auth.email_verified', actor: 'person', ip });
        }
        return row.account_id;
      });
      ctx.log.info({ event: 'email_verified', accountId }, 'email verified');
    },

    /** A new verification link for the signed-in person; nothing is sent once the email is verified. */
    async resendVerification(auth: AuthContext): Promise<{ sent: boolean }> {
      const { account } = auth;
      if (account.email_verified_at !== null) return { sent: false };
      await hitRateLimit(ctx, 'verify-resend', account.id, limits.verifyResendPerAccount);
      await ctx.database.transaction((trx) =>
        issueAccountToken(ctx, trx, { accountId: account.id, email: account.email, purpose: 'verify_email' }),
      );
      ctx.outbox.kick();
      ctx.log.info({ event: 'verification_resent', accountId: account.id }, 'verification email queued');
      return { sent: true };
    },
  };
}
