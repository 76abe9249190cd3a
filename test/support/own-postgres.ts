import { execFile } from 'node:child_process';
import { chmodSync, chownSync, existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import pg from 'pg';
import { freePort } from './process.js';

const run = promisify(execFile);

/** Where Debian and Ubuntu install PostgreSQL 15; POSTGRES_BIN overrides it. */
const BIN = process.env.POSTGRES_BIN ?? '/usr/lib/postgresql/15/bin';

export type OwnPostgres = {
  port: number;
  /** The `postgres` database of this instance, as superuser `postgres` (trust auth). */
  url: string;
  /** A URL to a database of this instance. */
  urlOf(database: string): string;
  createDatabase(name: string): Promise<string>;
  /** `pg_ctl stop -m fast`: sessions are ended, the port stops answering. */
  stop(): Promise<void>;
  start(): Promise<void>;
  /** Stops the instance and removes its files. */
  destroy(): Promise<void>;
};

// initdb refuses to run as root: as root, the cluster belongs to the `postgres` OS user.
const asRoot = process.getuid?.() === 0;

async function asOwner(command: string, args: string[]): Promise<void> {
  const file = join(BIN, command);
  if (asRoot) await run('runuser', ['-u', 'postgres', '--', file, ...args]);
  else await run(file, args);
}

/**
 * A throwaway PostgreSQL 15 instance of our own (initdb in a temporary directory, a free port,
 * trust authentication on 127.0.0.1), for tests that stop and start the database server.
 */
export async function startOwnPostgres(): Promise<OwnPostgres> {
  const dir = mkdtempSync(join(tmpdir(), 'salesos-pg-'));
  const data = join(dir, 'data');
  const log = join(dir, 'postgres.log');
  if (asRoot) {
    const { stdout } = await run('id', ['-u', 'postgres']);
    const { stdout: gid } = await run('id', ['-g', 'postgres']);
    chownSync(dir, Number(stdout.trim()), Number(gid.trim()));
  }
  chmodSync(dir, 0o700);
  const port = await freePort();
  await asOwner('initdb', ['-D', data, '-U', 'postgres', '--auth=trust', '-E', 'UTF8', '--no-sync']);
  // Sockets in our directory: the system socket directory may not exist or be someone else's.
  const options = `-c listen_addresses=127.0.0.1 -c port=${port} -c unix_socket_directories=${dir} -c fsync=off -c max_connections=200`;
  const start = () =>
    asOwner('pg_ctl', ['start', '-w', '-t', '60', '-D', data, '-l', log, '-o', options]).catch((error: Error) => {
      const tail = existsSync(log) ? readFileSync(log, 'utf8').slice(-2000) : '';
      throw new Error(`PostgreSQL did not start: ${error.message}\n${tail}`);
    });
  const stop = () => asOwner('pg_ctl', ['stop', '-w', '-t', '60', '-m', 'fast', '-D', data]);
  try {
    await start();
  } catch (error) {
    rmSync(dir, { recursive: true, force: true });
    throw error;
  }
  const urlOf = (database: string) => `postgres://postgres@127.0.0.1:${port}/${database}`;
  let running = true;
  return {
    port,
    url: urlOf('postgres'),
    urlOf,
    async createDatabase(name) {
      const admin = new pg.Client({ connectionString: urlOf('postgres') });
      await admin.connect();
      try {
        await admin.query(`create database ${name}`);
      } finally {
        await admin.end();
      }
      return urlOf(name);
    },
    async stop() {
      await stop();
      running = false;
    },
    async start() {
      await start();
      running = true;
    },
    async destroy() {
      if (running) await stop().catch(() => {});
      running = false;
      rmSync(dir, { recursive: true, force: true });
    },
  };
}
