import type { DevMail } from '../../src/shared/api/dev-mailbox.js';
import type { Page } from '../../src/shared/api/pagination.js';
import type { Client } from './client.js';
import { recordSecret } from './secrets-audit.js';

/**
 * The token of the newest link `/{path}/{token}` in a dev-mailbox email to `to`, read through
 * `GET /api/v1/dev/mailbox` as `client` (an admin of the sending workspace, or the person an
 * account email went to); polls until it arrives or the deadline passes.
 */
export async function devMailboxToken(
  client: Client,
  to: string,
  options: { path?: 'invite' | 'verify-email' | 'reset-password'; timeoutMs?: number } = {},
): Promise<string> {
  const path = options.path ?? 'invite';
  const deadline = Date.now() + (options.timeoutMs ?? 10_000);
  const pattern = new RegExp(`/${path}/([A-Za-z0-9_-]+)`);
  for (;;) {
    const mailbox = await client.get<Page<DevMail>>('/api/v1/dev/mailbox');
    for (const mail of mailbox.body.items ?? []) {
      const match = mail.to.includes(to) ? pattern.exec(mail.text) : null;
      if (match?.[1]) {
        recordSecret(match[1]);
        return match[1];
      }
    }
    if (Date.now() > deadline) throw new Error(`no /${path}/ link to ${to} in the dev mailbox`);
    await new Promise((r) => setTimeout(r, 25));
  }
}
