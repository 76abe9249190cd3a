import { EventEmitter, once } from 'node:events';
import { sql, type Transaction } from 'kysely';
import { planById } from '../../../shared/plans.js';
import type { Role } from '../../../shared/roles.js';
import type { AppContext, AuthContext } from '../../context.js';
import type { DB, Row } from '../../db/schema.js';
import { enqueueJob, type JobDefinition, kickJobs } from '../../jobs/jobs.js';
import { AppError } from '../../lib/app-error.js';
import { isoAfterSeconds, nowIso } from '../../lib/time.js';
import { type AuditActor, actorOf, recordAudit } from '../audit/audit.js';
import { assertSeatsAvailable, seatUsage } from '../billing/billing.service.js';
import { assertMaySend, prepareInvitation, standingOf, writeInvitations } from '../invitations/invitation-core.js';
import { assertVerifiedInviter } from '../invitations/invitation-limits.js';
import { workspacesRepository } from '../workspaces/workspaces.repository.js';
import { bulkInvitesRepository as repo, type SendRow } from './bulk-invites.repository.js';

/**
 * Send All as a durable background job. One short transaction checks the seats for the whole
 * file (all or none), reserves them and enqueues the job; the job then writes the rows a chunk
 * per transaction, each chunk also moving the import's cursor and counts, so a crash resumes
 * right after the last chunk committed and every row is written once. Between chunks the event
 * loop is free (on SQLite it is the whole server); each run of the job stops after
 * `config.bulkSend.runMs` and the job is queued again, so its claim never outlives a run.
 */
export const BULK_SEND_JOB = 'bulk_invite.send';

/** Rows per slice when counting outside a transaction (the exact seats missing of a refused send). */
const COUNT_SLICE = 5000;

type SendPayload = { importId: string; actor: AuditActor; ip: string };

const yieldToEventLoop = () => new Promise<void>((resolve) => setImmediate(resolve));

/** In-process news of sends: a waiting `POST …/send` hears its import finish without polling. */
const events = new WeakMap<AppContext, EventEmitter>();
function eventsOf(ctx: AppContext): EventEmitter {
  let emitter = events.get(ctx);
  if (!emitter) {
    emitter = new EventEmitter();
    // Every waiting request listens; there is no leak to warn about.
    emitter.setMaxListeners(0);
    events.set(ctx, emitter);
  }
  return emitter;
}

function parsePayload(payload: Record<string, unknown>): SendPayload | null {
  const { importId, actor, ip } = payload as Partial<SendPayload>;
  if (typeof importId !== 'string' || !actor || typeof ip !== 'string') return null;
  return { importId, actor, ip };
}

export function createBulkSender(ctx: AppContext) {
  const { database } = ctx;
  const { db } = database;

  /** Counts the rows that could be sent now, a slice of rows per query, yielding between slices. */
  async function countSendableInSlices(found: Row<'bulk_imports'>): Promise<number> {
    const last = await repo.lastRowNumber(db, found.id);
    const now = nowIso();
    let total = 0;
    for (let after = 0; after < last; after += COUNT_SLICE) {
      total += await repo.countSendable(db, {
        importId: found.id,
        workspaceId: found.workspace_id,
        now,
        afterRow: after,
        uptoRow: after + COUNT_SLICE,
      });
      await yieldToEventLoop();
    }
    return total;
  }

  /**
   * The short transaction of Send All: the import draft → sending, its seats reserved, its job
   * queued. On a plan with a seat limit the rows that can still be sent are counted, but no
   * further than one past the free seats: the transaction stays short whatever the file's size.
   * On a plan without one the valid rows are reserved as they are (an upper bound: rows skipped
   * on the way release theirs at the end), so the plan cannot be lowered under a running send.
   */
  async function begin(actor: AuthContext, id: string): Promise<'started' | { refused: Row<'bulk_imports'> }> {
    const workspaceId = actor.workspace.id;
    const started = await database.transaction(async (trx) => {
      await database.lockWorkspace(trx, workspaceId);
      const found = await repo.findImport(trx, workspaceId, id);
      if (!found || found.status === 'checking') {
        throw new AppError('not_found', { detail: 'That bulk invitation does not exist.' });
      }
      if (found.status !== 'draft') throw new AppError('bulk_already_sent');
      const workspace = await workspacesRepository.findById(trx, workspaceId);
      if (!workspace) throw new AppError('not_found');
      let seats = found.valid_count;
      const limited = planById(workspace.plan_id).seatLimit !== null;
      if (limited) {
        const free = (await seatUsage(trx, workspaceId, workspace.plan_id)).available ?? 0;
        seats = await repo.countSendable(trx, { importId: found.id, workspaceId, now: nowIso(), limit: free + 1 });
        if (seats > free) return { refused: found };
      }
      await assertMaySend(ctx, trx, { workspace, seats: limited ? seats : 0, recipients: [], total: seats });
      const payload: SendPayload = { importId: found.id, actor: actorOf(actor), ip: actor.ip };
      const jobId = await enqueueJob(trx, { workspaceId, type: BULK_SEND_JOB, payload });
      const marked = await repo.markSending(trx, {
        id: found.id,
        reserved: seats,
        jobId,
        sentById: actor.user.id,
        skipped: found.invalid_count,
      });
      if (marked === 0) throw new AppError('bulk_already_sent');
      return 'started' as const;
    });
    if (started === 'started') kickJobs(ctx);
    return started;
  }

  /**
   * One chunk of a send in one transaction (the job's unit of work; tests run it by hand): the next valid rows after the cursor, each checked
   * again (someone invited or made a member meanwhile, its team deleted: skipped), written through
   * the invitation core with their emails, and the import's counts, cursor and reservation moved
   * with them. The last chunk ends the send: `sent`, the seats left over released, its audit event.
   */
  async function writeChunk(payload: SendPayload): Promise<'more' | 'finished' | 'gone'> {
    const limit = ctx.config.bulkSend.chunkRows;
    const outcome = await database.transaction(async (trx) => {
      const found = await repo.lockImport(trx, database.dialect, payload.importId);
      if (found?.status !== 'sending') return 'gone' as const;
      const workspaceId = found.workspace_id;
      const rows = await repo.rowsToSend(trx, { importId: found.id, afterRow: found.send_cursor, limit });
      const now = nowIso();
      const [standings, teams] = await Promise.all([
        repo.standings(
          trx,
          database.dialect,
          workspaceId,
          rows.map((r) => r.email),
        ),
        repo.existingTeams(trx, workspaceId, [...new Set(rows.flatMap((r) => (r.team_id ? [r.team_id] : [])))]),
      ]);
      const byEmail = new Map(standings.map((s) => [s.email, s]));
      const toSend: { row: SendRow; reuseId: string | null }[] = [];
      for (const row of rows) {
        const existing = byEmail.get(row.email);
        const standing = standingOf(existing, now);
        if (standing === 'member' || standing === 'invited') continue;
        if (row.team_id && !teams.has(row.team_id)) continue;
        toSend.push({ row, reuseId: standing === 'reusable' && existing ? existing.id : null });
      }
      // Reserved seats first; a row that could not be sent when the seats were counted but can now
      // (its invitation revoked since) needs a free seat of its own, or is skipped.
      const fromReserve = Math.min(found.reserved_seats, toSend.length);
      const extra = await extraSeats(trx, workspaceId, toSend.length - fromReserve);
      const written = toSend.slice(0, fromReserve + extra);
      const expiresAt = isoAfterSeconds(ctx.config.invitationTtlSeconds);
      const prepared = written.map(({ row, reuseId }) =>
        prepareInvitation({
          workspaceId,
          invitedById: found.sent_by_id,
          person: { email: row.email, name: row.name, role: row.role as Role, teamId: row.team_id },
          reuseId,
          expiresAt,
          now,
        }),
      );
      if (prepared.length > 0) await writeInvitations(ctx, trx, prepared, { expiresAt, now });
      const finished = rows.length < limit;
      await repo.advance(trx, {
        id: found.id,
        sent: written.length,
        skipped: rows.length - written.length,
        cursor: rows.at(-1)?.row_number ?? found.send_cursor,
        reserved: found.reserved_seats - fromReserve,
        sentAt: finished ? now : null,
      });
      if (finished) {
        const sent = found.sent_count + written.length;
        const skipped = found.rows_count - sent;
        // One event for the whole file; its rows stay listed under the import itself.
        await recordAudit(trx, {
          workspaceId,
          actor: payload.actor,
          action: 'bulk_invite.sent',
          target: { type: 'bulk_import', id: found.id, label: found.file_name },
          after: { sent, skipped },
          ip: payload.ip,
        });
        return { written: written.length, finished: { workspaceId, sent } };
      }
      return { written: written.length, finished: null };
    });
    if (outcome === 'gone') return 'gone';
    // The emails of the chunk leave now, not after the last chunk.
    if (outcome.written > 0) ctx.outbox.kick();
    if (!outcome.finished) return 'more';
    const { workspaceId, sent } = outcome.finished;
    ctx.log.info({ event: 'bulk_sent', workspaceId, importId: payload.importId, sent }, 'bulk invitations sent');
    await refreshStatistics();
    eventsOf(ctx).emit(payload.importId);
    return 'finished';
  }

  /** Free seats for `wanted` rows beyond the reservation: as many as the plan still has. */
  async function extraSeats(trx: Transaction<DB>, workspaceId: string, wanted: number) {
    if (wanted <= 0) return 0;
    // Taking seats outside a reservation is a seat check like any other: under the workspace's lock.
    await database.lockWorkspace(trx, workspaceId);
    const workspace = await workspacesRepository.findById(trx, workspaceId);
    if (!workspace || planById(workspace.plan_id).seatLimit === null) return wanted;
    const { available } = await seatUsage(trx, workspaceId, workspace.plan_id);
    return Math.min(wanted, available ?? wanted);
  }

  /** The planner's statistics after many new rows, so the first list after an import is fast. */
  async function refreshStatistics(): Promise<void> {
    try {
      if (database.dialect === 'postgres') await sql`analyze workspace_users, invitation_tokens, outbox`.execute(db);
      // Analyses only what changed enough, with a bounded sample (SQLite ≥ 3.46): milliseconds.
      else await sql`pragma optimize`.execute(db);
    } catch (err) {
      ctx.log.warn({ err }, 'statistics not refreshed after a bulk send');
    }
  }

  /** The job: chunks until the run's time is up (`'again'`), or the send is over. */
  const job: JobDefinition = {
    // A send must end: it is retried (backing off) until it does, never given up half-written.
    maxAttempts: Number.POSITIVE_INFINITY,
    async run(_job, raw) {
      const payload = parsePayload(raw);
      if (!payload) return 'done';
      const stopAt = performance.now() + ctx.config.bulkSend.runMs;
      for (;;) {
        const step = await writeChunk(payload);
        if (step !== 'more') return 'done';
        if (performance.now() >= stopAt) return 'again';
        // Every other request, in every workspace, is answered between two chunks.
        await yieldToEventLoop();
      }
    },
  };

  return {
    job,
    writeChunk,

    /** Starts Send All; refused (409 `seat_limit_reached`, nothing reserved) when the rows do not fit. */
    async start(actor: AuthContext, id: string): Promise<void> {
      assertVerifiedInviter(actor);
      for (let attempt = 0; ; attempt++) {
        const started = await begin(actor, id);
        if (started === 'started') return;
        // The seats missing, counted exactly outside the transaction: the refusal names them.
        const sendable = await countSendableInSlices(started.refused);
        const workspace = await workspacesRepository.findById(db, actor.workspace.id);
        if (!workspace) throw new AppError('not_found');
        await assertSeatsAvailable(db, workspace, sendable);
        // Seats were freed meanwhile: the file fits now. Try again, a bounded number of times.
        if (attempt >= 2) await assertSeatsAvailable(db, workspace, Number.MAX_SAFE_INTEGER);
      }
    },

    /**
     * Resolves once the import is `sent`: woken by this process's job when it ends the send, and
     * looking once a second in case another process's worker took the job.
     */
    async waitUntilSent(workspaceId: string, id: string): Promise<Row<'bulk_imports'>> {
      const emitter = eventsOf(ctx);
      for (;;) {
        const signal = AbortSignal.timeout(1000);
        const news = once(emitter, id, { signal }).catch(() => undefined);
        const found = await repo.findImport(db, workspaceId, id);
        if (!found) throw new AppError('not_found');
        if (found.status === 'sent') return found;
        await news;
      }
    },
  };
}

export type BulkSender = ReturnType<typeof createBulkSender>;
