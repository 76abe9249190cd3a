import { Worker } from 'node:worker_threads';
import type SqliteDatabase from 'better-sqlite3';

/**
 * Moves WAL checkpoints off the thread that serves requests. With SQLite's automatic checkpoint,
 * every thousandth commit copies the WAL back into the database file and fsyncs it while the
 * request waits. Here the main connection never checkpoints; a worker thread with its own
 * connection runs a PASSIVE checkpoint every `intervalMs` (PASSIVE never blocks writers or
 * readers). If the worker ever stops, the main connection goes back to automatic checkpoints,
 * so the WAL cannot grow without bound.
 */
const WORKER_SOURCE = `
const { parentPort, workerData } = require('node:worker_threads');
const Database = require(workerData.driver);
const db = new Database(workerData.path, { fileMustExist: true });
db.pragma('busy_timeout = 1000');
const timer = setInterval(() => {
  try { db.pragma('wal_checkpoint(PASSIVE)'); } catch (error) { parentPort.postMessage(String(error)); }
}, workerData.intervalMs);
parentPort.on('message', (message) => {
  if (message !== 'stop') return;
  clearInterval(timer);
  try { db.pragma('wal_checkpoint(PASSIVE)'); } finally { db.close(); parentPort.close(); }
});
`;

export type Checkpointer = { stop(): Promise<void> };

export function startCheckpointer(
  raw: SqliteDatabase.Database,
  path: string,
  driverPath: string,
  intervalMs = 200,
): Checkpointer {
  raw.pragma('wal_autocheckpoint = 0');
  let stopping = false;
  const worker = new Worker(WORKER_SOURCE, { eval: true, workerData: { path, driver: driverPath, intervalMs } });
  worker.unref();
  const fallBack = () => {
    if (!stopping && raw.open) raw.pragma('wal_autocheckpoint = 1000');
  };
  worker.on('error', fallBack);
  worker.on('exit', fallBack);
  return {
    stop: () =>
      new Promise<void>((done) => {
        stopping = true;
        worker.once('exit', () => done());
        worker.postMessage('stop');
      }),
  };
}
