import type { FastifyBaseLogger } from 'fastify';
import type { Config } from './config.js';
import type { Database } from './db/database.js';
import type { Row } from './db/schema.js';
import type { UserRow } from './modules/users/users.repository.js';

/** What every service needs: the parsed configuration, the database and a logger. */
export type AppContext = {
  config: Config;
  database: Database;
  log: FastifyBaseLogger;
  /** Wakes this process's email worker after a commit that queued mail. */
  outbox: { kick(): void };
};

/** Who is asking: the signed-in member of a request, as plugins/auth.ts resolved it. */
export type AuthContext = {
  sessionIdHash: string;
  account: Row<'accounts'>;
  /** The person's place in the session's current workspace, read fresh on every request. */
  user: UserRow;
  workspace: Row<'workspaces'>;
  /** The client's address, for the audit log. */
  ip: string;
};

/** What a request says about its client, for a new session and the audit log (plugins/auth.ts `clientMeta`). */
export type ClientMeta = { ip: string; userAgent: string | null; previousSessionIdHash: string | null };
