import type { AuditAction } from '../../../shared/audit.js';
import { checkPassword, type PasswordContext } from '../../../shared/password-policy.js';
import { DEFAULT_PLAN } from '../../../shared/plans.js';
import type { AppContext, AuthContext, ClientMeta } from '../../context.js';
import type { Row } from '../../db/schema.js';
import { AppError } from '../../lib/app-error.js';
import { isUniqueViolation } from '../../lib/db-errors.js';
import { hashPassword, verifyPassword } from '../../lib/passwords.js';
import { hashSecret, newId, newSecret } from '../../lib/secrets.js';
import { isoAfterSeconds, nowIso } from '../../lib/time.js';
import { issueAccountToken } from '../account-recovery/account-tokens.js';
import { recordAudit } from '../audit/audit.js';
import { endSessionStreams } from '../chat/chat.live.js';
import { ensureGeneral } from '../chat/chat.service.js';
import { onboardingOf } from '../profile/onboarding.js';
import { assertSessionMayEnter, splitByPasswordAccess } from '../sso/sso-policy.js';
import { usersRepository } from '../users/users.repository.js';
import { toUser } from '../users/users.schemas.js';
import { newWorkspaceUserRow } from '../users/workspace-user-row.js';
import { workspacesRepository } from '../workspaces/workspaces.repository.js';
import { toWorkspace } from '../workspaces/workspaces.schemas.js';
import { authRepository } from './auth.repository.js';
import { hitRateLimit, throttledPasswordCheck } from './rate-limiter.js';

export type NewSession = { id: string; csrf: string };

/** Refuses a password that breaks the password rules (shared/password-policy.ts), with the reason. */
export function assertStrongPassword(password: string, context: PasswordContext): void {
  const verdict = checkPassword(password, context);
  if (!verdict.ok) {
    throw new AppError('weak_password', {
      detail: verdict.reason,
      errors: [{ path: 'password', message: verdict.reason }],
    });
  }
}

export function createAuthService(ctx: AppContext) {
  const { db } = ctx.database;

  /** Starts a session in `workspaceId`; the previous session of this browser ends (a new id on every sign-in). */
  async function startSession(accountId: string, workspaceId: string, meta: ClientMeta): Promise<NewSession> {
    const id = newSecret();
    const now = nowIso();
    if (meta.previousSessionIdHash) {
      await authRepository.deleteSession(db, meta.previousSessionIdHash);
      endSessionStreams(ctx, meta.previousSessionIdHash);
    }
    await authRepository.insertSession(db, {
      id_hash: hashSecret(id),
      account_id: accountId,
      workspace_id: workspaceId,
      created_at: now,
      last_seen_at: now,
      expires_at: isoAfterSeconds(ctx.config.sessionTtlSeconds),
      ip: meta.ip,
      user_agent: meta.userAgent?.slice(0, 500) ?? null,
    });
    await authRepository.setLastWorkspace(db, accountId, workspaceId);
    return { id, csrf: newSecret() };
  }

  async function memberships(accountId: string) {
    const rows = await usersRepository.listMemberships(db, accountId);
    return rows;
  }

  async function workspacesOf(accountId: string) {
    const rows = await memberships(accountId);
    return rows
      .filter((r) => r.status === 'active')
      .map((r) => ({ id: r.workspace_id, name: r.workspace_name, role: r.role }));
  }

  async function userAndWorkspace(workspaceId: string, accountId: string) {
    const [user, workspace] = await Promise.all([
      usersRepository.findActiveByAccount(db, workspaceId, accountId),
      workspacesRepository.findById(db, workspaceId),
    ]);
    if (!user || !workspace) throw new AppError('not_found');
    const now = nowIso();
    return { user: toUser(user, now), workspace: toWorkspace(workspace) };
  }

  return {
    startSession,
    userAndWorkspace,

    async signup(input: { workspaceName: string; name: string; email: string; password: string }, meta: ClientMeta) {
      if (!ctx.config.signupEnabled) throw new AppError('signup_disabled');
      await hitRateLimit(ctx, 'signup-address', meta.ip, ctx.config.rateLimits.signupPerAddress);
      assertStrongPassword(input.password, {
        name: input.name,
        email: input.email,
        workspaceName: input.workspaceName,
      });
      if (await authRepository.findAccountByEmail(db, input.email)) {
        throw new AppError('email_taken', {
          errors: [{ path: 'email', message: 'An account with this email already exists.' }],
        });
      }
      const passwordHash = await hashPassword(input.password);
      const now = nowIso();
      const account: Row<'accounts'> = {
        id: newId(),
        email: input.email,
        name: input.name,
        password_hash: passwordHash,
        email_verified_at: null,
        last_workspace_id: null,
        created_at: now,
        updated_at: now,
      };
      const workspace: Row<'workspaces'> = {
        id: newId(),
        name: input.workspaceName,
        plan_id: DEFAULT_PLAN,
        created_at: now,
        updated_at: now,
      };
      try {
        await ctx.database.transaction(async (trx) => {
          await workspacesRepository.insert(trx, workspace);
          await ensureGeneral(trx, workspace.id);
          await authRepository.insertAccount(trx, account);
          await usersRepository.insert(
            trx,
            newWorkspaceUserRow(
              {
                id: newId(),
                workspace_id: workspace.id,
                account_id: account.id,
                email: account.email,
                name: account.name,
                role: 'admin',
                status: 'active',
                accepted_at: now,
              },
              now,
            ),
          );
          // Sign-up sends a link that verifies the email; the workspace is usable at once.
          await issueAccountToken(ctx, trx, { accountId: account.id, email: account.email, purpose: 'verify_email' });
        });
      } catch (error) {
        if (isUniqueViolation(error)) throw new AppError('email_taken');
        throw error;
      }
      ctx.outbox.kick();
      const session = await startSession(account.id, workspace.id, meta);
      ctx.log.info({ event: 'signup', accountId: account.id, workspaceId: workspace.id }, 'workspace created');
      return { session, ...(await userAndWorkspace(workspace.id, account.id)) };
    },

    async login(input: { email: string; password: string }, meta: ClientMeta) {
      const account = await authRepository.findAccountByEmail(db, input.email);
      // A growing delay per email and address rather than a lock: nobody can lock the owner out.
      const ok = await throttledPasswordCheck(ctx, { email: input.email, ip: meta.ip }, () =>
        verifyPassword(account?.password_hash, input.password),
      );
      const rows = account ? await memberships(account.id) : [];
      /** A sign-in event in the audit log of each workspace it concerns. */
      const audit = (action: AuditAction, of: typeof rows) =>
        recordAudit(
          db,
          of.map((r) => ({
            workspaceId: r.workspace_id,
            actor: { userId: r.id, name: account?.name ?? null, email: input.email },
            action,
            target: { type: 'user' as const, id: r.id, label: input.email },
            ip: meta.ip,
          })),
        );
      if (!account || !ok) {
        ctx.log.info({ event: 'login_failed', accountId: account?.id ?? null }, 'sign-in refused');
        await audit('auth.sign_in_failed', rows);
        throw new AppError('invalid_credentials');
      }
      const active = rows.filter((r) => r.status === 'active');
      if (active.length === 0) {
        const deactivated = rows.filter((r) => r.status === 'deactivated');
        await audit('auth.sign_in_refused', deactivated);
        if (deactivated.length > 0) throw new AppError('user_deactivated');
        throw new AppError('invalid_credentials');
      }
      // Where SSO is required for this person, a password does not open the workspace (docs/decisions.md).
      const { allowed, ssoOnly } = await splitByPasswordAccess(db, active);
      if (allowed.length === 0) {
        await audit('auth.sso_required', ssoOnly);
        throw new AppError('sso_required', {
          extra: { ssoWorkspaces: ssoOnly.map((r) => ({ id: r.workspace_id, name: r.workspace_name })) },
        });
      }
      const chosen = allowed.find((r) => r.workspace_id === account.last_workspace_id) ?? allowed[0];
      if (!chosen) throw new AppError('invalid_credentials');
      await audit('auth.signed_in', [chosen]);
      const session = await startSession(account.id, chosen.workspace_id, meta);
      return {
        session,
        ...(await userAndWorkspace(chosen.workspace_id, account.id)),
        workspaces: allowed.map((r) => ({ id: r.workspace_id, name: r.workspace_name, role: r.role })),
      };
    },

    async logout(sessionIdHash: string | null): Promise<void> {
      if (!sessionIdHash) return;
      await authRepository.deleteSession(db, sessionIdHash);
      endSessionStreams(ctx, sessionIdHash);
    },

    async switchWorkspace(auth: AuthContext, workspaceId: string) {
      const target = await usersRepository.findActiveByAccount(db, workspaceId, auth.account.id);
      if (!target) throw new AppError('not_found', { detail: 'You are not an active member of that workspace.' });
      await assertSessionMayEnter(db, { sessionIdHash: auth.sessionIdHash, workspaceId, role: target.role });
      await authRepository.setSessionWorkspace(db, auth.sessionIdHash, workspaceId);
      endSessionStreams(ctx, auth.sessionIdHash, 'workspace_changed');
      await authRepository.setLastWorkspace(db, auth.account.id, workspaceId);
      return userAndWorkspace(workspaceId, auth.account.id);
    },

    async me(auth: AuthContext) {
      return {
        account: {
          id: auth.account.id,
          email: auth.account.email,
          name: auth.account.name,
          emailVerified: auth.account.email_verified_at !== null,
        },
        user: toUser(auth.user, nowIso()),
        workspace: toWorkspace(auth.workspace),
        workspaces: await workspacesOf(auth.account.id),
        onboarding: await onboardingOf(db, { account: auth.account, user: auth.user }),
      };
    },
  };
}

export type AuthService = ReturnType<typeof createAuthService>;
