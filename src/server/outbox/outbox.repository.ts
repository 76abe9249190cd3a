import type { Transaction } from 'kysely';
import type { Database } from '../db/database.js';
import type { Executor } from '../db/executor.js';
import type { DB, Row } from '../db/schema.js';

// A body or payload may hold a one-time link: gone once the message is done with.
const ERASED = { text_body: null, html_body: null, payload: null } as const;

/** Queries only: the email outbox and the dev mailbox. */
export const outboxRepository = {
  async insert(database: Database, trx: Transaction<DB>, rows: Row<'outbox'>[]): Promise<void> {
    await database.bulkInsert(trx, 'outbox', rows);
  },

  /**
   * Claims up to `limit` due messages for this worker: queued ones whose time has come, and
   * ones another worker claimed but never finished (it crashed) once their lock ran out.
   * PostgreSQL skips rows other processes hold; SQLite has one writer at a time.
   */
  async claim(db: Executor, args: { now: string; lockedUntil: string; limit: number; skipLocked: boolean }) {
    return db
      .updateTable('outbox')
      .set((eb) => ({ status: 'sending', locked_until: args.lockedUntil, attempts: eb('attempts', '+', 1) }))
      .where('id', 'in', (eb) => {
        const due = eb
          .selectFrom('outbox')
          .select('id')
          .where((w) =>
            w.or([
              w.and([w('status', '=', 'queued'), w('next_attempt_at', '<=', args.now)]),
              w.and([w('status', '=', 'sending'), w('locked_until', '<=', args.now)]),
            ]),
          )
          .orderBy('next_attempt_at')
          .limit(args.limit);
        return args.skipLocked ? due.forUpdate().skipLocked() : due;
      })
      .returningAll()
      .execute();
  },

  async markSent(db: Executor, ids: string[], now: string): Promise<void> {
    if (ids.length === 0) return;
    await db
      .updateTable('outbox')
      .set({ status: 'sent', sent_at: now, locked_until: null, ...ERASED, last_error: null })
      .where('id', 'in', ids)
      .execute();
    await db.updateTable('workspace_users').set({ email_status: 'sent' }).where('last_email_id', 'in', ids).execute();
  },

  async markFailed(db: Executor, id: string, error: string): Promise<void> {
    await db
      .updateTable('outbox')
      .set({ status: 'failed', locked_until: null, ...ERASED, last_error: error })
      .where('id', '=', id)
      .execute();
    await db.updateTable('workspace_users').set({ email_status: 'failed' }).where('last_email_id', '=', id).execute();
  },

  /** The message no longer applies (its invitation was revoked, resent or accepted): not sent. */
  async markCancelled(db: Executor, ids: string[]): Promise<void> {
    if (ids.length === 0) return;
    await db
      .updateTable('outbox')
      .set({ status: 'cancelled', locked_until: null, ...ERASED })
      .where('id', 'in', ids)
      .execute();
    await db.updateTable('workspace_users').set({ email_status: null }).where('last_email_id', 'in', ids).execute();
  },

  async retryLater(db: Executor, id: string, args: { nextAttemptAt: string; error: string }): Promise<void> {
    await db
      .updateTable('outbox')
      .set({ status: 'queued', locked_until: null, next_attempt_at: args.nextAttemptAt, last_error: args.error })
      .where('id', '=', id)
      .execute();
  },

  async insertDevMail(db: Executor, row: Row<'dev_mailbox'>): Promise<void> {
    await db.insertInto('dev_mailbox').values(row).execute();
  },

  /**
   * The workspace's messages, and the account emails (verification, password reset: they belong
   * to no workspace) sent to the reader's own address, never anyone else's.
   */
  listDevMail(
    db: Executor,
    args: { workspaceId: string; accountEmail: string; after: { value: string; id: string } | null; limit: number },
  ) {
    let query = db
      .selectFrom('dev_mailbox')
      .selectAll()
      .where((eb) =>
        eb.or([
          eb('workspace_id', '=', args.workspaceId),
          eb.and([eb('workspace_id', 'is', null), eb('to_address', '=', args.accountEmail)]),
        ]),
      );
    const after = args.after;
    if (after) {
      query = query.where((eb) =>
        eb.or([eb('sent_at', '<', after.value), eb.and([eb('sent_at', '=', after.value), eb('id', '<', after.id)])]),
      );
    }
    return query.orderBy('sent_at', 'desc').orderBy('id', 'desc').limit(args.limit).execute();
  },
};
