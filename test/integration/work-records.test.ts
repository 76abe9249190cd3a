import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Page } from '../../src/shared/api/pagination.js';
import type { Team } from '../../src/shared/api/teams.js';
import type { Deal, Lead, Owners } from '../../src/shared/api/work-records.js';
import type { Problem } from '../../src/shared/errors.js';
import type { Client } from '../support/client.js';
import { allPages } from '../support/client.js';
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

/** A workspace with two teams: a manager and two reps in East, one rep in West. */
async function salesFloor() {
  const admin = await signUp(server.url);
  const workspaceId = admin.workspace.id;
  const east = (await admin.client.post<Team>('/api/v1/teams', { name: 'East' })).body.id;
  const west = (await admin.client.post<Team>('/api/v1/teams', { name: 'West' })).body.id;
  const people = {
    manager: await addMember(server, { workspaceId, role: 'manager', teamId: east, name: 'Mia Manager' }),
    eastRep: await addMember(server, { workspaceId, teamId: east, name: 'Erin East' }),
    eastRep2: await addMember(server, { workspaceId, teamId: east, name: 'Eli East' }),
    westRep: await addMember(server, { workspaceId, teamId: west, name: 'Wes West' }),
  };
  const clients: Record<keyof typeof people, Client> = {
    manager: await signIn(server, people.manager.email),
    eastRep: await signIn(server, people.eastRep.email),
    eastRep2: await signIn(server, people.eastRep2.email),
    westRep: await signIn(server, people.westRep.email),
  };
  return { admin, people, clients };
}

describe('deals and leads', () => {
  it('creates a deal owned by its creator, reads, edits and deletes it', async () => {
    const { clients, people } = await salesFloor();
    const created = await clients.eastRep.post<Deal>('/api/v1/deals', {
      name: 'Acme renewal',
      amount: 12500.5,
      stage: 'proposal',
    });
    expect(created.status).toBe(201);
    expect(created.body).toMatchObject({
      name: 'Acme renewal',
      amount: 12500.5,
      stage: 'proposal',
      ownerId: people.eastRep.id,
      owner: { id: people.eastRep.id, name: 'Erin East' },
    });
    const id = created.body.id;
    expect((await clients.eastRep.get<Deal>(`/api/v1/deals/${id}`)).body.name).toBe('Acme renewal');
    const edited = await clients.eastRep.patch<Deal>(`/api/v1/deals/${id}`, { stage: 'won' });
    expect(edited.status).toBe(200);
    expect(edited.body).toMatchObject({ stage: 'won', amount: 12500.5 });
    expect((await clients.eastRep.delete(`/api/v1/deals/${id}`)).status).toBe(204);
    const gone = await clients.eastRep.get<Problem>(`/api/v1/deals/${id}`);
    expect(gone.status).toBe(404);
    expect(gone.body.code).toBe('not_found');
  });

  it('shows admins every record, managers their team’s, sales reps their own', async () => {
    const { admin, clients } = await salesFloor();
    for (const [who, client] of Object.entries(clients)) {
      await client.post('/api/v1/deals', { name: `deal of ${who}`, amount: 1, stage: 'qualification' });
      await client.post('/api/v1/leads', { name: `lead of ${who}` });
    }
    await admin.client.post('/api/v1/deals', {
      name: 'unassigned deal',
      amount: 1,
      stage: 'qualification',
      ownerId: null,
    });
    const names = async (client: Client, kind: 'deals' | 'leads') =>
      (await allPages<Deal | Lead>(client, `/api/v1/${kind}?limit=2`)).map((d) => d.name).sort();

    expect(await names(admin.client, 'deals')).toEqual(
      ['deal of eastRep', 'deal of eastRep2', 'deal of manager', 'deal of westRep', 'unassigned deal'].sort(),
    );
    expect(await names(clients.manager, 'deals')).toEqual(['deal of eastRep', 'deal of eastRep2', 'deal of manager']);
    expect(await names(clients.manager, 'leads')).toEqual(['lead of eastRep', 'lead of eastRep2', 'lead of manager']);
    expect(await names(clients.eastRep, 'deals')).toEqual(['deal of eastRep']);
    expect(await names(clients.westRep, 'leads')).toEqual(['lead of westRep']);
  });

  it('answers 404 for a record outside the caller’s scope, as for one in another workspace', async () => {
    const { admin, clients } = await salesFloor();
    const west = await clients.westRep.post<Deal>('/api/v1/deals', { name: 'West deal', amount: 5, stage: 'won' });
    for (const client of [clients.manager, clients.eastRep]) {
      for (const answer of [
        await client.get<Problem>(`/api/v1/deals/${west.body.id}`),
        await client.patch<Problem>(`/api/v1/deals/${west.body.id}`, { name: 'mine now' }),
        await client.delete<Problem>(`/api/v1/deals/${west.body.id}`),
      ]) {
        expect(answer.status).toBe(404);
        expect(answer.body.code).toBe('not_found');
      }
    }
    const stranger = await signUp(server.url);
    expect((await stranger.client.get<Problem>(`/api/v1/deals/${west.body.id}`)).status).toBe(404);
    expect((await admin.client.get<Deal>(`/api/v1/deals/${west.body.id}`)).body.name).toBe('West deal');
  });

  it('lets a manager give records within the team only, a rep to nobody else, an admin to anyone active', async () => {
    const { admin, people, clients } = await salesFloor();
    const byManager = await clients.manager.post<Deal>('/api/v1/deals', {
      name: 'Team deal',
      amount: 10,
      stage: 'proposal',
      ownerId: people.eastRep.id,
    });
    expect(byManager.status).toBe(201);
    expect(byManager.body.ownerId).toBe(people.eastRep.id);

    const outsideTeam = await clients.manager.patch<Problem>(`/api/v1/deals/${byManager.body.id}`, {
      ownerId: people.westRep.id,
    });
    expect(outsideTeam.status).toBe(403);
    expect(outsideTeam.body.code).toBe('forbidden');

    const repGives = await clients.eastRep.post<Problem>('/api/v1/leads', { name: 'x', ownerId: people.eastRep2.id });
    expect(repGives.status).toBe(403);
    expect(repGives.body.code).toBe('forbidden');
    const repUnassigns = await clients.eastRep.post<Problem>('/api/v1/leads', { name: 'x', ownerId: null });
    expect(repUnassigns.status).toBe(403);

    const adminGives = await admin.client.patch<Deal>(`/api/v1/deals/${byManager.body.id}`, {
      ownerId: people.westRep.id,
    });
    expect(adminGives.status).toBe(200);
    expect(adminGives.body.owner).toEqual({ id: people.westRep.id, name: 'Wes West' });
    // Handed out of the manager's team: the manager no longer sees it.
    expect((await clients.manager.get(`/api/v1/deals/${byManager.body.id}`)).status).toBe(404);

    const owners = await clients.manager.get<Owners>('/api/v1/owners');
    expect(owners.body.items.map((o) => o.name).sort()).toEqual(['Eli East', 'Erin East', 'Mia Manager']);
    const repOwners = await clients.westRep.get<Owners>('/api/v1/owners');
    expect(repOwners.body.items.map((o) => o.id)).toEqual([people.westRep.id]);
  });

  it('refuses an owner who is not an active user of the workspace: 400 validation_failed on ownerId', async () => {
    const { admin } = await salesFloor();
    const deactivated = await addMember(server, { workspaceId: admin.workspace.id, status: 'deactivated' });
    const pending = await addMember(server, { workspaceId: admin.workspace.id, status: 'pending' });
    const elsewhere = await signUp(server.url);
    for (const ownerId of [deactivated.id, pending.id, elsewhere.user.id, 'no-such-user']) {
      const answer = await admin.client.post<Problem>('/api/v1/deals', { name: 'x', amount: 1, stage: 'won', ownerId });
      expect(answer.status).toBe(400);
      expect(answer.body.code).toBe('validation_failed');
      expect(answer.body.errors?.[0]?.path).toBe('ownerId');
    }
    expect((await admin.client.get<Page<Deal>>('/api/v1/deals')).body.items).toHaveLength(0);
  });

  it('validates fields: 400 validation_failed names each bad one, and nothing is written', async () => {
    const { admin } = await salesFloor();
    const bad = await admin.client.post<Problem>('/api/v1/deals', { name: ' ', amount: -1, stage: 'closed' });
    expect(bad.status).toBe(400);
    expect(bad.body.code).toBe('validation_failed');
    expect(bad.body.errors?.map((e) => e.path).sort()).toEqual(['amount', 'name', 'stage']);
    const badLead = await admin.client.post<Problem>('/api/v1/leads', { name: 'Lee', email: 'not-an-email' });
    expect(badLead.status).toBe(400);
    expect(badLead.body.errors?.[0]?.path).toBe('email');
    const emptyPatch = await admin.client.patch<Problem>('/api/v1/leads/whatever', {});
    expect(emptyPatch.status).toBe(400);
    expect((await admin.client.get<Page<Deal>>('/api/v1/deals')).body.items).toHaveLength(0);
    expect((await admin.client.get<Page<Lead>>('/api/v1/leads')).body.items).toHaveLength(0);

    const lead = await admin.client.post<Lead>('/api/v1/leads', { name: 'Lee', email: 'lee@example.com', company: '' });
    expect(lead.body).toMatchObject({ email: 'lee@example.com', company: null });
  });

  it('answers 401 without a session', async () => {
    const { admin } = await salesFloor();
    const anonymous = await fetch(new URL('/api/v1/deals', server.url));
    expect(anonymous.status).toBe(401);
    expect(((await anonymous.json()) as Problem).code).toBe('unauthenticated');
    expect(admin.user.id).toBeTruthy();
  });
});
