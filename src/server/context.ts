import type { FastifyBaseLogger } from 'fastify';
import type { Config } from './config.js';
import type { Database } from './db/database.js';

/** What every service needs: the parsed configuration, the database and a logger. */
export type AppContext = {
  config: Config;
  database: Database;
  log: FastifyBaseLogger;
  /** Wakes this process's email worker after a commit that queued mail. */
  outbox: { kick(): void };
};
