import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Billing } from '../../src/shared/api/billing.js';
import type { Page } from '../../src/shared/api/pagination.js';
import type { Team } from '../../src/shared/api/teams.js';
import type { User } from '../../src/shared/api/users.js';
import type { Deal } from '../../src/shared/api/work-records.js';
import type { Problem } from '../../src/shared/errors.js';
import { Client } from '../support/client.js';
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

describe('deactivate and reactivate', () => {
  it('deactivates: the session in use answers 401, sign-in is refused, the seat is freed, the data stays', async () => {
    const admin = await signUp(server.url);
    const member = await addMember(server, { workspaceId: admin.workspace.id, role: 'manager', name: 'Dana Deact' });
    const session = await signIn(server, member.email);
    expect((await session.get('/api/v1/me')).status).toBe(200);
    const before = await admin.client.get<Billing>('/api/v1/billing');

    const answer = await admin.client.post<User>(`/api/v1/users/${member.id}/deactivate`);
    expect(answer.status).toBe(200);
    expect(answer.body).toMatchObject({ status: 'deactivated', name: 'Dana Deact' });
    expect(answer.body.deactivatedAt).toBeTruthy();

    const next = await session.get<Problem>('/api/v1/me');
    expect(next.status).toBe(401);
    expect(next.body.code).toBe('unauthenticated');
    const login = await new Client(server.url).post<Problem>('/api/v1/auth/login', {
      email: member.email,
      password: member.password,
    });
    expect(login.status).toBe(403);
    expect(login.body.code).toBe('user_deactivated');
    const after = await admin.client.get<Billing>('/api/v1/billing');
    expect(after.body.seats.active).toBe(before.body.seats.active - 1);

    const back = await admin.client.post<User>(`/api/v1/users/${member.id}/reactivate`);
    expect(back.status).toBe(200);
    expect(back.body).toMatchObject({ status: 'active', deactivatedAt: null });
    expect((await signIn(server, member.email)).cookies.get('salesos_session')).toBeTruthy();
  });

  it('refuses to deactivate oneself: 409 cannot_modify_self', async () => {
    const admin = await signUp(server.url);
    const answer = await admin.client.post<Problem>(`/api/v1/users/${admin.user.id}/deactivate`);
    expect(answer.status).toBe(409);
    expect(answer.body.code).toBe('cannot_modify_self');
  });

  it('deactivates only active users: 409 not_active; reactivates only deactivated ones: 409 not_deactivated', async () => {
    const admin = await signUp(server.url);
    const pending = await addMember(server, { workspaceId: admin.workspace.id, status: 'pending' });
    const member = await addMember(server, { workspaceId: admin.workspace.id });
    const notActive = await admin.client.post<Problem>(`/api/v1/users/${pending.id}/deactivate`);
    expect([notActive.status, notActive.body.code]).toEqual([409, 'not_active']);
    await admin.client.post(`/api/v1/users/${member.id}/deactivate`);
    const twice = await admin.client.post<Problem>(`/api/v1/users/${member.id}/deactivate`);
    expect([twice.status, twice.body.code]).toEqual([409, 'not_active']);
    await admin.client.post(`/api/v1/users/${member.id}/reactivate`);
    const notDeactivated = await admin.client.post<Problem>(`/api/v1/users/${member.id}/reactivate`);
    expect([notDeactivated.status, notDeactivated.body.code]).toEqual([409, 'not_deactivated']);
  });

  it('needs a free seat to reactivate: 409 seat_limit_reached', async () => {
    const admin = await signUp(server.url);
    const member = await addMember(server, { workspaceId: admin.workspace.id });
    await admin.client.post(`/api/v1/users/${member.id}/deactivate`);
    for (let i = 0; i < 4; i++) await addMember(server, { workspaceId: admin.workspace.id, status: 'pending' });
    const answer = await admin.client.post<Problem>(`/api/v1/users/${member.id}/reactivate`);
    expect(answer.status).toBe(409);
    expect(answer.body.code).toBe('seat_limit_reached');
    expect((await admin.client.get<User>(`/api/v1/users/${member.id}`)).body.status).toBe('deactivated');
  });

  it('is for admins (403 forbidden) and within the workspace (404 not_found)', async () => {
    const admin = await signUp(server.url);
    const member = await addMember(server, { workspaceId: admin.workspace.id });
    const manager = await addMember(server, { workspaceId: admin.workspace.id, role: 'manager' });
    const managerClient = await signIn(server, manager.email);
    const denied = await managerClient.post<Problem>(`/api/v1/users/${member.id}/deactivate`);
    expect([denied.status, denied.body.code]).toEqual([403, 'forbidden']);
    const stranger = await signUp(server.url);
    for (const action of ['deactivate', 'reactivate']) {
      const answer = await stranger.client.post<Problem>(`/api/v1/users/${member.id}/${action}`);
      expect([answer.status, answer.body.code]).toEqual([404, 'not_found']);
    }
    expect((await admin.client.get<User>(`/api/v1/users/${member.id}`)).body.status).toBe('active');
  });
});

describe('role and team changes', () => {
  it('takes effect on the very next request: a demoted admin gets 403, a moved manager sees the new team', async () => {
    const admin = await signUp(server.url);
    const workspaceId = admin.workspace.id;
    const second = await addMember(server, { workspaceId, role: 'admin', name: 'Second Admin' });
    const secondClient = await signIn(server, second.email);
    expect((await secondClient.get('/api/v1/users')).status).toBe(200);
    const demoted = await admin.client.patch<User>(`/api/v1/users/${second.id}`, { role: 'sales_rep' });
    expect(demoted.status).toBe(200);
    const next = await secondClient.get<Problem>('/api/v1/users');
    expect(next.status).toBe(403);
    expect(next.body.code).toBe('forbidden');

    const east = (await admin.client.post<Team>('/api/v1/teams', { name: 'East' })).body.id;
    const west = (await admin.client.post<Team>('/api/v1/teams', { name: 'West' })).body.id;
    const manager = await addMember(server, { workspaceId, role: 'manager', teamId: east });
    const westRep = await addMember(server, { workspaceId, teamId: west });
    await (await signIn(server, westRep.email)).post('/api/v1/deals', { name: 'West deal', amount: 1, stage: 'won' });
    const managerClient = await signIn(server, manager.email);
    const names = async () => (await managerClient.get<Page<Deal>>('/api/v1/deals')).body.items.map((d) => d.name);
    expect(await names()).toEqual([]);
    expect((await admin.client.patch(`/api/v1/users/${manager.id}`, { teamId: west })).status).toBe(200);
    expect(await names()).toEqual(['West deal']);
  });
});
