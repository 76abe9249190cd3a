import type { Role } from '../../../shared/roles.js';
import type { Executor } from '../../db/executor.js';
import { precompiled } from '../../db/precompiled.js';
import type { Row } from '../../db/schema.js';
import { nameColumns } from '../users/search-words.js';

export type TokenLookupRow = {
  token_hash: string;
  user_id: string;
  current_token_hash: string | null;
  status: Row<'workspace_users'>['status'];
  expires_at: string | null;
  email: string;
  name: string;
  role: Role;
  workspace_id: string;
  workspace_name: string;
  plan_id: string;
  team_id: string | null;
  team_name: string | null;
  invited_by_id: string | null;
  invited_by_name: string | null;
};

/** Whether an email is already in the workspace, on every invitation: compiled once. */
const byEmailQuery = precompiled((db: Executor, workspaceId: string, email: string) =>
  db.selectFrom('workspace_users').selectAll().where('workspace_id', '=', workspaceId).where('email', '=', email),
);

/** Queries only: invitations, their tokens and their acceptance. */
export const invitationsRepository = {
  async findByEmail(db: Executor, workspaceId: string, email: string): Promise<Row<'workspace_users'> | undefined> {
    return (await byEmailQuery(db, workspaceId, email))[0];
  },

  /** A new invitation on an existing row (its last one was revoked or expired). */
  async reinvite(
    db: Executor,
    args: {
      id: string;
      name: string;
      role: Role;
      teamId: string | null;
      buddyId: string | null;
      invitedById: string | null;
      expiresAt: string;
      tokenHash: string;
      emailId: string;
      now: string;
    },
  ): Promise<void> {
    await db
      .updateTable('workspace_users')
      .set({
        ...nameColumns(args.name),
        role: args.role,
        team_id: args.teamId,
        buddy_id: args.buddyId,
        status: 'pending',
        invited_at: args.now,
        invited_by_id: args.invitedById,
        expires_at: args.expiresAt,
        accepted_at: null,
        deactivated_at: null,
        revoked_at: null,
        token_hash: args.tokenHash,
        last_email_id: args.emailId,
        email_status: 'queued',
        updated_at: args.now,
      })
      .where('id', '=', args.id)
      .execute();
  },

  /** New token and timer on a pending row; the old token stops working. Returns rows changed. */
  async rotateToken(
    db: Executor,
    args: { id: string; tokenHash: string; emailId: string; expiresAt: string; now: string },
  ) {
    const result = await db
      .updateTable('workspace_users')
      .set({
        token_hash: args.tokenHash,
        expires_at: args.expiresAt,
        last_email_id: args.emailId,
        email_status: 'queued',
        updated_at: args.now,
      })
      .where('id', '=', args.id)
      .where('status', '=', 'pending')
      .executeTakeFirst();
    return Number(result.numUpdatedRows);
  },

  async revoke(db: Executor, args: { workspaceId: string; id: string; now: string }): Promise<number> {
    const result = await db
      .updateTable('workspace_users')
      .set({ status: 'revoked', token_hash: null, revoked_at: args.now, updated_at: args.now })
      .where('workspace_id', '=', args.workspaceId)
      .where('id', '=', args.id)
      .where('status', '=', 'pending')
      .executeTakeFirst();
    return Number(result.numUpdatedRows);
  },

  findByToken(db: Executor, tokenHash: string): Promise<TokenLookupRow | undefined> {
    return db
      .selectFrom('invitation_tokens as tk')
      .innerJoin('workspace_users as u', 'u.id', 'tk.user_id')
      .innerJoin('workspaces as w', 'w.id', 'u.workspace_id')
      .leftJoin('teams as t', 't.id', 'u.team_id')
      .leftJoin('workspace_users as inviter', 'inviter.id', 'u.invited_by_id')
      .select([
        'tk.token_hash',
        'tk.user_id',
        'u.token_hash as current_token_hash',
        'u.status',
        'u.expires_at',
        'u.email',
        'u.name',
        'u.role',
        'u.workspace_id',
        'w.name as workspace_name',
        'w.plan_id',
        'u.team_id',
        't.name as team_name',
        'u.invited_by_id',
        'inviter.name as invited_by_name',
      ])
      .where('tk.token_hash', '=', tokenHash)
      .executeTakeFirst();
  },

  /**
   * The one guarded transition of acceptance: pending, this token, not expired → active.
   * Returns rows changed: 0 means another acceptance (or a revoke, a resend) got there first.
   */
  async accept(
    db: Executor,
    args: { id: string; tokenHash: string; accountId: string; name: string; now: string },
  ): Promise<number> {
    const result = await db
      .updateTable('workspace_users')
      .set({
        status: 'active',
        account_id: args.accountId,
        accepted_at: args.now,
        ...nameColumns(args.name),
        updated_at: args.now,
      })
      .where('id', '=', args.id)
      .where('status', '=', 'pending')
      .where('token_hash', '=', args.tokenHash)
      .where('expires_at', '>', args.now)
      .executeTakeFirst();
    return Number(result.numUpdatedRows);
  },
};
