import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Page } from '../../src/shared/api/pagination.js';
import type { Team } from '../../src/shared/api/teams.js';
import type { User } from '../../src/shared/api/users.js';
import type { Problem } from '../../src/shared/errors.js';
import { type SignedUp, signUp } from '../support/factories.js';
import { addMember } from '../support/fixtures.js';
import { startTestServer, type TestServer } from '../support/server.js';

let server: TestServer;
let admin: SignedUp;
let enterpriseId: string;

beforeAll(async () => {
  server = await startTestServer();
  admin = await signUp(server.url, { name: 'Ada Admin' });
  await admin.client.put('/api/v1/billing/plan', { planId: 'enterprise' });
  const team = await admin.client.post<Team>('/api/v1/teams', { name: 'Enterprise' });
  enterpriseId = team.body.id;
  const workspaceId = admin.workspace.id;
  await addMember(server, {
    workspaceId,
    name: 'bob Baker',
    email: 'bob@acme.test',
    role: 'manager',
    teamId: enterpriseId,
  });
  await addMember(server, {
    workspaceId,
    name: 'Carol Cruz',
    email: 'carol@acme.test',
    role: 'sales_rep',
    teamId: enterpriseId,
  });
  await addMember(server, {
    workspaceId,
    name: 'Dan Diaz',
    email: 'dan@other.test',
    role: 'sales_rep',
    status: 'deactivated',
  });
  await addMember(server, { workspaceId, name: 'Eve 100%_Evans', email: 'eve@acme.test', status: 'pending' });
  await addMember(server, {
    workspaceId,
    name: 'Fay Fox',
    email: 'fay@acme.test',
    status: 'pending',
    expiresInSeconds: -5,
  });
  await addMember(server, { workspaceId, name: 'Gus Gone', email: 'gus@acme.test', status: 'revoked' });
});
afterAll(async () => {
  await server?.close();
});

const names = (page: { body: Page<User> }) => page.body.items.map((u) => u.name);

describe('users list', () => {
  it('lists everyone but revoked invitations, sorted by name without regard to case', async () => {
    const page = await admin.client.get<Page<User>>('/api/v1/users');
    expect(page.status).toBe(200);
    expect(names(page)).toEqual(['Ada Admin', 'bob Baker', 'Carol Cruz', 'Dan Diaz', 'Eve 100%_Evans', 'Fay Fox']);
    const fay = page.body.items.find((u) => u.name === 'Fay Fox');
    expect(fay?.status).toBe('expired');
  });

  it('filters by status (repeatable), role and team', async () => {
    expect(names(await admin.client.get<Page<User>>('/api/v1/users?status=active'))).toEqual([
      'Ada Admin',
      'bob Baker',
      'Carol Cruz',
    ]);
    expect(names(await admin.client.get<Page<User>>('/api/v1/users?status=pending&status=expired'))).toEqual([
      'Eve 100%_Evans',
      'Fay Fox',
    ]);
    expect(names(await admin.client.get<Page<User>>('/api/v1/users?status=revoked'))).toEqual(['Gus Gone']);
    expect(names(await admin.client.get<Page<User>>('/api/v1/users?role=manager'))).toEqual(['bob Baker']);
    expect(names(await admin.client.get<Page<User>>(`/api/v1/users?teamId=${enterpriseId}`))).toEqual([
      'bob Baker',
      'Carol Cruz',
    ]);
  });

  it('searches name or email, case-insensitively, with % and _ no wildcards', async () => {
    expect(names(await admin.client.get<Page<User>>('/api/v1/users?q=CAROL'))).toEqual(['Carol Cruz']);
    expect(names(await admin.client.get<Page<User>>('/api/v1/users?q=other.test'))).toEqual(['Dan Diaz']);
    expect(names(await admin.client.get<Page<User>>('/api/v1/users?q=100%25_'))).toEqual(['Eve 100%_Evans']);
    // `%` and `_` separate words like any punctuation (SPEC §12): no wildcards, and no words.
    expect(names(await admin.client.get<Page<User>>('/api/v1/users?q=%25evans'))).toEqual(['Eve 100%_Evans']);
    expect(names(await admin.client.get<Page<User>>('/api/v1/users?q=e_evans'))).toEqual([]);
  });

  it('sorts by email and invitation date, either way', async () => {
    const byEmail = await admin.client.get<Page<User>>('/api/v1/users?sort=email&order=desc&status=active');
    expect(byEmail.body.items.map((u) => u.email)).toEqual(
      ['carol@acme.test', 'bob@acme.test', admin.email].sort().reverse(),
    );
    const byInvited = await admin.client.get<Page<User>>('/api/v1/users?sort=invitedAt&order=asc');
    expect(byInvited.body.items[0]?.name).toBe('Ada Admin');
  });

  it('pages with a cursor, every row exactly once, in each sort', async () => {
    for (const sort of ['name', 'email', 'invitedAt']) {
      for (const order of ['asc', 'desc']) {
        const seen: string[] = [];
        let cursor: string | null = null;
        do {
          const page: { body: Page<User> } = await admin.client.get<Page<User>>(
            `/api/v1/users?limit=2&sort=${sort}&order=${order}${cursor ? `&cursor=${encodeURIComponent(cursor)}` : ''}`,
          );
          seen.push(...page.body.items.map((u) => u.id));
          cursor = page.body.nextCursor;
        } while (cursor);
        expect(seen).toHaveLength(6);
        expect(new Set(seen).size).toBe(6);
      }
    }
  });

  it('refuses bad parameters: 400 validation_failed', async () => {
    for (const query of ['limit=0', 'limit=201', 'status=gone', 'sort=age', 'order=up', 'cursor=%%%', 'role=owner']) {
      const answer = await admin.client.get<Problem>(`/api/v1/users?${query}`);
      expect(answer.status, query).toBe(400);
      expect(answer.body.code).toBe('validation_failed');
    }
  });

  it('summarises counts and seats', async () => {
    const summary = await admin.client.get('/api/v1/users/summary');
    expect(summary.body).toEqual({
      counts: { pending: 1, expired: 1, active: 3, deactivated: 1, revoked: 1 },
      seats: { limit: null, used: 4, active: 3, pending: 1 },
    });
  });

  it('shows one user, and 404 not_found for anyone in another workspace', async () => {
    const page = await admin.client.get<Page<User>>('/api/v1/users?q=carol');
    const carol = page.body.items[0];
    const one = await admin.client.get<User>(`/api/v1/users/${carol?.id}`);
    expect(one.body).toMatchObject({
      name: 'Carol Cruz',
      role: 'sales_rep',
      team: { id: enterpriseId, name: 'Enterprise' },
    });
    const stranger = await signUp(server.url);
    const hidden = await stranger.client.get<Problem>(`/api/v1/users/${carol?.id}`);
    expect(hidden.status).toBe(404);
    expect(hidden.body.code).toBe('not_found');
    const list = await stranger.client.get<Page<User>>('/api/v1/users');
    expect(list.body.items).toHaveLength(1);
  });
});
