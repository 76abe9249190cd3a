import { hashPassword } from '../../src/server/lib/passwords.js';
import { newId } from '../../src/server/lib/secrets.js';
import { isoAfterSeconds, nowIso } from '../../src/server/lib/time.js';
import { newWorkspaceUserRow } from '../../src/server/modules/users/workspace-user-row.js';
import type { Role, StoredUserStatus } from '../../src/shared/roles.js';
import { Client } from './client.js';
import { STRONG_PASSWORD, uniqueEmail } from './factories.js';
import type { TestServer } from './server.js';

/**
 * Puts a person straight into a workspace, for tests of areas that need other roles before the
 * invitation flow is involved. Returns a client signed in as that person when they are active.
 */
export async function addMember(
  server: TestServer,
  args: {
    workspaceId: string;
    role?: Role;
    status?: StoredUserStatus;
    name?: string;
    email?: string;
    teamId?: string | null;
    expiresInSeconds?: number;
  },
): Promise<{ id: string; email: string; password: string; accountId: string | null }> {
  const db = server.app.ctx.database.db;
  const now = nowIso();
  const email = args.email ?? uniqueEmail('member');
  const name = args.name ?? 'Member Person';
  const status = args.status ?? 'active';
  let accountId: string | null = null;
  if (status === 'active' || status === 'deactivated') {
    const existing = await db.selectFrom('accounts').select('id').where('email', '=', email).executeTakeFirst();
    accountId = existing?.id ?? newId();
    if (!existing) {
      await db
        .insertInto('accounts')
        .values({
          id: accountId,
          email,
          name,
          password_hash: await hashPassword(STRONG_PASSWORD),
          email_verified_at: now,
          last_workspace_id: null,
          created_at: now,
          updated_at: now,
        })
        .execute();
    }
  }
  const id = newId();
  await db
    .insertInto('workspace_users')
    .values(
      newWorkspaceUserRow(
        {
          id,
          workspace_id: args.workspaceId,
          account_id: accountId,
          email,
          name,
          role: args.role ?? 'sales_rep',
          team_id: args.teamId ?? null,
          status,
          expires_at: status === 'pending' ? isoAfterSeconds(args.expiresInSeconds ?? 7 * 86400) : null,
          accepted_at: status === 'active' || status === 'deactivated' ? now : null,
          deactivated_at: status === 'deactivated' ? now : null,
          revoked_at: status === 'revoked' ? now : null,
        },
        now,
      ),
    )
    .execute();
  return { id, email, password: STRONG_PASSWORD, accountId };
}

export async function signIn(server: TestServer, email: string, password = STRONG_PASSWORD): Promise<Client> {
  const client = new Client(server.url);
  const answer = await client.post('/api/v1/auth/login', { email, password });
  if (answer.status !== 200) throw new Error(`login failed: ${answer.status} ${answer.text}`);
  return client;
}

export async function setStatus(server: TestServer, userId: string, status: StoredUserStatus): Promise<void> {
  await server.app.ctx.database.db.updateTable('workspace_users').set({ status }).where('id', '=', userId).execute();
}
