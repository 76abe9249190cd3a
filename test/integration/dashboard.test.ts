import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Dashboard } from '../../src/shared/api/dashboard.js';
import type { Team } from '../../src/shared/api/teams.js';
import type { UsersSummary } from '../../src/shared/api/users.js';
import type { Deal, Lead } from '../../src/shared/api/work-records.js';
import type { Problem } from '../../src/shared/errors.js';
import { allPages, Client } from '../support/client.js';
import { signUp } from '../support/factories.js';
import { addMember, signIn } from '../support/fixtures.js';
import { startTestServer, type TestServer } from '../support/server.js';

let server: TestServer;
beforeAll(async () => {
  server = await startTestServer();
});
afterAll(async () => {
  await server?.close();
});

const dashboardOf = async (client: Client) => {
  const answer = await client.get<Dashboard>('/api/v1/me/dashboard');
  expect(answer.status).toBe(200);
  return answer.body;
};

/** A workspace with a manager and two reps in one team. */
async function team() {
  const admin = await signUp(server.url, { name: 'Ada Admin' });
  const workspaceId = admin.workspace.id;
  const teamId = (await admin.client.post<Team>('/api/v1/teams', { name: 'East' })).body.id;
  const manager = await addMember(server, { workspaceId, role: 'manager', teamId, name: 'Mia Manager' });
  const rep = await addMember(server, { workspaceId, teamId, name: 'Rey Rep' });
  const buddy = await addMember(server, { workspaceId, teamId, name: 'Bea Buddy' });
  return {
    admin,
    people: { manager, rep, buddy },
    clients: { manager: await signIn(server, manager.email), rep: await signIn(server, rep.email) },
  };
}

describe('GET /api/v1/me/dashboard', () => {
  it('lists the person’s own open deals, newest first, at most 5, and counts them all', async () => {
    const { clients, people } = await team();
    const open = [
      ['Acme renewal', 1000, 'qualification'],
      ['Globex expansion', 2500.5, 'proposal'],
      ['Initech pilot', 300, 'negotiation'],
      ['Hooli seats', 40, 'qualification'],
      ['Umbrella audit', 7000, 'proposal'],
      ['Soylent trial', 12, 'negotiation'],
    ] as const;
    for (const [name, amount, stage] of open) {
      expect((await clients.manager.post('/api/v1/deals', { name, amount, stage })).status).toBe(201);
    }
    await clients.manager.post('/api/v1/deals', { name: 'Closed won', amount: 99999, stage: 'won' });
    await clients.manager.post('/api/v1/deals', { name: 'Closed lost', amount: 88888, stage: 'lost' });
    // A teammate's deal: the manager sees it on the Deals page, not on their dashboard.
    await clients.rep.post('/api/v1/deals', { name: 'Rey’s deal', amount: 5, stage: 'proposal' });
    const managerSees = await allPages<Deal>(clients.manager, '/api/v1/deals');
    expect(managerSees.map((d) => d.name)).toContain('Rey’s deal');

    const dashboard = await dashboardOf(clients.manager);
    const expected = managerSees
      .filter((d) => d.ownerId === people.manager.id && d.stage !== 'won' && d.stage !== 'lost')
      .slice(0, 5);
    expect(dashboard.deals.items.map((d) => d.id)).toEqual(expected.map((d) => d.id));
    expect(dashboard.deals.items).toHaveLength(5);
    expect(dashboard.deals.items[0]).toMatchObject({
      ownerId: people.manager.id,
      owner: { id: people.manager.id, name: 'Mia Manager' },
    });
    expect(dashboard.deals.open).toBe(6);
    expect(dashboard.deals.openAmount).toBeCloseTo(1000 + 2500.5 + 300 + 40 + 7000 + 12, 6);

    const rep = await dashboardOf(clients.rep);
    expect(rep.deals.items.map((d) => d.name)).toEqual(['Rey’s deal']);
    expect(rep.deals).toMatchObject({ open: 1, openAmount: 5 });
  });

  it('lists the person’s own leads, newest first, at most 5, with the total', async () => {
    const { admin, clients, people } = await team();
    for (let i = 1; i <= 7; i += 1) {
      expect((await clients.rep.post('/api/v1/leads', { name: `Lead ${i}`, company: 'Acme' })).status).toBe(201);
    }
    await clients.manager.post('/api/v1/leads', { name: 'Manager lead' });
    await admin.client.post('/api/v1/leads', { name: 'Given to Rey', ownerId: people.rep.id });
    await admin.client.post('/api/v1/leads', { name: 'Unassigned', ownerId: null });

    const rep = await dashboardOf(clients.rep);
    const own = await allPages<Lead>(clients.rep, '/api/v1/leads');
    expect(rep.leads.total).toBe(8);
    expect(rep.leads.items.map((l) => l.id)).toEqual(own.slice(0, 5).map((l) => l.id));
    expect(rep.leads.items.every((l) => l.ownerId === people.rep.id)).toBe(true);

    const manager = await dashboardOf(clients.manager);
    expect(manager.leads.items.map((l) => l.name)).toEqual(['Manager lead']);
    expect(manager.leads.total).toBe(1);

    // The admin sees every lead on the Leads page but only their own here: none.
    const adminView = await dashboardOf(admin.client);
    expect(adminView.leads).toEqual({ items: [], total: 0 });
    expect(adminView.deals).toEqual({ items: [], open: 0, openAmount: 0 });
  });

  it('shows the buddy while the buddy is active, and hides a deactivated one', async () => {
    const { admin, clients, people } = await team();
    expect((await dashboardOf(clients.rep)).buddy).toBeNull();

    const assigned = await admin.client.patch(`/api/v1/users/${people.rep.id}`, { buddyId: people.buddy.id });
    expect(assigned.status).toBe(200);
    expect((await dashboardOf(clients.rep)).buddy).toEqual({
      id: people.buddy.id,
      name: 'Bea Buddy',
      email: people.buddy.email,
      photoUrl: null,
    });

    expect((await admin.client.post(`/api/v1/users/${people.buddy.id}/deactivate`)).status).toBe(200);
    expect((await dashboardOf(clients.rep)).buddy).toBeNull();

    // Deactivation cleared the assignment (docs/decisions.md, "Getting Started guide and buddies").
    expect((await admin.client.post(`/api/v1/users/${people.buddy.id}/reactivate`)).status).toBe(200);
    expect((await dashboardOf(clients.rep)).buddy).toBeNull();
  });

  it('adds people and seats for admins only', async () => {
    const { admin, clients } = await team();
    const workspaceId = admin.workspace.id;
    await addMember(server, { workspaceId, status: 'pending' });
    await addMember(server, { workspaceId, status: 'pending', expiresInSeconds: -60 });
    await addMember(server, { workspaceId, status: 'deactivated' });
    await addMember(server, { workspaceId, status: 'revoked' });

    const adminView = await dashboardOf(admin.client);
    expect(adminView.admin).toEqual({
      counts: { pending: 1, expired: 1, active: 4, deactivated: 1 },
      seats: { limit: 5, used: 5, active: 4, pending: 1 },
    });
    const summary = await admin.client.get<UsersSummary>('/api/v1/users/summary');
    expect(adminView.admin?.seats).toEqual(summary.body.seats);

    for (const client of [clients.manager, clients.rep]) {
      const view = await dashboardOf(client);
      expect(view).not.toHaveProperty('admin');
    }
  });

  it('leaves the challenge, the guide and #general empty until they exist', async () => {
    const { clients } = await team();
    const view = await dashboardOf(clients.rep);
    expect(view).toMatchObject({ challenge: null, guide: null, general: [] });
  });

  it('answers 401 without a session, and after deactivation', async () => {
    const anonymous = await new Client(server.url).get<Problem>('/api/v1/me/dashboard');
    expect(anonymous.status).toBe(401);
    expect(anonymous.body.code).toBe('unauthenticated');

    const { admin, clients, people } = await team();
    await admin.client.post(`/api/v1/users/${people.rep.id}/deactivate`);
    expect((await clients.rep.get<Problem>('/api/v1/me/dashboard')).status).toBe(401);
  });

  it('is described in the OpenAPI document', async () => {
    const doc = await new Client(server.url).get<{
      paths: Record<string, { get?: { responses: Record<string, unknown> } }>;
      components: { schemas: Record<string, unknown> };
    }>('/api/openapi.json');
    expect(doc.body.paths['/api/v1/me/dashboard']?.get?.responses).toHaveProperty('200');
    expect(doc.body.components.schemas).toHaveProperty('Dashboard');
  });
});
