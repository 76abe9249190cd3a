import { invitationEmail } from '../emails/invitation-email.js';
import { hashSecret } from '../lib/secrets.js';
import { nowIso } from '../lib/time.js';
import { ACCOUNT_TEMPLATES } from './account-templates.js';
import { type EmailTemplate, payloadToken, type RenderedEmail, type TemplateRenderer } from './email-template.js';

/**
 * Invitation emails are rendered when sent, from the invitation as it is then: a message whose
 * invitation was revoked, resent, accepted or has expired meanwhile is not sent at all.
 */
const invitation: TemplateRenderer = async (db, publicUrl, messages) => {
  const tokens = new Map<string, string>();
  for (const m of messages) {
    const token = payloadToken(m);
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
    const token = payloadToken(m);
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

/** One renderer per template name: a name without one, or one without a name, does not compile. */
const TEMPLATES: Record<EmailTemplate, TemplateRenderer> = { invitation, ...ACCOUNT_TEMPLATES };

/** The renderer of a stored message's template, or null for a name this version does not know. */
export function rendererOf(template: string): TemplateRenderer | null {
  return Object.hasOwn(TEMPLATES, template) ? TEMPLATES[template as EmailTemplate] : null;
}
