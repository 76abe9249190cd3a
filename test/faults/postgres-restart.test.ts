import { afterAll, describe, expect, it } from 'vitest';
import type { Answer, Client } from '../support/client.js';
import { testDialect } from '../support/database.js';
import { signUp } from '../support/factories.js';
import { expectProblem, sameSessionOn, until } from '../support/faults.js';
import { type OwnPostgres, startOwnPostgres } from '../support/own-postgres.js';
import { type ServerProcess, startServerProcess } from '../support/process.js';

type Seen = { at: 'up' | 'down' | 'back'; method: string; path: string; answer: Answer<unknown> };

describe.skipIf(testDialect() !== 'postgres')('PostgreSQL restarted under load', () => {
  // Our own instance: the shared one serves the other suites and is never stopped.
  let postgres: OwnPostgres | undefined;
  let server: ServerProcess | undefined;
  afterAll(async () => {
    await server?.kill();
    await postgres?.destroy();
  });

  it('answers 503 problem+json while the database is down, never a 500, and recovers without a restart', async () => {
    postgres = await startOwnPostgres();
    const url = await postgres.createDatabase('salesos_restart');
    server = await startServerProcess(
      { DATABASE_URL: url, LOG_LEVEL: 'warn' },
      // The outbox worker (dev mailbox) keeps polling through the outage too.
      {
        outbox: {
          enabled: true,
          pollMs: 50,
          batchSize: 50,
          maxAttempts: 10,
          backoffBaseMs: 50,
          backoffMaxMs: 200,
          lockSeconds: 5,
        },
      },
    );
    const serverUrl = server.url;
    const admin = await signUp(serverUrl);
    expect((await admin.client.put('/api/v1/billing/plan', { planId: 'enterprise' })).status).toBe(200);

    let phase: Seen['at'] = 'up';
    let stop = false;
    const seen: Seen[] = [];
    let invited = 0;
    const lost: string[] = [];
    const record = async (client: Client, method: string, path: string, body?: unknown) => {
      const at = phase;
      try {
        const answer = await client.request(method, path, body === undefined ? {} : { body });
        seen.push({ at, method, path, answer });
      } catch (error) {
        // No answer at all: the server process went away.
        lost.push(`${method} ${path} (${at}): ${(error as Error).message}`);
        stop = true;
      }
    };
    // Four clients on the same session: reads, invitations, and the readiness probe.
    const worker = async (n: number) => {
      const client = sameSessionOn(admin.client, serverUrl);
      while (!stop) {
        await record(client, 'GET', n % 2 === 0 ? '/api/v1/users?limit=20' : '/api/v1/me');
        invited += 1;
        await record(client, 'POST', '/api/v1/invitations', {
          email: `load${n}.${invited}@pg-restart.test`,
          name: `Load ${invited}`,
          role: 'sales_rep',
        });
        await record(client, 'GET', '/readyz');
      }
    };
    const load = Promise.all([0, 1, 2, 3].map(worker));
    try {
      await until('load running', () => (seen.filter((s) => s.answer.status < 300).length >= 40 ? true : undefined));

      await postgres.stop();
      phase = 'down';
      const probe = sameSessionOn(admin.client, serverUrl);
      const down = await until('/readyz 503 while the database is down', async () => {
        const answer = await probe.get('/readyz');
        return answer.status === 503 ? answer : undefined;
      });
      expectProblem(down, 503, 'service_unavailable');
      await until('requests answered while down', () =>
        seen.filter((s) => s.at === 'down' && s.path.startsWith('/api/')).length >= 20 ? true : undefined,
      );

      await postgres.start();
      phase = 'back';
      await until(
        'the server recovered: /readyz, a list and an invitation succeed',
        async () => {
          const ready = await probe.get('/readyz');
          const users = await probe.get('/api/v1/users?limit=5');
          const invite = await probe.post('/api/v1/invitations', {
            email: `after${Date.now()}@pg-restart.test`,
            name: 'After',
            role: 'manager',
          });
          return ready.status === 200 && users.status === 200 && invite.status === 201 ? true : undefined;
        },
        { timeoutMs: 30_000, intervalMs: 200 },
      );
    } finally {
      stop = true;
      await load;
    }

    expect(lost).toEqual([]);
    // Down: 503 service_unavailable problem+json, nothing of the server's insides.
    const whileDown = seen.filter((s) => s.at === 'down');
    const apiWhileDown = whileDown.filter((s) => s.path.startsWith('/api/'));
    expect(apiWhileDown.filter((s) => s.answer.status === 503).length).toBeGreaterThan(0);
    for (const s of seen) {
      const { status } = s.answer;
      if (status >= 500) expectProblem(s.answer, 503, 'service_unavailable');
      else expect(status, `${s.method} ${s.path}: ${s.answer.text}`).toBeLessThan(300);
    }
    // Once back, the load's own requests succeed again too.
    const lastOfEach = new Map(
      seen.filter((s) => s.at === 'back').map((s) => [`${s.method} ${s.path.split('?')[0]}`, s]),
    );
    expect(lastOfEach.size).toBeGreaterThan(0);
    for (const [what, s] of lastOfEach) expect(s.answer.status, what).toBeLessThan(300);
    // The server process was never restarted.
    expect(server.child.exitCode).toBeNull();
  }, 120_000);
});
