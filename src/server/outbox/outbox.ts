import type { Transaction } from 'kysely';
import type { Database } from '../db/database.js';
import type { DB } from '../db/schema.js';
import { newId } from '../lib/secrets.js';
import { nowIso } from '../lib/time.js';
import type { EmailTemplate } from './email-template.js';
import { outboxRepository } from './outbox.repository.js';

export type EmailToQueue = {
  /** A pre-chosen id, when the caller must point at the message before it is queued. */
  id?: string;
  workspaceId: string | null;
  /** The workspace user this email is about; their row shows its delivery status. */
  userId: string | null;
  kind: string;
  to: string;
} & (
  | { subject: string; text: string; html: string }
  /** Rendered at delivery from the data as it is then (see outbox/templates.ts). */
  | { template: EmailTemplate; payload: Record<string, unknown> }
);

/**
 * Queues emails inside the caller's transaction: they exist exactly when what they announce
 * exists. Each gets a stable Message-ID, so a copy re-sent after a crash is recognisably the same.
 */
export async function queueEmails(
  database: Database,
  trx: Transaction<DB>,
  publicUrl: string,
  emails: EmailToQueue[],
): Promise<string[]> {
  const now = nowIso();
  const host = new URL(publicUrl).hostname;
  const rows = emails.map((email) => {
    const id = email.id ?? newId();
    return {
      id,
      workspace_id: email.workspaceId,
      user_id: email.userId,
      kind: email.kind,
      to_address: email.to,
      subject: 'subject' in email ? email.subject : null,
      text_body: 'text' in email ? email.text : null,
      html_body: 'html' in email ? email.html : null,
      template: 'template' in email ? email.template : null,
      payload: 'payload' in email ? JSON.stringify(email.payload) : null,
      message_id: `<${id}@${host}>`,
      status: 'queued' as const,
      attempts: 0,
      next_attempt_at: now,
      locked_until: null,
      last_error: null,
      created_at: now,
      sent_at: null,
    };
  });
  await outboxRepository.insert(database, trx, rows);
  return rows.map((r) => r.id);
}
