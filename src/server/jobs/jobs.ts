import type { Transaction } from 'kysely';
import type { AppContext } from '../context.js';
import type { Executor } from '../db/executor.js';
import type { DB, Row } from '../db/schema.js';
import { startPollingLoop } from '../lib/polling-loop.js';
import { newId } from '../lib/secrets.js';
import { isoAfterSeconds, nowIso } from '../lib/time.js';

/**
 * A small durable job queue (domain events with one consumer each), like the email outbox:
 * a job is written in the transaction whose effect it follows, and a worker in every process
 * claims due jobs (`FOR UPDATE SKIP LOCKED` on PostgreSQL) and runs them. A crash mid-job
 * leaves the claim to expire and the job runs again, so handlers must be idempotent.
 */
export type JobHandler = (job: Row<'jobs'>, payload: Record<string, unknown>) => Promise<void>;

const POLL_MS = 1000;
const LOCK_SECONDS = 60;
const BATCH = 20;
const MAX_ATTEMPTS = 5;

export async function enqueueJob(
  trx: Transaction<DB>,
  job: { workspaceId: string | null; type: string; payload: Record<string, unknown> },
): Promise<string> {
  const now = nowIso();
  const id = newId();
  await trx
    .insertInto('jobs')
    .values({
      id,
      workspace_id: job.workspaceId,
      type: job.type,
      payload: JSON.stringify(job.payload),
      status: 'pending',
      attempts: 0,
      next_attempt_at: now,
      locked_until: null,
      last_error: null,
      created_at: now,
      processed_at: null,
    })
    .execute();
  return id;
}

const jobsRepository = {
  claim(db: Executor, args: { now: string; lockedUntil: string; limit: number; skipLocked: boolean }) {
    return db
      .updateTable('jobs')
      .set((eb) => ({ status: 'running', locked_until: args.lockedUntil, attempts: eb('attempts', '+', 1) }))
      .where('id', 'in', (eb) => {
        const due = eb
          .selectFrom('jobs')
          .select('id')
          .where((w) =>
            w.or([
              w.and([w('status', '=', 'pending'), w('next_attempt_at', '<=', args.now)]),
              w.and([w('status', '=', 'running'), w('locked_until', '<=', args.now)]),
            ]),
          )
          .orderBy('next_attempt_at')
          .limit(args.limit);
        return args.skipLocked ? due.forUpdate().skipLocked() : due;
      })
      .returningAll()
      .execute();
  },
  async finish(db: Executor, id: string, now: string) {
    await db
      .updateTable('jobs')
      .set({ status: 'done', locked_until: null, processed_at: now, last_error: null })
      .where('id', '=', id)
      .execute();
  },
  async fail(db: Executor, id: string, args: { final: boolean; nextAttemptAt: string; error: string }) {
    await db
      .updateTable('jobs')
      .set({
        status: args.final ? 'failed' : 'pending',
        locked_until: null,
        next_attempt_at: args.nextAttemptAt,
        last_error: args.error,
      })
      .where('id', '=', id)
      .execute();
  },
};

export type JobWorker = { kick(): void; stop(): Promise<void> };

const workers = new WeakMap<AppContext, JobWorker>();

/** Wakes this process's job worker after a commit that wrote a job (otherwise it polls every second). */
export function kickJobs(ctx: AppContext): void {
  workers.get(ctx)?.kick();
}

export function startJobWorker(ctx: AppContext, handlers: Record<string, JobHandler>): JobWorker {
  const { database } = ctx;

  async function runBatch(): Promise<number> {
    const claimed = await database.transaction((trx) =>
      jobsRepository.claim(trx, {
        now: nowIso(),
        lockedUntil: isoAfterSeconds(LOCK_SECONDS),
        limit: BATCH,
        skipLocked: database.dialect === 'postgres',
      }),
    );
    for (const job of claimed) {
      const handler = handlers[job.type];
      try {
        if (!handler) throw new Error(`no handler for job type ${job.type}`);
        await handler(job, JSON.parse(job.payload) as Record<string, unknown>);
        await jobsRepository.finish(database.db, job.id, nowIso());
      } catch (err) {
        const final = job.attempts >= MAX_ATTEMPTS || !handler;
        const message = (err as Error)?.message?.slice(0, 300) ?? 'unknown error';
        await jobsRepository.fail(database.db, job.id, {
          final,
          nextAttemptAt: isoAfterSeconds(2 ** job.attempts),
          error: message,
        });
        ctx.log.warn({ jobId: job.id, type: job.type, attempts: job.attempts, final }, 'job failed');
      }
    }
    return claimed.length;
  }

  const loop = startPollingLoop({
    pollMs: POLL_MS,
    runBatch,
    onError: (err) => ctx.log.warn({ err }, 'job batch failed; will retry'),
  });

  const worker: JobWorker = {
    kick: loop.kick,
    async stop() {
      await loop.stop();
      workers.delete(ctx);
    },
  };
  workers.set(ctx, worker);
  return worker;
}
