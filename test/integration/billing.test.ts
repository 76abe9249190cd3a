import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { AuditEvent } from '../../src/shared/api/audit.js';
import type { Billing } from '../../src/shared/api/billing.js';
import type { Problem } from '../../src/shared/errors.js';
import { allPages } from '../support/client.js';
import { type SignedUp, signUp } from '../support/factories.js';
import { addMember, signIn } from '../support/fixtures.js';
import { startTestServer, type TestServer } from '../support/server.js';

let server: TestServer;
beforeAll(async () => {
  server = await startTestServer();
});
afterAll(async () => {
  await server?.close();
});

describe('billing', () => {
  it('starts on the free plan with 5 seats, one used by the founder', async () => {
    const { client } = await signUp(server.url);
    const billing = await client.get<Billing>('/api/v1/billing');
    expect(billing.status).toBe(200);
    expect(billing.body.plan).toEqual({ id: 'free', name: 'Free', seatLimit: 5 });
    expect(billing.body.seats).toEqual({ used: 1, active: 1, pending: 0, available: 4 });
    expect(billing.body.plans.map((p) => p.id)).toEqual(['free', 'team', 'business', 'enterprise']);
    // Outside production, and without PLAN_CHANGES, a workspace's admins change its plan.
    expect(billing.body.planChanges).toBe('admins');
  });

  it('counts active users and unexpired pending invitations, not expired, revoked or deactivated ones', async () => {
    const admin = await signUp(server.url);
    const workspaceId = admin.workspace.id;
    await addMember(server, { workspaceId, status: 'active' });
    await addMember(server, { workspaceId, status: 'pending' });
    await addMember(server, { workspaceId, status: 'pending', expiresInSeconds: -60 });
    await addMember(server, { workspaceId, status: 'revoked' });
    await addMember(server, { workspaceId, status: 'deactivated' });
    const billing = await admin.client.get<Billing>('/api/v1/billing');
    expect(billing.body.seats).toEqual({ used: 3, active: 2, pending: 1, available: 2 });
  });

  it('changes plan at once, including to unlimited', async () => {
    const { client } = await signUp(server.url);
    const team = await client.put<Billing>('/api/v1/billing/plan', { planId: 'team' });
    expect(team.status).toBe(200);
    expect(team.body.plan.seatLimit).toBe(25);
    expect(team.body.seats.available).toBe(24);
    const enterprise = await client.put<Billing>('/api/v1/billing/plan', { planId: 'enterprise' });
    expect(enterprise.body.plan.seatLimit).toBeNull();
    expect(enterprise.body.seats.available).toBeNull();
    expect((await client.get<Billing>('/api/v1/billing')).body.plan.id).toBe('enterprise');
  });

  it('refuses a downgrade below the seats in use: 409 seats_in_use, plan unchanged', async () => {
    const admin = await signUp(server.url);
    await admin.client.put('/api/v1/billing/plan', { planId: 'team' });
    for (let i = 0; i < 3; i++) await addMember(server, { workspaceId: admin.workspace.id });
    for (let i = 0; i < 2; i++) await addMember(server, { workspaceId: admin.workspace.id, status: 'pending' });
    const refused = await admin.client.put<Problem>('/api/v1/billing/plan', { planId: 'free' });
    expect(refused.status).toBe(409);
    expect(refused.body.code).toBe('seats_in_use');
    expect(refused.body.detail).toContain('6');
    expect((await admin.client.get<Billing>('/api/v1/billing')).body.plan.id).toBe('team');
  });

  it('validates the plan id: 400 validation_failed', async () => {
    const { client } = await signUp(server.url);
    const answer = await client.put<Problem>('/api/v1/billing/plan', { planId: 'platinum' });
    expect(answer.status).toBe(400);
    expect(answer.body.code).toBe('validation_failed');
  });

  it('is for admins only: 403 forbidden for managers and sales reps', async () => {
    const admin = await signUp(server.url);
    for (const role of ['manager', 'sales_rep'] as const) {
      const member = await addMember(server, { workspaceId: admin.workspace.id, role });
      const client = await signIn(server, member.email);
      const read = await client.get<Problem>('/api/v1/billing');
      const change = await client.put<Problem>('/api/v1/billing/plan', { planId: 'enterprise' });
      expect([read.status, read.body.code, change.status, change.body.code]).toEqual([
        403,
        'forbidden',
        403,
        'forbidden',
      ]);
    }
  });
});

const auditOf = (admin: SignedUp, action: string) =>
  allPages<AuditEvent>(admin.client, `/api/v1/audit?action=${action}`);

// Security finding 6 (open relay for phishing): an unverified sign-up switched itself to the
// unlimited plan. With PLAN_CHANGES=operator only the person who runs SalesOS changes plans.
describe('PLAN_CHANGES=operator', () => {
  let operatorServer: TestServer;
  beforeAll(async () => {
    operatorServer = await startTestServer({ env: { PLAN_CHANGES: 'operator' } });
  });
  afterAll(async () => {
    await operatorServer?.close();
  });

  it('says so in GET /billing, with the plans still listed', async () => {
    const { client } = await signUp(operatorServer.url);
    const billing = await client.get<Billing>('/api/v1/billing');
    expect(billing.status).toBe(200);
    expect(billing.body.planChanges).toBe('operator');
    expect(billing.body.plan.id).toBe('free');
    expect(billing.body.plans.map((p) => p.id)).toEqual(['free', 'team', 'business', 'enterprise']);
  });

  it("refuses an admin's plan change: 403 plan_change_by_operator, plan unchanged, attempt audited", async () => {
    const admin = await signUp(operatorServer.url);
    const refused = await admin.client.put<Problem>('/api/v1/billing/plan', { planId: 'enterprise' });
    expect(refused.status).toBe(403);
    expect(refused.body.code).toBe('plan_change_by_operator');
    expect(refused.body.detail).toBe('Plan changes are made by the person who runs SalesOS.');
    expect(refused.headers.get('content-type')).toContain('application/problem+json');
    const after = await admin.client.get<Billing>('/api/v1/billing');
    expect(after.body.plan.id).toBe('free');
    expect(after.body.seats.available).toBe(4);
    expect(await auditOf(admin, 'plan.changed')).toEqual([]);
    const denied = await auditOf(admin, 'access.denied');
    expect(denied).toHaveLength(1);
    expect(denied[0]).toMatchObject({
      actor: { id: admin.user.id, email: admin.email },
      target: { type: 'route', label: 'PUT /api/v1/billing/plan' },
      after: { reason: 'plan_change_by_operator', role: 'admin', planId: 'enterprise' },
    });
  });

  it('refuses even a change to the current plan, and managers still get forbidden first', async () => {
    const admin = await signUp(operatorServer.url);
    const same = await admin.client.put<Problem>('/api/v1/billing/plan', { planId: 'free' });
    expect([same.status, same.body.code]).toEqual([403, 'plan_change_by_operator']);
    const manager = await addMember(operatorServer, { workspaceId: admin.workspace.id, role: 'manager' });
    const client = await signIn(operatorServer, manager.email);
    const change = await client.put<Problem>('/api/v1/billing/plan', { planId: 'enterprise' });
    expect([change.status, change.body.code]).toEqual([403, 'forbidden']);
  });

  it('is the default under NODE_ENV=production; PLAN_CHANGES=admins keeps admins in charge there', async () => {
    const production = await startTestServer({ env: { NODE_ENV: 'production', DEV_MAILBOX: 'on' } });
    const admins = await startTestServer({
      env: { NODE_ENV: 'production', DEV_MAILBOX: 'on', PLAN_CHANGES: 'admins' },
    });
    try {
      const locked = await signUp(production.url);
      expect((await locked.client.get<Billing>('/api/v1/billing')).body.planChanges).toBe('operator');
      expect((await locked.client.put<Problem>('/api/v1/billing/plan', { planId: 'team' })).status).toBe(403);
      const open = await signUp(admins.url);
      expect((await open.client.get<Billing>('/api/v1/billing')).body.planChanges).toBe('admins');
      expect((await open.client.put<Billing>('/api/v1/billing/plan', { planId: 'team' })).body.plan.id).toBe('team');
    } finally {
      await production.close();
      await admins.close();
    }
  });
});

describe('PLAN_CHANGES=admins', () => {
  it('audits a change with the admin as actor and the plans before and after', async () => {
    const admin = await signUp(server.url);
    await admin.client.put('/api/v1/billing/plan', { planId: 'business' });
    const changed = await auditOf(admin, 'plan.changed');
    expect(changed).toHaveLength(1);
    expect(changed[0]).toMatchObject({
      actor: { id: admin.user.id, email: admin.email },
      target: { type: 'workspace', id: admin.workspace.id },
      before: { plan: 'free' },
      after: { plan: 'business' },
    });
  });
});
