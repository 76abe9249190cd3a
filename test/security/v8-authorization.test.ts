import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadConfig } from '../../src/server/config.js';
import type { AuditEvent } from '../../src/shared/api/audit.js';
import type { Me } from '../../src/shared/api/auth.js';
import type { BulkImport } from '../../src/shared/api/bulk-invites.js';
import type { Page } from '../../src/shared/api/pagination.js';
import type { Team } from '../../src/shared/api/teams.js';
import type { User } from '../../src/shared/api/users.js';
import type { Problem } from '../../src/shared/errors.js';
import type { Client } from '../support/client.js';
import { type SignedUp, signUp, uniqueEmail } from '../support/factories.js';
import { addMember, signIn } from '../support/fixtures.js';
import { startTestServer, type TestServer } from '../support/server.js';

// ASVS 5.0 V8 Authorization: function-level (roles), data-level (other workspaces) and timeliness.

const WIDE = { max: 10_000, windowSeconds: 3600 };

let server: TestServer;

beforeAll(async () => {
  server = await startTestServer({
    config: { rateLimits: { ...loadConfig({}).rateLimits, loginPerAddress: WIDE, signupPerAddress: WIDE } },
  });
});
afterAll(async () => {
  await server?.close();
});

async function memberClient(admin: SignedUp, role: 'manager' | 'sales_rep') {
  const member = await addMember(server, { workspaceId: admin.workspace.id, role });
  return { ...member, client: await signIn(server, member.email) };
}

describe('V8.2.1 function-level access: managers and sales reps cannot invite or promote', () => {
  for (const role of ['manager', 'sales_rep'] as const) {
    it(`a ${role} gets 403 forbidden for inviting, bulk inviting, resending and changing anyone’s role (their own included)`, async () => {
      const admin = await signUp(server.url);
      const actor = await memberClient(admin, role);
      const colleague = await addMember(server, { workspaceId: admin.workspace.id, role: 'sales_rep' });
      const pending = await addMember(server, { workspaceId: admin.workspace.id, status: 'pending' });
      const attempts: [string, Promise<{ status: number; body: Problem }>][] = [
        [
          'invite',
          actor.client.post<Problem>('/api/v1/invitations', { email: uniqueEmail(), name: 'New', role: 'admin' }),
        ],
        [
          'bulk invite',
          actor.client.request<Problem>('POST', '/api/v1/invitations/bulk', {
            rawBody: 'email,name,role\nx@example.test,X,admin\n',
            headers: { 'content-type': 'text/csv' },
          }),
        ],
        ['promote self', actor.client.patch<Problem>(`/api/v1/users/${actor.id}`, { role: 'admin' })],
        ['promote colleague', actor.client.patch<Problem>(`/api/v1/users/${colleague.id}`, { role: 'admin' })],
        ['resend', actor.client.post<Problem>(`/api/v1/users/${pending.id}/resend`)],
        ['revoke', actor.client.post<Problem>(`/api/v1/users/${pending.id}/revoke`)],
        ['deactivate', actor.client.post<Problem>(`/api/v1/users/${colleague.id}/deactivate`)],
        ['change plan', actor.client.put<Problem>('/api/v1/billing/plan', { planId: 'enterprise' })],
      ];
      for (const [what, attempt] of attempts) {
        const answer = await attempt;
        expect(answer.status, what).toBe(403);
        expect(answer.body.code, what).toBe('forbidden');
      }
      const users = await admin.client.get<Page<User>>('/api/v1/users?status=active&status=pending');
      const byId = new Map(users.body.items.map((u) => [u.id, u]));
      expect(byId.get(actor.id)?.role).toBe(role);
      expect(byId.get(colleague.id)).toMatchObject({ role: 'sales_rep', status: 'active' });
      expect(byId.get(pending.id)?.status).toBe('pending');
      expect(users.body.items).toHaveLength(4);
      // Each refusal is a security event in the audit log.
      const audit = await admin.client.get<Page<AuditEvent>>('/api/v1/audit?limit=200');
      expect(audit.body.items.filter((e) => e.action === 'access.denied').length).toBeGreaterThanOrEqual(
        attempts.length,
      );
    });
  }
});

describe('V8.2.2 / V8.4.1 data-specific access across workspaces (tenants)', () => {
  let owner: SignedUp;
  let stranger: SignedUp;
  let ids: { active: string; pending: string; deactivated: string };
  beforeAll(async () => {
    owner = await signUp(server.url, { workspaceName: 'Owner Co' });
    stranger = await signUp(server.url, { workspaceName: 'Stranger Co' });
    ids = {
      active: (await addMember(server, { workspaceId: owner.workspace.id, role: 'manager' })).id,
      pending: (await addMember(server, { workspaceId: owner.workspace.id, status: 'pending' })).id,
      deactivated: (await addMember(server, { workspaceId: owner.workspace.id, status: 'deactivated' })).id,
    };
  });

  /** What the other workspace's admin sends to each user-management route with an id. */
  function bodyFor(route: string): unknown {
    if (route.startsWith('PATCH')) return { role: 'admin' };
    if (route.startsWith('DELETE')) return { reassignTo: null };
    return {};
  }

  it('another workspace’s admin gets 404 not_found on every /users/:id route, for every status, and nothing changes', async () => {
    const routes = server.app.routeList
      .filter((r) => r.url.startsWith('/api/v1/users/:id'))
      .map((r) => `${r.method} ${r.url}`);
    expect(routes.length).toBeGreaterThanOrEqual(8);
    const before = await owner.client.get<Page<User>>('/api/v1/users?status=active&status=pending&status=deactivated');
    for (const route of routes) {
      const [method = 'GET', pattern = ''] = route.split(' ');
      for (const [status, id] of Object.entries(ids)) {
        const answer = await stranger.client.request<Problem>(method, pattern.replace(':id', id), {
          ...(method === 'GET' ? {} : { body: bodyFor(route) }),
        });
        expect(answer.status, `${route} (${status})`).toBe(404);
        expect(answer.body.code, `${route} (${status})`).toBe('not_found');
      }
    }
    const after = await owner.client.get<Page<User>>('/api/v1/users?status=active&status=pending&status=deactivated');
    expect(after.body.items).toEqual(before.body.items);
  });

  it('the same 404 for an id that does not exist at all: other workspaces’ ids are indistinguishable from none', async () => {
    const real = await stranger.client.get<Problem>(`/api/v1/users/${ids.active}`);
    const missing = await stranger.client.get<Problem>('/api/v1/users/00000000-0000-4000-8000-000000000000');
    expect(real.status).toBe(missing.status);
    expect(real.body.code).toBe(missing.body.code);
  });

  it('another workspace’s ids are not found in lists, filters, teams, deals owners and bulk imports either', async () => {
    const team = await owner.client.post<Team>('/api/v1/teams', { name: 'Private team' });
    const bulk = await owner.client.request<BulkImport>('POST', '/api/v1/invitations/bulk', {
      rawBody: 'email,name,role\nsecret@owner.test,Secret,sales_rep\n',
      headers: { 'content-type': 'text/csv' },
    });
    const answers: [string, Promise<{ status: number; body: Problem }>][] = [
      ['team', stranger.client.get<Problem>(`/api/v1/teams/${team.body.id}`)],
      ['rename team', stranger.client.patch<Problem>(`/api/v1/teams/${team.body.id}`, { name: 'Mine' })],
      ['bulk', stranger.client.get<Problem>(`/api/v1/invitations/bulk/${bulk.body.id}`)],
      ['bulk rows', stranger.client.get<Problem>(`/api/v1/invitations/bulk/${bulk.body.id}/rows`)],
      ['bulk csv', stranger.client.get<Problem>(`/api/v1/invitations/bulk/${bulk.body.id}/invalid.csv`)],
      ['bulk send', stranger.client.post<Problem>(`/api/v1/invitations/bulk/${bulk.body.id}/send`)],
      ['switch', stranger.client.post<Problem>('/api/v1/auth/switch', { workspaceId: owner.workspace.id })],
    ];
    for (const [what, attempt] of answers) {
      const answer = await attempt;
      expect(answer.status, what).toBe(404);
    }
    const invite = await stranger.client.post<Problem>('/api/v1/invitations', {
      email: uniqueEmail(),
      name: 'Cross',
      role: 'sales_rep',
      teamId: team.body.id,
    });
    expect(invite.status).toBe(400);
    expect(invite.body.code).toBe('team_not_found');
    const deal = await stranger.client.post<Problem>('/api/v1/deals', {
      name: 'Cross deal',
      amount: 1,
      stage: 'won',
      ownerId: ids.active,
    });
    expect(deal.status).toBeGreaterThanOrEqual(400);
    expect(deal.status).toBeLessThan(500);
    const list = await stranger.client.get<Page<User>>('/api/v1/users?q=Member&status=active&status=pending');
    expect(list.body.items.map((u) => u.id)).not.toEqual(expect.arrayContaining([ids.active]));
    expect(list.body.items.every((u) => !Object.values(ids).includes(u.id))).toBe(true);
  });
});

describe('V8.3.2 changes to roles and status apply on the very next request', () => {
  it('a demoted admin loses admin access on their next request', async () => {
    const admin = await signUp(server.url);
    const second = await addMember(server, { workspaceId: admin.workspace.id, role: 'admin' });
    const client: Client = await signIn(server, second.email);
    expect((await client.get('/api/v1/users')).status).toBe(200);
    const demoted = await admin.client.patch<User>(`/api/v1/users/${second.id}`, { role: 'sales_rep' });
    expect(demoted.status).toBe(200);
    expect(demoted.body.role).toBe('sales_rep');
    for (const answer of [
      await client.get<Problem>('/api/v1/users'),
      await client.post<Problem>('/api/v1/invitations', { email: uniqueEmail(), name: 'Late', role: 'admin' }),
      await client.patch<Problem>(`/api/v1/users/${second.id}`, { role: 'admin' }),
      await client.get<Problem>('/api/v1/audit.csv'),
    ]) {
      expect(answer.status).toBe(403);
      expect(answer.body.code).toBe('forbidden');
    }
    const me = await client.get<Me>('/api/v1/me');
    expect(me.body.user.role).toBe('sales_rep');
  });

  it('a deactivated user loses access on their next request, signed in or signing in', async () => {
    const admin = await signUp(server.url);
    const member = await memberClient(admin, 'manager');
    expect((await member.client.get('/api/v1/deals')).status).toBe(200);
    expect((await admin.client.post(`/api/v1/users/${member.id}/deactivate`)).status).toBe(200);
    const next = await member.client.get<Problem>('/api/v1/deals');
    expect(next.status).toBe(401);
    expect(next.body.code).toBe('unauthenticated');
    const again = await member.client.post<Problem>('/api/v1/auth/login', {
      email: member.email,
      password: member.password,
    });
    expect(again.status).toBe(403);
    expect(again.body.code).toBe('user_deactivated');
  });
});
