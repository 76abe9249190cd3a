import { spawn } from 'node:child_process';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { AuditEvent } from '../../src/shared/api/audit.js';
import type { Billing } from '../../src/shared/api/billing.js';
import type { Problem } from '../../src/shared/errors.js';
import { allPages } from '../support/client.js';
import { createTestDatabase } from '../support/database.js';
import { type SignedUp, signUp, uniqueEmail } from '../support/factories.js';
import { addMember } from '../support/fixtures.js';
import { startTestServer, type TestServer } from '../support/server.js';

// `npm run plan -- <workspace id or admin email> <plan>`: the operator's way to change a plan when
// PLAN_CHANGES=operator (security finding 6). The real command runs in a child process on the
// server's database; the result is read back through the server's HTTP API.

type Run = { code: number | null; stdout: string; stderr: string };

/** Runs `npm run --silent plan -- ...args` against a database, as an operator types it. */
function runPlan(databaseUrl: string, ...args: string[]): Promise<Run> {
  return new Promise((resolve, reject) => {
    const child = spawn('npm', ['run', '--silent', 'plan', '--', ...args], {
      env: { ...process.env, DATABASE_URL: databaseUrl, LOG_LEVEL: 'silent' },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (chunk: Buffer) => {
      stdout += chunk.toString('utf8');
    });
    child.stderr.on('data', (chunk: Buffer) => {
      stderr += chunk.toString('utf8');
    });
    child.once('error', reject);
    child.once('close', (code) => resolve({ code, stdout, stderr }));
  });
}

let server: TestServer;
beforeAll(async () => {
  // The API refuses admins' plan changes here: the command is the only way.
  server = await startTestServer({ env: { PLAN_CHANGES: 'operator' } });
});
afterAll(async () => {
  await server?.close();
});

const billingOf = async (admin: SignedUp) => (await admin.client.get<Billing>('/api/v1/billing')).body;
const auditOf = (admin: SignedUp, action: string) =>
  allPages<AuditEvent>(admin.client, `/api/v1/audit?action=${action}`);

describe('npm run plan', { timeout: 60_000 }, () => {
  it('changes a workspace plan by workspace id, audited with the operator as actor', async () => {
    const admin = await signUp(server.url, { workspaceName: 'Globex' });
    const refused = await admin.client.put<Problem>('/api/v1/billing/plan', { planId: 'enterprise' });
    expect(refused.body.code).toBe('plan_change_by_operator');

    const run = await runPlan(server.database.url, admin.workspace.id, 'enterprise');
    expect(run.stderr).toBe('');
    expect(run.code).toBe(0);
    expect(run.stdout).toContain('Globex');
    expect(run.stdout).toContain(admin.workspace.id);
    expect(run.stdout).toMatch(/Free.*Enterprise/);

    const billing = await billingOf(admin);
    expect(billing.plan).toMatchObject({ id: 'enterprise', seatLimit: null });
    expect(billing.planChanges).toBe('operator');
    const changed = await auditOf(admin, 'plan.changed');
    expect(changed).toHaveLength(1);
    expect(changed[0]).toMatchObject({
      actor: { id: null, name: 'operator', email: null },
      target: { type: 'workspace', id: admin.workspace.id, label: 'Globex' },
      before: { plan: 'free' },
      after: { plan: 'enterprise' },
      ip: null,
    });
  });

  it('finds the workspace by its admin email, whatever its case', async () => {
    const admin = await signUp(server.url);
    const run = await runPlan(server.database.url, `  ${admin.email.toUpperCase()} `, 'team');
    expect(run.stderr).toBe('');
    expect(run.code).toBe(0);
    expect((await billingOf(admin)).plan.id).toBe('team');
  });

  it('says so and writes no event when the workspace is already on that plan', async () => {
    const admin = await signUp(server.url);
    const run = await runPlan(server.database.url, admin.workspace.id, 'free');
    expect(run.code).toBe(0);
    expect(run.stdout).toMatch(/already on the Free plan/);
    expect(await auditOf(admin, 'plan.changed')).toEqual([]);
  });

  it('refuses a downgrade below the seats in use, with the counts: exit 1, plan unchanged', async () => {
    const admin = await signUp(server.url);
    expect((await runPlan(server.database.url, admin.workspace.id, 'team')).code).toBe(0);
    for (let i = 0; i < 4; i++) await addMember(server, { workspaceId: admin.workspace.id });
    for (let i = 0; i < 2; i++) await addMember(server, { workspaceId: admin.workspace.id, status: 'pending' });
    const run = await runPlan(server.database.url, admin.workspace.id, 'free');
    expect(run.code).toBe(1);
    expect(run.stdout).toBe('');
    expect(run.stderr).toContain('5 seats but 7 are in use (5 active, 2 pending)');
    expect((await billingOf(admin)).plan.id).toBe('team');
    expect((await auditOf(admin, 'plan.changed')).map((e) => e.after?.plan)).toEqual(['team']);
  });

  it('refuses an unknown plan, naming the plans there are: exit 1, nothing changed', async () => {
    const admin = await signUp(server.url);
    const run = await runPlan(server.database.url, admin.workspace.id, 'platinum');
    expect(run.code).toBe(1);
    expect(run.stderr).toContain('Unknown plan "platinum"');
    expect(run.stderr).toContain('free, team, business, enterprise');
    expect((await billingOf(admin)).plan.id).toBe('free');
  });

  it('refuses an unknown workspace id and an email that is no active admin: exit 1', async () => {
    const admin = await signUp(server.url);
    const member = await addMember(server, { workspaceId: admin.workspace.id, role: 'manager' });
    const unknownId = await runPlan(server.database.url, 'no-such-workspace', 'team');
    expect(unknownId.code).toBe(1);
    expect(unknownId.stderr).toContain('No workspace has the id "no-such-workspace"');
    for (const email of [uniqueEmail('nobody'), member.email]) {
      const run = await runPlan(server.database.url, email, 'team');
      expect(run.code).toBe(1);
      expect(run.stderr).toContain(`No workspace has an active admin with the email ${email}`);
    }
    expect((await billingOf(admin)).plan.id).toBe('free');
  });

  it('lists the workspaces of an email that is admin of several, and asks for the id: exit 1', async () => {
    const first = await signUp(server.url, { workspaceName: 'Initech East' });
    const second = await signUp(server.url, { workspaceName: 'Initech West' });
    await addMember(server, { workspaceId: second.workspace.id, role: 'admin', email: first.email });
    const run = await runPlan(server.database.url, first.email, 'business');
    expect(run.code).toBe(1);
    expect(run.stderr).toContain('admin of 2 workspaces');
    expect(run.stderr).toContain(`${first.workspace.id}  Initech East`);
    expect(run.stderr).toContain(`${second.workspace.id}  Initech West`);
    expect(run.stderr).toContain('workspace id');
    expect((await billingOf(first)).plan.id).toBe('free');
    expect((await billingOf(second)).plan.id).toBe('free');
  });

  it('prints its usage without two arguments: exit 2', async () => {
    const run = await runPlan(server.database.url, 'only-one');
    expect(run.code).toBe(2);
    expect(run.stderr).toContain('npm run plan -- <workspace id or admin email> <plan>');
  });

  it('runs the migrations first, as the server does at start-up, on a database no server has opened', async () => {
    const fresh = await createTestDatabase();
    try {
      const run = await runPlan(fresh.url, 'no-such-workspace', 'team');
      expect(run.stderr).toContain('No workspace has the id "no-such-workspace"');
      expect(run.code).toBe(1);
    } finally {
      await fresh.drop();
    }
  });

  it('stops on a bad DATABASE_URL with the message the server gives: exit 1', async () => {
    const run = await runPlan('mysql://nope', 'x', 'team');
    expect(run.code).toBe(1);
    expect(run.stderr).toContain('Invalid DATABASE_URL');
  });
});
