import type { Transaction } from 'kysely';
import type { AppContext } from '../../context.js';
import type { DB } from '../../db/schema.js';
import { buddyEmail } from '../../emails/buddy-email.js';
import { queueEmails } from '../../outbox/outbox.js';
import { guideRepository } from './guide.repository.js';

/**
 * Queues "<name> just joined — you are their buddy" to the newcomer's buddy, inside the
 * acceptance's transaction, so the email exists exactly when the acceptance does. Stored
 * rendered: it carries no secret. No buddy, or one who is no longer active: nothing is queued.
 * Returns whether an email was queued (the caller kicks the outbox after the commit).
 */
export async function queueBuddyNotice(ctx: AppContext, trx: Transaction<DB>, userId: string): Promise<boolean> {
  const row = await guideRepository.buddyOfNewcomer(trx, userId);
  if (!row) return false;
  await queueEmails(ctx.database, trx, ctx.config.publicUrl, [
    {
      workspaceId: row.workspace_id,
      userId: row.buddy_id,
      kind: 'buddy_joined',
      to: row.buddy_email,
      ...buddyEmail({
        publicUrl: ctx.config.publicUrl,
        buddyName: row.buddy_name,
        newcomerName: row.name,
        newcomerEmail: row.email,
        newcomerRole: row.role,
        teamName: row.team_name,
        workspaceName: row.workspace_name,
      }),
    },
  ]);
  return true;
}
