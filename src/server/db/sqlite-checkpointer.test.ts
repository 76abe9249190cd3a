import { mkdtempSync, statSync } from 'node:fs';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import SqliteDatabase from 'better-sqlite3';
import { describe, expect, it } from 'vitest';
import { startCheckpointer } from './sqlite-checkpointer.js';

const driver = createRequire(import.meta.url).resolve('better-sqlite3');

function openFresh() {
  const path = join(mkdtempSync(join(tmpdir(), 'salesos-ckpt-')), 'db.sqlite');
  const raw = new SqliteDatabase(path);
  raw.pragma('journal_mode = WAL');
  raw.exec('create table t (id integer primary key, body text)');
  return { path, raw };
}

async function until(check: () => boolean, ms = 10_000) {
  const deadline = Date.now() + ms;
  while (!check()) {
    if (Date.now() > deadline) throw new Error('condition not met before the deadline');
    await new Promise((r) => setTimeout(r, 20));
  }
}

describe('SQLite checkpointer', () => {
  it('copies the WAL into the database file from its own thread, not on commit', async () => {
    const { path, raw } = openFresh();
    const checkpointer = startCheckpointer(raw, path, driver, 20);
    expect(raw.pragma('wal_autocheckpoint', { simple: true })).toBe(0);
    const before = statSync(path).size;
    const insert = raw.prepare('insert into t (body) values (?)');
    for (let i = 0; i < 2000; i++) insert.run('x'.repeat(200));
    // Nothing on this thread checkpoints: only the worker can make the database file grow.
    await until(() => statSync(path).size > before + 200_000);
    await checkpointer.stop();
    raw.close();
  });

  it('gives checkpoints back to SQLite when the worker cannot run', async () => {
    const { path, raw } = openFresh();
    startCheckpointer(raw, path, '/nonexistent/better-sqlite3.js', 20);
    await until(() => raw.pragma('wal_autocheckpoint', { simple: true }) === 1000);
    raw.close();
  });
});
