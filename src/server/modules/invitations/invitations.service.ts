import type { Transaction } from 'kysely';
import type { User } from '../../../shared/api/users.js';
import type { AppContext, AuthContext, ClientMeta } from '../../context.js';
import type { DB } from '../../db/schema.js';
import { kickJobs } from '../../jobs/jobs.js';
import { AppError } from '../../lib/app-error.js';
import { isUniqueViolation } from '../../lib/db-errors.js';
import { hashPassword, verifyPassword } from '../../lib/passwords.js';
import { hashSecret, newId } from '../../lib/secrets.js';
import { isoAfterSeconds, nowIso } from '../../lib/time.js';
import { actorOf, recordAudit, userTarget } from '../audit/audit.js';
import { authRepository } from '../auth/auth.repository.js';
import { type AuthService, assertStrongPassword } from '../auth/auth.service.js';
import { hitRateLimit, throttledPasswordCheck } from '../auth/rate-limiter.js';
import { assertSeatsAvailable } from '../billing/billing.service.js';
import { ssoRepository } from '../sso/sso.repository.js';
import { assertPasswordMayJoin } from '../sso/sso-policy.js';
import { assertTeamExists } from '../teams/teams.service.js';
import { type UserRow, usersRepository } from '../users/users.repository.js';
import { toUser } from '../users/users.schemas.js';
import { assertBuddy } from '../users/users.service.js';
import { workspacesRepository } from '../workspaces/workspaces.repository.js';
import {
  acceptInvitation,
  assertInvitable,
  assertMaySend,
  type Invitee,
  prepareInvitation,
  prepareNewLink,
  standingOf,
  tokenProblem,
  writeInvitations,
} from './invitation-core.js';
import { assertVerifiedInviter } from './invitation-limits.js';
import { invitationsRepository as repo, type TokenLookupRow } from './invitations.repository.js';

/** `auth` starts the session of a person who accepts (buildServices passes the app's one). */
export function createInvitationsService(ctx: AppContext, deps: { auth: AuthService }) {
  const { db } = ctx.database;
  const ttl = ctx.config.invitationTtlSeconds;
  const { auth } = deps;

  async function userView(workspaceId: string, id: string): Promise<User> {
    const row = await usersRepository.findById(db, workspaceId, id);
    if (!row) throw new AppError('not_found');
    return toUser(row, nowIso());
  }

  /**
   * Whether holding an invitation link shows that its holder reads the invited mailbox: only when
   * the link went out by real email. With the dev mailbox the inviter reads it too, so an account
   * made through it starts unverified.
   */
  const linkProvesEmail = !ctx.config.devMailbox;

  function afterAcceptance(row: TokenLookupRow, method: 'password' | 'sso') {
    ctx.outbox.kick();
    kickJobs(ctx);
    ctx.log.info(
      { event: 'invitation_accepted', workspaceId: row.workspace_id, userId: row.user_id, method },
      'invitation accepted',
    );
  }

  return {
    async invite(actor: AuthContext, input: Invitee): Promise<User> {
      assertVerifiedInviter(actor);
      const workspaceId = actor.workspace.id;
      const now = nowIso();
      const expiresAt = isoAfterSeconds(ttl);
      let userId = '';
      // A brand-new row is answered as written; a reinvited one is read back after the commit.
      let created: UserRow | null = null;
      try {
        await ctx.database.transaction(async (trx) => {
          const [team, buddy, existing] = await Promise.all([
            assertTeamExists(trx, workspaceId, input.teamId),
            assertBuddy(trx, workspaceId, input.buddyId),
            repo.findByEmail(trx, workspaceId, input.email),
          ]);
          assertInvitable(standingOf(existing, now));
          const prepared = prepareInvitation({
            workspaceId,
            invitedById: actor.user.id,
            person: input,
            reuseId: existing?.id ?? null,
            expiresAt,
            now,
          });
          userId = prepared.userId;
          await writeInvitations(ctx, trx, [prepared], { expiresAt, now });
          if (prepared.row) {
            created = {
              ...prepared.row,
              team_name: team?.name ?? null,
              invited_by_name: actor.user.name,
              buddy_name: buddy?.name ?? null,
            };
          }
          await recordAudit(trx, {
            workspaceId,
            actor: actorOf(actor),
            action: 'invitation.sent',
            target: userTarget({ id: userId, email: input.email }),
            after: { role: input.role, teamId: input.teamId ?? null, expiresAt },
            ip: actor.ip,
          });
          // The seat is checked last, the invitation already written (so counted among the seats
          // used): the workspace's lock is held for that count and the commit only, not for the
          // whole transaction, and two invitations still cannot both take the last seat.
          await ctx.database.lockWorkspace(trx, workspaceId);
          const workspace = await workspacesRepository.findById(trx, workspaceId);
          if (!workspace) throw new AppError('not_found');
          await assertSeatsAvailable(trx, workspace, 1, { written: true });
          await assertMaySend(ctx, trx, { workspace, seats: 0, recipients: [input.email] });
        });
      } catch (error) {
        // Two admins inviting the same email at once: the loser hits the unique index.
        if (isUniqueViolation(error)) throw new AppError('already_invited');
        throw error;
      }
      ctx.outbox.kick();
      ctx.log.info({ event: 'invitation_sent', workspaceId, userId }, 'invitation queued');
      return created ? toUser(created, nowIso()) : userView(workspaceId, userId);
    },

    async resend(actor: AuthContext, id: string): Promise<User> {
      assertVerifiedInviter(actor);
      const workspaceId = actor.workspace.id;
      const current = await usersRepository.findById(db, workspaceId, id);
      if (!current) throw new AppError('not_found');
      if (current.status !== 'pending') throw new AppError('not_pending');
      await hitRateLimit(ctx, 'resend', id, ctx.config.rateLimits.resendPerInvitation);
      await ctx.database.transaction(async (trx) => {
        await ctx.database.lockWorkspace(trx, workspaceId);
        const workspace = await workspacesRepository.findById(trx, workspaceId);
        const row = await usersRepository.findById(trx, workspaceId, id);
        if (!workspace || !row) throw new AppError('not_found');
        if (row.status !== 'pending') throw new AppError('not_pending');
        const now = nowIso();
        // An expired invitation holds no seat: sending it again takes one.
        const expired = row.expires_at === null || row.expires_at <= now;
        await assertMaySend(ctx, trx, { workspace, seats: expired ? 1 : 0, recipients: [row.email] });
        const expiresAt = isoAfterSeconds(ttl);
        await writeInvitations(ctx, trx, [prepareNewLink({ workspaceId, userId: row.id, email: row.email })], {
          expiresAt,
          now,
        });
        await recordAudit(trx, {
          workspaceId,
          actor: actorOf(actor),
          action: 'invitation.resent',
          target: userTarget(row),
          before: { expiresAt: row.expires_at },
          after: { expiresAt },
          ip: actor.ip,
        });
      });
      ctx.outbox.kick();
      ctx.log.info({ event: 'invitation_resent', workspaceId, userId: id }, 'invitation queued again');
      return userView(workspaceId, id);
    },

    async revoke(actor: AuthContext, id: string): Promise<User> {
      const workspaceId = actor.workspace.id;
      const changed = await ctx.database.transaction(async (trx) => {
        const row = await usersRepository.findById(trx, workspaceId, id);
        if (!row) throw new AppError('not_found');
        const revoked = await repo.revoke(trx, { workspaceId, id, now: nowIso() });
        if (revoked > 0) {
          await recordAudit(trx, {
            workspaceId,
            actor: actorOf(actor),
            action: 'invitation.revoked',
            target: userTarget(row),
            before: { status: row.status },
            after: { status: 'revoked' },
            ip: actor.ip,
          });
        }
        return revoked;
      });
      if (changed === 0) throw new AppError('not_pending');
      ctx.log.info({ event: 'invitation_revoked', workspaceId, userId: id }, 'invitation revoked');
      return userView(workspaceId, id);
    },

    async lookup(token: string) {
      const row = await repo.findByToken(db, hashSecret(token));
      const problem = tokenProblem(row, nowIso());
      if (problem || !row) throw problem ?? new AppError('invitation_not_found');
      const account = await authRepository.findAccountByEmail(db, row.email);
      const sso = await ssoRepository.findSettings(db, row.workspace_id);
      return {
        workspace: { id: row.workspace_id, name: row.workspace_name },
        email: row.email,
        name: row.name,
        role: row.role,
        team: row.team_id && row.team_name !== null ? { id: row.team_id, name: row.team_name } : null,
        invitedBy:
          row.invited_by_id && row.invited_by_name !== null
            ? { id: row.invited_by_id, name: row.invited_by_name }
            : null,
        expiresAt: row.expires_at ?? '',
        // Any account with this email: its owner accepts by proving it, never by setting a new password.
        accountExists: account !== undefined,
        accountSignIn: account ? (account.password_hash ? ('password' as const) : ('sso' as const)) : null,
        sso: sso?.enabled === 1,
        // Password acceptance is refused for this invitation (sso_required): the page offers SSO only.
        ssoRequired: sso?.enabled === 1 && sso.require_for_non_admins === 1 && row.role !== 'admin',
      };
    },

    /**
     * Accepts an invitation with a password. The role and team are the invitation's at this
     * moment; anything else in the request (role, workspace, email) is ignored by the schema.
     *
     * Holding the link is not proof of the email (with the dev mailbox its inviter reads it), so
     * an acceptance never gives an existing account a new password: a person who has an account
     * proves it with its password. An account that signs in only with SSO accepts with SSO; an
     * account someone else signed up with this address is reclaimed by a password reset sent to
     * it, never by this link.
     */
    async accept(input: { token: string; password: string; name?: string | undefined }, meta: ClientMeta) {
      await hitRateLimit(ctx, 'accept-address', meta.ip, ctx.config.rateLimits.acceptPerAddress);
      const tokenHash = hashSecret(input.token);
      const row = await repo.findByToken(db, tokenHash);
      const problem = tokenProblem(row, nowIso());
      if (problem || !row) throw problem ?? new AppError('invitation_not_found');
      await assertPasswordMayJoin(db, { workspaceId: row.workspace_id, role: row.role });

      // Password work happens before the transaction, so no lock is held while hashing.
      const existing = await authRepository.findAccountByEmail(db, row.email);
      let newHash: string | null = null;
      if (existing) {
        if (!existing.password_hash) {
          throw new AppError('invalid_credentials', {
            detail:
              'This email already has a SalesOS account that signs in with single sign-on: choose Continue with SSO.',
            errors: [{ path: 'password', message: 'This account signs in with single sign-on.' }],
          });
        }
        const passwordHash = existing.password_hash;
        const attempt = { email: row.email, ip: meta.ip };
        if (!(await throttledPasswordCheck(ctx, attempt, () => verifyPassword(passwordHash, input.password)))) {
          throw new AppError('invalid_credentials', {
            detail:
              'This email already has a SalesOS account: enter its password. Forgotten it? Reset it from the sign-in page, then open this invitation again.',
            errors: [{ path: 'password', message: 'This is not the password of the existing account.' }],
          });
        }
      } else {
        assertStrongPassword(input.password, {
          name: input.name ?? row.name,
          email: row.email,
          workspaceName: row.workspace_name,
        });
        newHash = await hashPassword(input.password);
      }

      const name = input.name ?? row.name;
      let accountId = '';
      await ctx.database.transaction(async (trx) => {
        await ctx.database.lockWorkspace(trx, row.workspace_id);
        const now = nowIso();
        const account = await authRepository.findAccountByEmail(trx, row.email);
        if (account) {
          // The password proved this account; one created meanwhile by a racing acceptance did not.
          if (account.id !== existing?.id) throw new AppError('invitation_already_accepted');
          accountId = account.id;
        } else if (newHash) {
          accountId = newId();
          await authRepository.insertAccount(trx, {
            id: accountId,
            email: row.email,
            name,
            password_hash: newHash,
            email_verified_at: linkProvesEmail ? now : null,
            last_workspace_id: row.workspace_id,
            created_at: now,
            updated_at: now,
          });
        } else {
          throw new AppError('invitation_already_accepted');
        }
        await acceptInvitation(
          ctx,
          trx,
          row,
          { id: accountId, existing: !newHash },
          { tokenHash, name, ip: meta.ip, now },
        );
      });
      afterAcceptance(row, 'password');
      const session = await auth.startSession(accountId, row.workspace_id, meta);
      return { session, ...(await auth.userAndWorkspace(row.workspace_id, accountId)) };
    },

    /**
     * Accepts an invitation for a person whose identity provider vouched for the invited email
     * (SSO; the caller checked the email and that it is verified). The same guarded transition
     * and audit event as `accept`; `link` ties the provider's identity to the account inside the
     * transaction, so the acceptance and the link happen together or not at all. No session is
     * started here: the caller starts one.
     *
     * The provider is the inviting workspace's choice, so it proves nothing about an account that
     * already exists: that account accepts with SSO only when this identity is already linked to
     * it, or when the browser is signed in as it (`sessionAccountId`: the password proved it).
     */
    async acceptVerifiedIdentity(input: {
      tokenHash: string;
      ip: string;
      identity: { issuer: string; subject: string };
      sessionAccountId: string | null;
      link: (trx: Transaction<DB>, accountId: string) => Promise<void>;
    }) {
      const { tokenHash } = input;
      const row = await repo.findByToken(db, tokenHash);
      const problem = tokenProblem(row, nowIso());
      if (problem || !row) throw problem ?? new AppError('invitation_not_found');
      let accountId = '';
      let existing = false;
      await ctx.database.transaction(async (trx) => {
        await ctx.database.lockWorkspace(trx, row.workspace_id);
        const now = nowIso();
        const account = await authRepository.findAccountByEmail(trx, row.email);
        if (account) {
          const linked = await ssoRepository.findIdentity(trx, input.identity.issuer, input.identity.subject);
          if (linked?.account_id !== account.id && input.sessionAccountId !== account.id) {
            throw new AppError('account_exists', {
              detail: `This email already has a SalesOS account. Sign in to it with its password first (Forgotten it? Reset it from the sign-in page), then open the invitation again and choose Continue with SSO. The invitation is still waiting for you.`,
            });
          }
          accountId = account.id;
          existing = true;
        } else {
          accountId = newId();
          await authRepository.insertAccount(trx, {
            id: accountId,
            email: row.email,
            name: row.name,
            password_hash: null,
            email_verified_at: linkProvesEmail ? now : null,
            last_workspace_id: row.workspace_id,
            created_at: now,
            updated_at: now,
          });
        }
        await input.link(trx, accountId);
        await acceptInvitation(
          ctx,
          trx,
          row,
          { id: accountId, existing },
          { tokenHash, name: row.name, ip: input.ip, now, method: 'sso' },
        );
      });
      afterAcceptance(row, 'sso');
      return { accountId, workspaceId: row.workspace_id, userId: row.user_id, existingAccount: existing };
    },
  };
}
