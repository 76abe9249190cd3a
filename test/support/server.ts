import { PassThrough } from 'node:stream';
import type { FastifyInstance } from 'fastify';
import { buildApp } from '../../src/server/app.js';
import { type Config, loadConfig } from '../../src/server/config.js';
import { nowIso } from '../../src/server/lib/time.js';
import { createTestDatabase, type TestDatabase, type TestDialect } from './database.js';
import { recordLogLines } from './secrets-audit.js';
import { registerEmailVerifier } from './verified-email.js';

export type TestServer = {
  url: string;
  app: FastifyInstance;
  config: Config;
  database: TestDatabase;
  /** Every log line the server wrote, for checks that no secret is logged. */
  logs: string[];
  /** Stops the server and starts a new one on the same database (a restart). */
  restart(): Promise<void>;
  close(): Promise<void>;
};

export type TestServerOptions = {
  dialect?: TestDialect;
  env?: Record<string, string>;
  config?: Partial<Config>;
};

/** A real server on a random port, on a fresh database, with the built web app when present. */
export async function startTestServer(options: TestServerOptions = {}): Promise<TestServer> {
  const database = await createTestDatabase(options.dialect);
  const logs: string[] = [];
  const base = loadConfig({ DATABASE_URL: database.url, LOG_LEVEL: 'info', PORT: '0', ...options.env });
  // Suites sign up many workspaces from one address; the sign-up limit has its own test.
  const rateLimits = { ...base.rateLimits, signupPerAddress: { max: 10_000, windowSeconds: 3600 } };
  const config: Config = { ...base, rateLimits, ...options.config };

  async function boot(): Promise<{ app: FastifyInstance; url: string }> {
    const stream = new PassThrough();
    stream.on('data', (chunk: Buffer) => {
      const lines = chunk.toString('utf8').split('\n').filter(Boolean);
      logs.push(...lines);
      recordLogLines(lines);
    });
    const app = await buildApp(config, { logStream: stream });
    const address = await app.listen({ port: 0, host: '127.0.0.1' });
    registerEmailVerifier(address, async (email) => {
      await app.ctx.database.db
        .updateTable('accounts')
        .set({ email_verified_at: nowIso() })
        .where('email', '=', email.trim().toLowerCase())
        .execute();
    });
    return { app, url: address };
  }

  let current = await boot();
  const server: TestServer = {
    get url() {
      return current.url;
    },
    get app() {
      return current.app;
    },
    config,
    database,
    logs,
    async restart() {
      await current.app.close();
      current = await boot();
    },
    async close() {
      await current.app.close();
      await database.drop();
    },
  };
  return server;
}

/** An outbox that polls and retries fast, for tests that wait for emails (or, disabled, that none go out). */
export function fastOutbox(enabled = true): Config['outbox'] {
  return {
    enabled,
    pollMs: enabled ? 50 : 1000,
    batchSize: 50,
    maxAttempts: 3,
    backoffBaseMs: 50,
    backoffMaxMs: 200,
    lockSeconds: 30,
  };
}
