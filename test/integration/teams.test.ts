import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Page } from '../../src/shared/api/pagination.js';
import type { Team } from '../../src/shared/api/teams.js';
import type { User } from '../../src/shared/api/users.js';
import type { Problem } from '../../src/shared/errors.js';
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

describe('teams', () => {
  it('creates, lists, renames and deletes teams', async () => {
    const { client } = await signUp(server.url);
    const created = await client.post<Team>('/api/v1/teams', { name: '  Enterprise ' });
    expect(created.status).toBe(201);
    expect(created.body).toMatchObject({ name: 'Enterprise', memberCount: 0 });
    await client.post('/api/v1/teams', { name: 'SMB' });
    const list = await client.get<Page<Team>>('/api/v1/teams');
    expect(list.body.items.map((t) => t.name)).toEqual(['Enterprise', 'SMB']);
    const renamed = await client.patch<Team>(`/api/v1/teams/${created.body.id}`, { name: 'Enterprise East' });
    expect(renamed.status).toBe(200);
    expect(renamed.body.name).toBe('Enterprise East');
    // Renaming a team to its own name in another case is allowed.
    expect((await client.patch(`/api/v1/teams/${created.body.id}`, { name: 'ENTERPRISE EAST' })).status).toBe(200);
    const removed = await client.delete(`/api/v1/teams/${created.body.id}`);
    expect(removed.status).toBe(204);
    const gone = await client.get<Problem>(`/api/v1/teams/${created.body.id}`);
    expect(gone.status).toBe(404);
    expect(gone.body.code).toBe('not_found');
  });

  it('refuses a duplicate name without regard to case: 409 team_exists', async () => {
    const { client } = await signUp(server.url);
    await client.post('/api/v1/teams', { name: 'Enterprise' });
    const duplicate = await client.post<Problem>('/api/v1/teams', { name: 'enterprise' });
    expect(duplicate.status).toBe(409);
    expect(duplicate.body.code).toBe('team_exists');
    const other = await client.post<Team>('/api/v1/teams', { name: 'SMB' });
    const rename = await client.patch<Problem>(`/api/v1/teams/${other.body.id}`, { name: 'ENTERPRISE' });
    expect(rename.status).toBe(409);
    expect(rename.body.code).toBe('team_exists');
  });

  it('validates names: 400 validation_failed', async () => {
    const { client } = await signUp(server.url);
    for (const name of ['', '   ', 'x'.repeat(81), 'two\nlines']) {
      const answer = await client.post<Problem>('/api/v1/teams', { name });
      expect(answer.status).toBe(400);
      expect(answer.body.code).toBe('validation_failed');
      expect(answer.body.errors?.[0]?.path).toBe('name');
    }
    expect((await client.post<Problem>('/api/v1/teams', {})).body.code).toBe('validation_failed');
  });

  it('keeps a deleted team’s people, with no team', async () => {
    const admin = await signUp(server.url);
    const team = await admin.client.post<Team>('/api/v1/teams', { name: 'Doomed' });
    const member = await addMember(server, { workspaceId: admin.workspace.id, teamId: team.body.id });
    expect((await admin.client.get<Team>(`/api/v1/teams/${team.body.id}`)).body.memberCount).toBe(1);
    await admin.client.delete(`/api/v1/teams/${team.body.id}`);
    const user = await admin.client.get<User>(`/api/v1/users/${member.id}`);
    expect(user.body).toMatchObject({ team: null, status: 'active' });
    const client = await signIn(server, member.email);
    expect((await client.get('/api/v1/me')).status).toBe(200);
  });

  it('pages through teams with a cursor', async () => {
    const { client } = await signUp(server.url);
    for (const name of ['Alpha', 'bravo', 'Charlie', 'delta', 'Echo']) await client.post('/api/v1/teams', { name });
    const seen: string[] = [];
    let cursor: string | null = null;
    do {
      const page: { body: { items: Team[]; nextCursor: string | null } } = await client.get(
        `/api/v1/teams?limit=2${cursor ? `&cursor=${cursor}` : ''}`,
      );
      expect(page.body.items.length).toBeLessThanOrEqual(2);
      seen.push(...page.body.items.map((t) => t.name));
      cursor = page.body.nextCursor;
    } while (cursor);
    expect(seen).toEqual(['Alpha', 'bravo', 'Charlie', 'delta', 'Echo']);
  });

  it('lets every member read teams but only admins change them: 403 forbidden', async () => {
    const admin = await signUp(server.url);
    const team = await admin.client.post<Team>('/api/v1/teams', { name: 'Readers' });
    for (const role of ['manager', 'sales_rep'] as const) {
      const member = await addMember(server, { workspaceId: admin.workspace.id, role });
      const client = await signIn(server, member.email);
      expect((await client.get('/api/v1/teams')).status).toBe(200);
      const attempts = [
        await client.post<Problem>('/api/v1/teams', { name: 'Nope' }),
        await client.patch<Problem>(`/api/v1/teams/${team.body.id}`, { name: 'Nope' }),
        await client.delete<Problem>(`/api/v1/teams/${team.body.id}`),
      ];
      for (const answer of attempts) {
        expect(answer.status).toBe(403);
        expect(answer.body.code).toBe('forbidden');
      }
    }
  });

  it('answers 404 not_found for another workspace’s team', async () => {
    const mine = await signUp(server.url);
    const theirs = await signUp(server.url);
    const team = await theirs.client.post<Team>('/api/v1/teams', { name: 'Private' });
    for (const answer of [
      await mine.client.get<Problem>(`/api/v1/teams/${team.body.id}`),
      await mine.client.patch<Problem>(`/api/v1/teams/${team.body.id}`, { name: 'Stolen' }),
      await mine.client.delete<Problem>(`/api/v1/teams/${team.body.id}`),
    ]) {
      expect(answer.status).toBe(404);
      expect(answer.body.code).toBe('not_found');
    }
    expect((await theirs.client.get<Team>(`/api/v1/teams/${team.body.id}`)).body.name).toBe('Private');
  });
});
