import type { Transaction } from 'kysely';
import type { z } from 'zod';
import type { inviteBody } from '../../../shared/api/invitations.js';
import type { AppContext } from '../../context.js';
import type { DB, Row } from '../../db/schema.js';
import { AppError } from '../../lib/app-error.js';
import { hashSecret, newId, newSecret } from '../../lib/secrets.js';
import { type EmailToQueue, queueEmails } from '../../outbox/outbox.js';
import { recordAudit, userTarget } from '../audit/audit.js';
import { assertSeatsAvailable } from '../billing/billing.service.js';
import { queueWelcome } from '../chat/welcome.js';
import { queueBuddyNotice } from '../guide/buddy-notice.js';
import { newWorkspaceUserRow } from '../users/workspace-user-row.js';
import { countInvitationEmails } from './invitation-limits.js';
import { invitationsRepository as repo, type TokenLookupRow } from './invitations.repository.js';

/**
 * The invitation core: every path that invites someone (a single invite, a resend, a bulk send,
 * and what comes next: provisioning, invite links) prepares invitations here and writes them
 * here; both acceptances (password and SSO) end in `acceptInvitation`.
 */

/** A person to invite, as the invite form's body reads once checked (bulk rows and provisioning give the same). */
export type Invitee = z.infer<typeof inviteBody>;

/** Where an email stands in a workspace, as far as a new invitation is concerned. */
export type Standing = 'member' | 'invited' | 'reusable' | 'new';

/** Active and deactivated people are members; a live pending invitation is invited; the rest may be reused. */
export function standingOf(
  row: Pick<Row<'workspace_users'>, 'status' | 'expires_at'> | undefined,
  now: string,
): Standing {
  if (!row) return 'new';
  if (row.status === 'active' || row.status === 'deactivated') return 'member';
  if (row.status === 'pending' && row.expires_at !== null && row.expires_at > now) return 'invited';
  return 'reusable';
}

/** The state check of a single invitation: 409 `already_member` or `already_invited`. */
export function assertInvitable(standing: Standing): void {
  if (standing === 'member') {
    throw new AppError('already_member', {
      errors: [{ path: 'email', message: 'This person is already a member.' }],
    });
  }
  if (standing === 'invited') {
    throw new AppError('already_invited', {
      detail: 'This person already has a pending invitation: resend it from the Users list.',
      errors: [{ path: 'email', message: 'This person already has a pending invitation.' }],
    });
  }
}

/**
 * The seat check and the anti-relay counts of invitations about to be written in this
 * transaction: `seats` new seats taken, `recipients` counted per address (single invites and
 * resends), `total` emails counted toward the Free plan's cap.
 */
export async function assertMaySend(
  ctx: AppContext,
  trx: Transaction<DB>,
  args: { workspace: Row<'workspaces'>; seats: number; recipients: string[]; total?: number },
): Promise<void> {
  if (args.seats > 0) await assertSeatsAvailable(trx, args.workspace, args.seats);
  await countInvitationEmails(ctx, trx, { workspace: args.workspace, recipients: args.recipients, total: args.total });
}

/** An invitation email, its id chosen up front (the row points at it). */
type InvitationEmail = EmailToQueue & { id: string };

/** One invitation, ready to write: a new row, a reused row (revoked or expired), or a new link for a pending one. */
export type PreparedInvitation = {
  userId: string;
  tokenHash: string;
  message: InvitationEmail;
  write:
    | { kind: 'insert'; row: Row<'workspace_users'> }
    | { kind: 'reinvite'; person: Invitee; invitedById: string | null }
    | { kind: 'new_link' };
};

function newLink(args: { userId: string; workspaceId: string; email: string }) {
  const token = newSecret();
  const emailId = newId();
  // The email is rendered when sent, from the invitation as it is then (outbox/templates.ts).
  const message: InvitationEmail = {
    id: emailId,
    workspaceId: args.workspaceId,
    userId: args.userId,
    kind: 'invitation',
    to: args.email,
    template: 'invitation',
    payload: { token },
  };
  return { tokenHash: hashSecret(token), emailId, message };
}

/**
 * A new link and its email for `person`: a new pending row (`reuseId` null), the revoked or
 * expired row `reuseId` invited again, or (`resendId`) a new link for a pending invitation.
 * Nothing is written until `writeInvitations`.
 */
export function prepareInvitation(args: {
  workspaceId: string;
  /** Null when the inviter was deleted before a bulk send reached the row. */
  invitedById: string | null;
  person: Invitee;
  reuseId?: string | null;
  expiresAt: string;
  now: string;
}): PreparedInvitation & { row: Row<'workspace_users'> | null } {
  const userId = args.reuseId ?? newId();
  const link = newLink({ userId, workspaceId: args.workspaceId, email: args.person.email });
  if (args.reuseId) {
    return {
      userId,
      tokenHash: link.tokenHash,
      message: link.message,
      write: { kind: 'reinvite', person: args.person, invitedById: args.invitedById },
      row: null,
    };
  }
  const row = newWorkspaceUserRow(
    {
      id: userId,
      workspace_id: args.workspaceId,
      email: args.person.email,
      name: args.person.name,
      role: args.person.role,
      team_id: args.person.teamId ?? null,
      buddy_id: args.person.buddyId ?? null,
      status: 'pending',
      invited_by_id: args.invitedById,
      expires_at: args.expiresAt,
      email_status: 'queued',
      token_hash: link.tokenHash,
      last_email_id: link.message.id,
    },
    args.now,
  );
  return { userId, tokenHash: link.tokenHash, message: link.message, write: { kind: 'insert', row }, row };
}

/** A new link for the pending invitation `userId` (Resend): the older link stops working. */
export function prepareNewLink(args: { workspaceId: string; userId: string; email: string }): PreparedInvitation {
  const link = newLink(args);
  return { userId: args.userId, tokenHash: link.tokenHash, message: link.message, write: { kind: 'new_link' } };
}

/**
 * Writes prepared invitations in the caller's transaction: new rows and their tokens in
 * multi-row inserts, reused rows and new links one update each, the emails into the outbox.
 * Returns how many pending rows a new link found (a resend whose row stopped being pending: 0).
 */
export async function writeInvitations(
  ctx: AppContext,
  trx: Transaction<DB>,
  prepared: PreparedInvitation[],
  args: { expiresAt: string; now: string },
): Promise<number> {
  const inserts: Row<'workspace_users'>[] = [];
  let linked = 0;
  for (const p of prepared) {
    const emailId = p.message.id;
    if (p.write.kind === 'insert') inserts.push(p.write.row);
    else if (p.write.kind === 'reinvite') {
      const { person } = p.write;
      await repo.reinvite(trx, {
        id: p.userId,
        name: person.name,
        role: person.role,
        teamId: person.teamId ?? null,
        buddyId: person.buddyId ?? null,
        invitedById: p.write.invitedById,
        expiresAt: args.expiresAt,
        tokenHash: p.tokenHash,
        emailId,
        now: args.now,
      });
    } else {
      linked += await repo.rotateToken(trx, {
        id: p.userId,
        tokenHash: p.tokenHash,
        emailId,
        expiresAt: args.expiresAt,
        now: args.now,
      });
    }
  }
  // The hot path of inviting: prepared multi-row inserts, no query built per invitation.
  await ctx.database.bulkInsert(trx, 'workspace_users', inserts);
  await ctx.database.bulkInsert(
    trx,
    'invitation_tokens',
    prepared.map((p) => ({ token_hash: p.tokenHash, user_id: p.userId, created_at: args.now })),
  );
  await queueEmails(
    ctx.database,
    trx,
    ctx.config.publicUrl,
    prepared.map((p) => p.message),
  );
  return linked;
}

/** Why a token cannot be used, in the order a person would want to hear it. */
export function tokenProblem(row: TokenLookupRow | undefined, now: string): AppError | null {
  if (!row) return new AppError('invitation_not_found');
  if (row.current_token_hash !== row.token_hash) {
    if (row.status === 'revoked') return new AppError('invitation_revoked');
    if (row.status === 'active' || row.status === 'deactivated') return new AppError('invitation_already_accepted');
    return new AppError('invitation_superseded');
  }
  if (row.status === 'revoked') return new AppError('invitation_revoked');
  if (row.status === 'active' || row.status === 'deactivated') return new AppError('invitation_already_accepted');
  if (row.expires_at === null || row.expires_at <= now) {
    return new AppError('invitation_expired', {
      detail: 'This invitation has expired. Ask your admin to resend it.',
    });
  }
  return null;
}

/**
 * The one acceptance, inside the caller's transaction, once the account is known: the guarded
 * transition (only a pending row with this very link, unexpired, becomes active; of two racing
 * acceptances exactly one wins), its audit event, the buddy's notice and the welcome message.
 */
export async function acceptInvitation(
  ctx: AppContext,
  trx: Transaction<DB>,
  invitation: TokenLookupRow,
  account: { id: string; existing: boolean },
  args: { tokenHash: string; name: string; ip: string; now: string; method?: 'sso' },
): Promise<void> {
  const { tokenHash, name, now } = args;
  const changed = await repo.accept(trx, { id: invitation.user_id, tokenHash, accountId: account.id, name, now });
  if (changed === 0) {
    throw tokenProblem(await repo.findByToken(trx, tokenHash), now) ?? new AppError('invitation_already_accepted');
  }
  await recordAudit(trx, {
    workspaceId: invitation.workspace_id,
    actor: { userId: invitation.user_id, name, email: invitation.email },
    action: 'invitation.accepted',
    target: userTarget({ id: invitation.user_id, email: invitation.email }),
    after: {
      status: 'active',
      role: invitation.role,
      account: account.existing ? 'existing' : 'new',
      ...(args.method ? { method: args.method } : {}),
    },
    ip: args.ip,
  });
  await queueBuddyNotice(ctx, trx, invitation.user_id);
  await queueWelcome(trx, { workspaceId: invitation.workspace_id, userId: invitation.user_id });
}
