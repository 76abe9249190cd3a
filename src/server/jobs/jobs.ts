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
 *
 * A long job works in bounded runs: its handler does a share of the work and answers `'again'`,
 * and the job goes back to the queue, due at once, with its attempts cleared (it made progress).
 * Its claim then never outlives a run, and other jobs take turns with it.
 */
export type JobHandler = (job: Row<'jobs'>, payload: Record<string, unknown>) => Promise<void>;
/** A job run in parts (`'again'`: more is left), and how often it may fail in a row before it is given up (default 5). */
export type JobDefinition = {
  run: (job: Row<'jobs'>, payload: Record<string, unknown>) => Promise<'again' | 'done'>;
  maxAttempts?: number;
};

const POLL_MS = 1000;
const BATCH = 20;
const MAX_ATTEMPTS = 5;
const MAX_BACKOFF_SECONDS = 300;

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
  /** Back to the queue, due now: the handler made progress and has more to do. */
  async again(db: Executor, id: string, now: string) {
    await db
      .updateTable('jobs')
      .set({ status: 'pending', locked_until: null, next_attempt_at: now, attempts: 0, last_error: null })
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

export function startJobWorker(ctx: AppContext, handlers: Record<string, JobHandler | JobDefinition>): JobWorker {
  const { database } = ctx;
  const definitions = new Map<string, JobDefinition>(
    Object.entries(handlers).map(([type, h]) => [
      type,
      typeof h === 'function'
        ? {
            run: async (job, payload) => {
              await h(job, payload);
              return 'done';
            },
          }
        : h,
    ]),
  );

  async function runBatch(): Promise<number> {
    const claimed = await database.transaction((trx) =>
      jobsRepository.claim(trx, {
        now: nowIso(),
        lockedUntil: isoAfterSeconds(ctx.config.jobs.lockSeconds),
        limit: BATCH,
        skipLocked: database.dialect === 'postgres',
      }),
    );
    for (const job of claimed) {
      const definition = definitions.get(job.type);
      try {
        if (!definition) throw new Error(`no handler for job type ${job.type}`);
        const result = await definition.run(job, JSON.parse(job.payload) as Record<string, unknown>);
        if (result === 'again') await jobsRepository.again(database.db, job.id, nowIso());
        else await jobsRepository.finish(database.db, job.id, nowIso());
      } catch (err) {
        const final = !definition || job.attempts >= (definition.maxAttempts ?? MAX_ATTEMPTS);
        const message = (err as Error)?.message?.slice(0, 300) ?? 'unknown error';
        await jobsRepository.fail(database.db, job.id, {
          final,
          nextAttemptAt: isoAfterSeconds(Math.min(2 ** job.attempts, MAX_BACKOFF_SECONDS)),
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
