import type { Role } from '../../../shared/roles.js';
import type { Executor } from '../../db/executor.js';
import { AppError } from '../../lib/app-error.js';
import { ssoRepository } from './sso.repository.js';

/**
 * Where a password may take a person, and where an SSO session may go. One rule, used by
 * password sign-in, invitation acceptance with a password and workspace switching:
 * - a workspace with SSO on and "Require SSO for everyone but admins" is entered by its
 *   non-admins only through its SSO;
 * - a session started by a workspace's SSO stays in that workspace: that provider vouches for
 *   the person in that workspace only (its admin chose it), not in their other workspaces.
 */

/** The memberships a password sign-in may use, and those that need SSO. */
export async function splitByPasswordAccess<T extends { workspace_id: string; role: Role }>(
  db: Executor,
  memberships: T[],
): Promise<{ allowed: T[]; ssoOnly: T[] }> {
  const candidates = memberships.filter((m) => m.role !== 'admin').map((m) => m.workspace_id);
  const requiring = new Set(await ssoRepository.workspacesRequiringSso(db, [...new Set(candidates)]));
  return {
    allowed: memberships.filter((m) => m.role === 'admin' || !requiring.has(m.workspace_id)),
    ssoOnly: memberships.filter((m) => m.role !== 'admin' && requiring.has(m.workspace_id)),
  };
}

/** Refuses a password acceptance of an invitation into a workspace that requires SSO for its role. */
export async function assertPasswordMayJoin(db: Executor, args: { workspaceId: string; role: Role }): Promise<void> {
  if (args.role === 'admin') return;
  const requiring = await ssoRepository.workspacesRequiringSso(db, [args.workspaceId]);
  if (requiring.length > 0) {
    throw new AppError('sso_required', {
      detail: 'This workspace requires single sign-on: accept the invitation with Continue with SSO.',
    });
  }
}

/** Refuses to move a session into a workspace it may not enter (POST /auth/switch). */
export async function assertSessionMayEnter(
  db: Executor,
  args: { sessionIdHash: string; workspaceId: string; role: Role },
): Promise<void> {
  const ssoWorkspace = await ssoRepository.findSsoSessionWorkspace(db, args.sessionIdHash);
  if (ssoWorkspace !== null) {
    if (ssoWorkspace === args.workspaceId) return;
    throw new AppError('forbidden', {
      detail:
        'You signed in with the single sign-on of another workspace. Sign out, then sign in again to open this one.',
    });
  }
  const { ssoOnly } = await splitByPasswordAccess(db, [{ workspace_id: args.workspaceId, role: args.role }]);
  if (ssoOnly.length > 0) {
    throw new AppError('sso_required', {
      detail: 'This workspace requires single sign-on: sign out, then sign in with SSO to open it.',
    });
  }
}
