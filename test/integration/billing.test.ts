import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { signUp } from '../support/factories.js';
import { addMember, signIn } from '../support/fixtures.js';
import { startTestServer, type TestServer } from '../support/server.js';

type Problem = { code: string; status: number; detail: string };
type Billing = {
  plan: { id: string; name: string; seatLimit: number | null };
  seats: { used: number; active: number; pending: number; available: number | null };
  plans: { id: string }[];
};

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
