import type { Row } from '../db/schema.js';
import { invitationEmail } from '../emails/invitation-email.js';
import { hashSecret } from '../lib/secrets.js';
import { nowIso } from '../lib/time.js';
import type { Executor } from '../modules/auth/auth.repository.js';
import { ACCOUNT_TEMPLATES } from './account-templates.js';

export type RenderedEmail = { subject: string; text: string; html: string };

/** Renders a batch of messages of one template; `null` means the message no longer applies. */
export type TemplateRenderer = (
  db: Executor,
  publicUrl: string,
  messages: Row<'outbox'>[],
) => Promise<Map<string, RenderedEmail | null>>;

function payloadOf<T>(message: Row<'outbox'>): Partial<T> {
  try {
    return JSON.parse(message.payload ?? '{}') as Partial<T>;
  } catch {
    return {};
  }
}

/**
 * Invitation emails are rendered when sent, from the invitation as it is then: a message whose
 * invitation was revoked, resent, accepted or has expired meanwhile is not sent at all.
 */
const invitation: TemplateRenderer = async (db, publicUrl, messages) => {
  const tokens = new Map<string, string>();
  for (const m of messages) {
    const token = payloadOf<{ token: string }>(m).token;
    if (token) tokens.set(hashSecret(token), token);
  }
  const hashes = [...tokens.keys()];
  const rows =
    hashes.length === 0
      ? []
      : await db
          .selectFrom('workspace_users as u')
          .innerJoin('workspaces as w', 'w.id', 'u.workspace_id')
          .leftJoin('teams as t', 't.id', 'u.team_id')
          .leftJoin('workspace_users as inviter', 'inviter.id', 'u.invited_by_id')
          .select([
            'u.token_hash',
            'u.name',
            'u.role',
            'u.expires_at',
            'w.name as workspace_name',
            't.name as team_name',
            'inviter.name as inviter_name',
          ])
          .where('u.token_hash', 'in', hashes)
          .where('u.status', '=', 'pending')
          .where('u.expires_at', '>', nowIso())
          .execute();
  const byHash = new Map(rows.map((r) => [r.token_hash, r]));
  const out = new Map<string, RenderedEmail | null>();
  for (const m of messages) {
    const token = payloadOf<{ token: string }>(m).token;
    const row = token ? byHash.get(hashSecret(token)) : undefined;
    out.set(
      m.id,
      token && row?.expires_at
        ? invitationEmail({
            publicUrl,
            token,
            inviterName: row.inviter_name,
            workspaceName: row.workspace_name,
            inviteeName: row.name,
            role: row.role,
            teamName: row.team_name,
            expiresAt: row.expires_at,
          })
        : null,
    );
  }
  return out;
};

export const TEMPLATES: Record<string, TemplateRenderer> = { invitation, ...ACCOUNT_TEMPLATES };
