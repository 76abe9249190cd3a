import { execFileSync } from 'node:child_process';
import Sqlite from 'better-sqlite3';
import { afterAll, describe, expect, it } from 'vitest';
import type { BulkImport } from '../../src/shared/api/bulk-invites.js';
import type { Page } from '../../src/shared/api/pagination.js';
import type { Team } from '../../src/shared/api/teams.js';
import type { UsersSummary } from '../../src/shared/api/users.js';
import { createTestDatabase, type TestDatabase, testDialect } from '../support/database.js';
import { signUp } from '../support/factories.js';
import { expectProblem, peopleCsv, uploadCsv } from '../support/faults.js';
import { type ServerProcess, startServerProcess } from '../support/process.js';
import { fastOutbox } from '../support/server.js';

/**
 * A full disk without mounting anything: RLIMIT_FSIZE on the server process (util-linux
 * `prlimit`). Past the limit every write fails as it does on a full disk (Node ignores SIGXFSZ,
 * so the write returns an error); SQLite reports an I/O error and rolls the transaction back.
 * 4 KiB is less than the WAL's header and first frame: no transaction can commit.
 */
function limitFileSize(pid: number, bytes: number | 'unlimited') {
  execFileSync('prlimit', ['--pid', String(pid), `--fsize=${bytes}:unlimited`]);
}

describe.skipIf(testDialect() !== 'sqlite')('SQLite on a full disk', () => {
  let database: TestDatabase | undefined;
  let server: ServerProcess | undefined;
  afterAll(async () => {
    await server?.kill();
    await database?.drop();
  });

  it('answers 503 service_unavailable, writes nothing, keeps reading, and writes again once there is room', async () => {
    database = await createTestDatabase('sqlite');
    server = await startServerProcess(
      { DATABASE_URL: database.url, LOG_LEVEL: 'fatal' },
      { outbox: fastOutbox(false) },
    );
    const admin = await signUp(server.url);
    expect((await admin.client.put('/api/v1/billing/plan', { planId: 'enterprise' })).status).toBe(200);
    const { csv, emails } = peopleCsv('full', 500, 'disk-full.test');
    const preview = await uploadCsv(admin.client, csv);
    expect(preview.status, preview.text).toBe(201);

    limitFileSize(server.pid, 4096);
    try {
      const single = await admin.client.post('/api/v1/invitations', {
        email: 'single@disk-full.test',
        name: 'Single',
        role: 'manager',
      });
      const problem = expectProblem(single, 503, 'service_unavailable');
      expect(problem.detail).toMatch(/disk is full or read-only/);
      expect(single.headers.get('retry-after')).toBeTruthy();
      expectProblem(
        await admin.client.post(`/api/v1/invitations/bulk/${preview.body.id}/send`),
        503,
        'service_unavailable',
      );
      expectProblem(
        await uploadCsv(admin.client, peopleCsv('later', 50, 'disk-full.test').csv),
        503,
        'service_unavailable',
      );
      expectProblem(await admin.client.post('/api/v1/teams', { name: 'No room' }), 503, 'service_unavailable');

      // Reads go on, and show that nothing was half-written.
      const summary = await admin.client.get<UsersSummary>('/api/v1/users/summary');
      expect(summary.status).toBe(200);
      expect(summary.body.counts).toMatchObject({ pending: 0, active: 1 });
      const bulk = await admin.client.get<BulkImport>(`/api/v1/invitations/bulk/${preview.body.id}`);
      expect(bulk.body.status).toBe('draft');
      const teams = await admin.client.get<Page<Team>>('/api/v1/teams');
      expect(teams.body.items).toEqual([]);
    } finally {
      limitFileSize(server.pid, 'unlimited');
    }

    // The same process writes again once there is room, and the file is sound.
    const sent = await admin.client.post<BulkImport>(`/api/v1/invitations/bulk/${preview.body.id}/send`);
    expect(sent.status, sent.text).toBe(200);
    expect(sent.body.counts.sent).toBe(emails.length);
    const single = await admin.client.post('/api/v1/invitations', {
      email: 'single@disk-full.test',
      name: 'Single',
      role: 'manager',
    });
    expect(single.status, single.text).toBe(201);
    const summary = await admin.client.get<UsersSummary>('/api/v1/users/summary');
    expect(summary.body.counts.pending).toBe(emails.length + 1);
    const check = new Sqlite(database.config.dialect === 'sqlite' ? database.config.path : '', { readonly: true });
    try {
      expect(check.pragma('integrity_check', { simple: true })).toBe('ok');
      expect(check.pragma('foreign_key_check')).toEqual([]);
    } finally {
      check.close();
    }
    expect(server.child.exitCode).toBeNull();
  });
});
