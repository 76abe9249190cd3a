import type { AccountTokenPurpose } from '../db/schema.js';
import { passwordResetEmail } from '../emails/password-reset-email.js';
import { verifyEmailEmail } from '../emails/verify-email-email.js';
import { hashSecret } from '../lib/secrets.js';
import { nowIso } from '../lib/time.js';
import { accountRecoveryRepository } from '../modules/account-recovery/account-recovery.repository.js';
import { payloadToken, type RenderedEmail, type TemplateRenderer } from './email-template.js';

/**
 * Account emails are rendered when sent, from the token as it is then: a link that was spent,
 * superseded by a newer one or has expired meanwhile is not sent at all.
 */
function accountTokenRenderer(
  purpose: AccountTokenPurpose,
  render: (args: { publicUrl: string; token: string; row: LiveToken }) => RenderedEmail,
): TemplateRenderer {
  return async (db, publicUrl, messages) => {
    const tokens = new Map<string, string>();
    for (const m of messages) {
      const token = payloadToken(m);
      if (token) tokens.set(m.id, token);
    }
    const hashes = [...new Set([...tokens.values()].map(hashSecret))];
    const rows =
      hashes.length === 0 ? [] : await accountRecoveryRepository.findLiveTokens(db, { hashes, purpose, now: nowIso() });
    const byHash = new Map(rows.map((r) => [r.token_hash, r]));
    const out = new Map<string, RenderedEmail | null>();
    for (const m of messages) {
      const token = tokens.get(m.id);
      const row = token ? byHash.get(hashSecret(token)) : undefined;
      out.set(m.id, token && row ? render({ publicUrl, token, row }) : null);
    }
    return out;
  };
}

type LiveToken = Awaited<ReturnType<typeof accountRecoveryRepository.findLiveTokens>>[number];

export const ACCOUNT_TEMPLATES: Record<AccountTokenPurpose, TemplateRenderer> = {
  password_reset: accountTokenRenderer('password_reset', ({ publicUrl, token, row }) =>
    passwordResetEmail({
      publicUrl,
      token,
      name: row.name,
      email: row.email,
      expiresAt: row.expires_at,
      hasPassword: row.password_hash !== null,
    }),
  ),
  verify_email: accountTokenRenderer('verify_email', ({ publicUrl, token, row }) =>
    verifyEmailEmail({ publicUrl, token, name: row.name, email: row.email, expiresAt: row.expires_at }),
  ),
};
