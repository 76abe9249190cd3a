import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Page } from '../../src/shared/api/pagination.js';
import type { Person } from '../../src/shared/api/people.js';
import type { Team } from '../../src/shared/api/teams.js';
import type { Problem } from '../../src/shared/errors.js';
import { Client } from '../support/client.js';
import { type SignedUp, signUp } from '../support/factories.js';
import { addMember, signIn } from '../support/fixtures.js';
import { startTestServer, type TestServer } from '../support/server.js';

let server: TestServer;
let owner: SignedUp;
let teamId: string;
let grace: { id: string; email: string };
let rep: Client;

beforeAll(async () => {
  server = await startTestServer();
  owner = await signUp(server.url, { name: 'Ada Lovelace', workspaceName: 'Directory Works' });
  const workspaceId = owner.workspace.id;
  teamId = (await owner.client.post<Team>('/api/v1/teams', { name: 'Closers' })).body.id;
  grace = await addMember(server, { workspaceId, name: 'Grace Hopper', role: 'manager', teamId });
  const alan = await addMember(server, { workspaceId, name: 'Alan Turing', role: 'sales_rep' });
  await addMember(server, { workspaceId, name: 'Barbara Liskov', role: 'sales_rep' });
  await addMember(server, { workspaceId, name: 'Pending Person', status: 'pending' });
  await addMember(server, { workspaceId, name: 'Revoked Person', status: 'revoked' });
  await addMember(server, { workspaceId, name: 'Gone Person', status: 'deactivated' });
  rep = await signIn(server, alan.email);
});
afterAll(async () => {
  await server?.close();
});

describe('the member directory', () => {
  it('lists the active members by name for every role, without emails', async () => {
    for (const client of [owner.client, rep, await signIn(server, grace.email)]) {
      const list = await client.get<Page<Person>>('/api/v1/people');
      expect(list.status, list.text).toBe(200);
      expect(list.body.items.map((p) => p.name)).toEqual([
        'Ada Lovelace',
        'Alan Turing',
        'Barbara Liskov',
        'Grace Hopper',
      ]);
      expect(list.body.nextCursor).toBeNull();
    }
    const list = await rep.get<Page<Person>>('/api/v1/people');
    const hopper = list.body.items.find((p) => p.name === 'Grace Hopper');
    expect(hopper).toEqual({
      id: grace.id,
      name: 'Grace Hopper',
      role: 'manager',
      team: { id: teamId, name: 'Closers' },
      photoUrl: null,
      joinedAt: expect.any(String),
    });
    expect(list.text).not.toContain('@');
  });

  it('pages by name with nextCursor', async () => {
    const first = await rep.get<Page<Person>>('/api/v1/people?limit=3');
    expect(first.body.items.map((p) => p.name)).toEqual(['Ada Lovelace', 'Alan Turing', 'Barbara Liskov']);
    expect(first.body.nextCursor).toEqual(expect.any(String));
    const second = await rep.get<Page<Person>>(`/api/v1/people?limit=3&cursor=${first.body.nextCursor}`);
    expect(second.body.items.map((p) => p.name)).toEqual(['Grace Hopper']);
    expect(second.body.nextCursor).toBeNull();
  });

  it('narrows to a name prefix, of the whole name or of a later word, without regard to case', async () => {
    const names = async (q: string) =>
      (await rep.get<Page<Person>>(`/api/v1/people?q=${encodeURIComponent(q)}`)).body.items.map((p) => p.name);
    expect(await names('a')).toEqual(['Ada Lovelace', 'Alan Turing']);
    expect(await names('GRA')).toEqual(['Grace Hopper']);
    expect(await names('hop')).toEqual(['Grace Hopper']);
    expect(await names('ada lov')).toEqual(['Ada Lovelace']);
    expect(await names('race')).toEqual([]);
    // LIKE's wildcards are plain characters here.
    expect(await names('%')).toEqual([]);
    expect(await names('_')).toEqual([]);
    // Not in the directory: pending, revoked and deactivated people.
    expect(await names('pending')).toEqual([]);
    expect(await names('gone')).toEqual([]);
    expect(await names('revoked')).toEqual([]);
    // An empty (or blank) q is no filter.
    expect(await names('  ')).toHaveLength(4);
  });

  it('gets one active member', async () => {
    const one = await rep.get<Person>(`/api/v1/people/${grace.id}`);
    expect(one.status, one.text).toBe(200);
    expect(one.body).toMatchObject({ id: grace.id, name: 'Grace Hopper', role: 'manager', team: { name: 'Closers' } });
  });

  it('gives the photo’s address when the member has one, readable by every member', async () => {
    const db = server.app.ctx.database.db;
    const key = crypto.randomUUID();
    await db
      .insertInto('photos')
      .values({
        key,
        workspace_id: owner.workspace.id,
        user_id: grace.id,
        content_type: 'image/webp',
        bytes: Buffer.from('RIFF'),
        created_at: new Date().toISOString(),
      })
      .execute();
    await db.updateTable('workspace_users').set({ photo_key: key }).where('id', '=', grace.id).execute();
    const person = await rep.get<Person>(`/api/v1/people/${grace.id}`);
    expect(person.body.photoUrl).toBe(`/api/v1/photos/${key}`);
    const photo = await rep.request('GET', person.body.photoUrl ?? '');
    expect(photo.status).toBe(200);
    expect(photo.headers.get('content-type')).toBe('image/webp');
  });

  it('hides pending, revoked and deactivated people, and someone deactivated later: 404 not_found', async () => {
    const workspaceId = owner.workspace.id;
    for (const status of ['pending', 'revoked', 'deactivated'] as const) {
      const hidden = await addMember(server, { workspaceId, status });
      const answer = await rep.get<Problem>(`/api/v1/people/${hidden.id}`);
      expect(answer.status, status).toBe(404);
      expect(answer.body.code).toBe('not_found');
    }
    const leaving = await addMember(server, { workspaceId, name: 'Leaving Soon' });
    expect((await rep.get(`/api/v1/people/${leaving.id}`)).status).toBe(200);
    const deactivated = await owner.client.post(`/api/v1/users/${leaving.id}/deactivate`);
    expect(deactivated.status, deactivated.text).toBe(200);
    const gone = await rep.get<Problem>(`/api/v1/people/${leaving.id}`);
    expect(gone.status).toBe(404);
    expect(gone.body.code).toBe('not_found');
    expect((await rep.get<Page<Person>>('/api/v1/people?q=leaving')).body.items).toEqual([]);
  });

  it('keeps workspaces apart: another workspace’s member is 404 not_found and never listed', async () => {
    const other = await signUp(server.url, { name: 'Olga Other', workspaceName: 'Elsewhere' });
    const stranger = await addMember(server, { workspaceId: other.workspace.id, name: 'Grace Stranger' });
    const answer = await rep.get<Problem>(`/api/v1/people/${stranger.id}`);
    expect(answer.status).toBe(404);
    expect(answer.body.code).toBe('not_found');
    expect((await rep.get<Page<Person>>('/api/v1/people?q=grace')).body.items.map((p) => p.name)).toEqual([
      'Grace Hopper',
    ]);
    const theirs = await other.client.get<Page<Person>>('/api/v1/people');
    expect(theirs.body.items.map((p) => p.name)).toEqual(['Grace Stranger', 'Olga Other']);
    expect((await other.client.get<Problem>(`/api/v1/people/${grace.id}`)).status).toBe(404);
  });

  it('is described in the OpenAPI document', async () => {
    const doc = await rep.get<{
      paths: Record<string, unknown>;
      components: { schemas: Record<string, { properties: Record<string, unknown> }> };
    }>('/api/openapi.json');
    expect(Object.keys(doc.body.paths)).toEqual(expect.arrayContaining(['/api/v1/people', '/api/v1/people/{id}']));
    expect(Object.keys(doc.body.components.schemas.Person?.properties ?? {}).sort()).toEqual(
      ['id', 'joinedAt', 'name', 'photoUrl', 'role', 'team'].sort(),
    );
  });

  it('answers errors with their status and code', async () => {
    const anonymous = new Client(server.url);
    const unauthenticated = await anonymous.get<Problem>('/api/v1/people');
    expect(unauthenticated.status).toBe(401);
    expect(unauthenticated.body.code).toBe('unauthenticated');
    expect((await anonymous.get<Problem>(`/api/v1/people/${grace.id}`)).body.code).toBe('unauthenticated');

    const badLimit = await rep.get<Problem>('/api/v1/people?limit=0');
    expect(badLimit.status).toBe(400);
    expect(badLimit.body.code).toBe('validation_failed');
    expect(badLimit.body.errors?.[0]?.path).toBe('querystring.limit');

    const badCursor = await rep.get<Problem>('/api/v1/people?cursor=not-a-cursor');
    expect(badCursor.status).toBe(400);
    expect(badCursor.body.code).toBe('validation_failed');
    expect(badCursor.body.errors?.[0]?.path).toBe('cursor');

    const longQ = await rep.get<Problem>(`/api/v1/people?q=${'a'.repeat(101)}`);
    expect(longQ.status).toBe(400);
    expect(longQ.body.code).toBe('validation_failed');
    expect(longQ.body.errors?.[0]?.path).toBe('querystring.q');

    const unknown = await rep.get<Problem>('/api/v1/people/no-such-person');
    expect(unknown.status).toBe(404);
    expect(unknown.body.code).toBe('not_found');
  });
});
