import type { Transaction } from 'kysely';
import type { DB } from '../../db/schema.js';
import { enqueueJob } from '../../jobs/jobs.js';

export const WELCOME_JOB = 'chat.welcome';

/** Call inside the acceptance's transaction: the welcome is owed exactly when the acceptance happened. */
export async function queueWelcome(trx: Transaction<DB>, args: { workspaceId: string; userId: string }): Promise<void> {
  await enqueueJob(trx, { workspaceId: args.workspaceId, type: WELCOME_JOB, payload: { userId: args.userId } });
}
