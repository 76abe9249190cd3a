import type { Executor } from '../../db/executor.js';
import type { Row } from '../../db/schema.js';

/** Queries only: SSO settings, linked identities, sign-ins in flight and SSO sessions. */
export const ssoRepository = {
  findSettings(db: Executor, workspaceId: string): Promise<Row<'sso_settings'> | undefined> {
    return db.selectFrom('sso_settings').selectAll().where('workspace_id', '=', workspaceId).executeTakeFirst();
  },

  async upsertSettings(db: Executor, row: Row<'sso_settings'>): Promise<void> {
    const { workspace_id: _id, ...changes } = row;
    await db
      .insertInto('sso_settings')
      .values(row)
      .onConflict((oc) => oc.column('workspace_id').doUpdateSet(changes))
      .execute();
  },

  /** Of these workspaces, those where SSO is on and required for everyone but admins. */
  async workspacesRequiringSso(db: Executor, workspaceIds: string[]): Promise<string[]> {
    if (workspaceIds.length === 0) return [];
    const rows = await db
      .selectFrom('sso_settings')
      .select('workspace_id')
      .where('workspace_id', 'in', workspaceIds)
      .where('enabled', '=', 1)
      .where('require_for_non_admins', '=', 1)
      .execute();
    return rows.map((r) => r.workspace_id);
  },

  findIdentity(db: Executor, issuer: string, subject: string): Promise<Row<'sso_identities'> | undefined> {
    return db
      .selectFrom('sso_identities')
      .selectAll()
      .where('issuer', '=', issuer)
      .where('subject', '=', subject)
      .executeTakeFirst();
  },

  findIdentityOfAccount(db: Executor, accountId: string, issuer: string): Promise<Row<'sso_identities'> | undefined> {
    return db
      .selectFrom('sso_identities')
      .selectAll()
      .where('account_id', '=', accountId)
      .where('issuer', '=', issuer)
      .executeTakeFirst();
  },

  async insertIdentity(db: Executor, row: Row<'sso_identities'>): Promise<void> {
    await db.insertInto('sso_identities').values(row).execute();
  },

  async insertAttempt(db: Executor, row: Row<'sso_login_attempts'>): Promise<void> {
    await db.insertInto('sso_login_attempts').values(row).execute();
  },

  findAttempt(db: Executor, stateHash: string): Promise<Row<'sso_login_attempts'> | undefined> {
    return db.selectFrom('sso_login_attempts').selectAll().where('state_hash', '=', stateHash).executeTakeFirst();
  },

  /** The one guarded step of a callback: unused and unexpired → used. 0 rows: replayed or too late. */
  async claimAttempt(db: Executor, stateHash: string, now: string): Promise<number> {
    const result = await db
      .updateTable('sso_login_attempts')
      .set({ used_at: now })
      .where('state_hash', '=', stateHash)
      .where('used_at', 'is', null)
      .where('expires_at', '>', now)
      .executeTakeFirst();
    return Number(result.numUpdatedRows);
  },

  async deleteAttemptsExpiredBefore(db: Executor, before: string): Promise<void> {
    await db.deleteFrom('sso_login_attempts').where('expires_at', '<=', before).execute();
  },

  /** The person's place in a workspace, whatever its status (null when they have none). */
  findMembership(db: Executor, workspaceId: string, accountId: string) {
    return db
      .selectFrom('workspace_users')
      .select(['id', 'status', 'role', 'email', 'name'])
      .where('workspace_id', '=', workspaceId)
      .where('account_id', '=', accountId)
      .executeTakeFirst();
  },

  async insertSsoSession(db: Executor, row: Row<'sso_sessions'>): Promise<void> {
    await db.insertInto('sso_sessions').values(row).execute();
  },

  async findSsoSessionWorkspace(db: Executor, sessionIdHash: string): Promise<string | null> {
    const row = await db
      .selectFrom('sso_sessions')
      .select('workspace_id')
      .where('session_id_hash', '=', sessionIdHash)
      .executeTakeFirst();
    return row?.workspace_id ?? null;
  },
};
