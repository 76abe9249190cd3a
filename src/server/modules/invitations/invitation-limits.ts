import type { Transaction } from 'kysely';
import { DEFAULT_PLAN } from '../../../shared/plans.js';
import type { AppContext, AuthContext } from '../../context.js';
import type { DB, Row } from '../../db/schema.js';
import { AppError } from '../../lib/app-error.js';
import { hashSecret } from '../../lib/secrets.js';
import { isoAfterSeconds, nowIso } from '../../lib/time.js';
import { authRepository } from '../auth/auth.repository.js';
import { humanDuration } from '../auth/rate-limiter.js';

/**
 * What keeps the server from being a relay for unsolicited email: every path that sends an
 * invitation email (invite, resend, bulk send) goes through these checks.
 */

const HOUR = 60 * 60;

/** Inviting needs an inviter whose own address is proven: an unverified sign-up could be anyone. */
export function assertVerifiedInviter(actor: AuthContext): void {
  if (actor.account.email_verified_at !== null) return;
  throw new AppError('email_not_verified', {
    detail: `Verify your email address (${actor.account.email}) before inviting people: open the link we sent you, or send a new one from the banner at the top of the page.`,
  });
}

/** Adds `amount` to a counter of the rate-limit table, inside the caller's transaction; 429 past `max`. */
async function count(
  trx: Transaction<DB>,
  args: { key: string; amount: number; max: number; windowSeconds: number; detail: (retry: string) => string },
): Promise<void> {
  const now = nowIso();
  const { count: total, reset_at } = await authRepository.hitRateLimit(trx, {
    key: args.key,
    amount: args.amount,
    now,
    resetAt: isoAfterSeconds(args.windowSeconds),
  });
  if (total <= args.max) return;
  const retryAfter = Math.max(1, Math.ceil((Date.parse(reset_at) - Date.parse(now)) / 1000));
  throw new AppError('rate_limited', {
    detail: args.detail(humanDuration(retryAfter)),
    headers: { 'retry-after': String(retryAfter) },
  });
}

/**
 * Counts invitation emails about to be queued in this transaction (refused, the transaction rolls
 * back and nothing counts): to each recipient address, across workspaces and across revoke and
 * re-invite; and, on the free plan, for the workspace as a whole. Bulk sends pass no recipients:
 * a file's rows are new to the workspace, and the free plan's cap bounds what a new workspace can
 * send; paid plans are given by the operator (PLAN_CHANGES=operator).
 */
export async function countInvitationEmails(
  ctx: AppContext,
  trx: Transaction<DB>,
  args: { workspace: Pick<Row<'workspaces'>, 'id' | 'plan_id'>; recipients: string[]; total?: number },
): Promise<void> {
  const recipientRule = ctx.config.rateLimits.invitationsPerRecipient;
  for (const email of args.recipients) {
    await count(trx, {
      key: `invite-recipient:${hashSecret(email.toLowerCase())}`,
      amount: 1,
      max: recipientRule.max,
      windowSeconds: recipientRule.windowSeconds,
      detail: (retry) =>
        `${email} has been sent ${recipientRule.max} invitations in the last hour, the most we send to one address. Try again in ${retry}.`,
    });
  }
  const total = args.total ?? args.recipients.length;
  if (args.workspace.plan_id === DEFAULT_PLAN && total > 0) {
    const max = ctx.config.freePlanInvitationsPerHour;
    await count(trx, {
      key: `invite-free-plan:${args.workspace.id}`,
      amount: total,
      max,
      windowSeconds: HOUR,
      detail: (retry) =>
        `The Free plan sends at most ${max} invitations an hour. Try again in ${retry}, or change the plan in Admin > Billing.`,
    });
  }
}
