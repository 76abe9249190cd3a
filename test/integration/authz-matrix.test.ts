import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { BulkImport } from '../../src/shared/api/bulk-invites.js';
import type { Challenge } from '../../src/shared/api/challenges.js';
import type { Channel } from '../../src/shared/api/chat.js';
import type { Page } from '../../src/shared/api/pagination.js';
import type { Team } from '../../src/shared/api/teams.js';
import type { Deal, Lead } from '../../src/shared/api/work-records.js';
import { ACTORS, type Actor, type Expected, MATRIX } from '../authz/matrix.js';
import { Client } from '../support/client.js';
import { signUp } from '../support/factories.js';
import { addMember, signIn } from '../support/fixtures.js';
import { startTestServer, type TestServer } from '../support/server.js';

let server: TestServer;
let clients: Record<Actor, Client>;
let workspaceId: string;
let admin: Client;
let teamId: string;
let repId: string;

beforeAll(async () => {
  server = await startTestServer();
  const owner = await signUp(server.url);
  admin = owner.client;
  workspaceId = owner.workspace.id;
  teamId = (await admin.post<Team>('/api/v1/teams', { name: 'Matrix team' })).body.id;
  const rep = await addMember(server, { workspaceId, role: 'sales_rep', teamId });
  repId = rep.id;
  const manager = await addMember(server, { workspaceId, role: 'manager', teamId });
  const leaving = await addMember(server, { workspaceId, role: 'sales_rep' });
  const deactivated = await signIn(server, leaving.email);
  expect((await admin.post(`/api/v1/users/${leaving.id}/deactivate`)).status).toBe(200);
  clients = {
    anonymous: new Client(server.url),
    deactivated,
    sales_rep: await signIn(server, rep.email),
    manager: await signIn(server, manager.email),
    other_admin: (await signUp(server.url)).client,
    admin,
  };
});
afterAll(async () => {
  await server?.close();
});

/** Fresh things of workspace A for one request, so what one caller changes never affects the next. */
async function idFor(route: string): Promise<string> {
  const [, path = ''] = route.split(' ');
  if (path.startsWith('/api/v1/users/:id/resend') || path.startsWith('/api/v1/users/:id/revoke')) {
    return (await addMember(server, { workspaceId, status: 'pending' })).id;
  }
  if (path.startsWith('/api/v1/users/:id/reactivate')) {
    return (await addMember(server, { workspaceId, status: 'deactivated' })).id;
  }
  if (path.startsWith('/api/v1/people/')) return (await addMember(server, { workspaceId, teamId })).id;
  if (path.startsWith('/api/v1/users/')) return (await addMember(server, { workspaceId, teamId })).id;
  if (path.startsWith('/api/v1/teams/')) {
    return (await admin.post<Team>('/api/v1/teams', { name: `Team ${crypto.randomUUID()}` })).body.id;
  }
  if (path.startsWith('/api/v1/deals/') || path.startsWith('/api/v1/leads/')) {
    const kind = path.split('/')[3];
    const body =
      kind === 'deals'
        ? { name: 'Matrix deal', amount: 1, stage: 'won', ownerId: repId }
        : { name: 'Matrix lead', ownerId: repId };
    return (await admin.post<Deal | Lead>(`/api/v1/${kind}`, body)).body.id;
  }
  if (path.startsWith('/api/v1/challenges/')) {
    const body = { name: `Challenge ${crypto.randomUUID()}`, steps: ['create_lead'], active: false };
    return (await admin.post<Challenge>('/api/v1/challenges', body)).body.id;
  }
  if (path.startsWith('/api/v1/photos/')) {
    const key = crypto.randomUUID();
    await server.app.ctx.database.db
      .insertInto('photos')
      .values({
        key,
        workspace_id: workspaceId,
        user_id: repId,
        content_type: 'image/webp',
        bytes: Buffer.from('RIFF'),
        created_at: new Date().toISOString(),
      })
      .execute();
    return key;
  }
  if (path.startsWith('/api/v1/invitations/bulk/')) {
    const upload = await admin.request<BulkImport>('POST', '/api/v1/invitations/bulk', {
      rawBody: `email,name,role,team\n${crypto.randomUUID()}@matrix.test,Matrix Person,sales_rep,\n`,
      headers: { 'content-type': 'text/csv' },
    });
    return upload.body.id;
  }
  if (path.startsWith('/api/v1/channels/')) {
    const channels = await admin.get<Page<Channel>>('/api/v1/channels');
    const general = channels.body.items.find((c) => c.name === 'general');
    if (!general) throw new Error('no #general');
    return general.id;
  }
  throw new Error(`No fixture for ${route}`);
}

/**
 * A body that passes validation where the route's answer depends on it (an edit), so that an
 * edit of another workspace's record reaches the lookup; everything else gets `{}`.
 */
function bodyFor(route: string): unknown {
  if (route === 'PATCH /api/v1/users/:id') return { role: 'manager' };
  if (route === 'POST /api/v1/channels/:id/messages') return { body: 'Hello from the matrix' };
  if (route === 'PATCH /api/v1/teams/:id') return { name: `Renamed ${crypto.randomUUID()}` };
  if (route === 'PATCH /api/v1/deals/:id' || route === 'PATCH /api/v1/leads/:id') return { name: 'Renamed' };
  if (route === 'PATCH /api/v1/challenges/:id') return { name: 'Renamed challenge' };
  return {};
}

/** A live stream never ends: its status is all the matrix needs. */
async function streamStatus(client: Client, path: string): Promise<{ status: number; text: string }> {
  const controller = new AbortController();
  const cookie = [...client.cookies].map(([k, v]) => `${k}=${v}`).join('; ');
  const response = await fetch(new URL(path, client.baseUrl), {
    headers: cookie ? { cookie } : {},
    signal: controller.signal,
  });
  const text = response.status === 200 ? '' : await response.text();
  controller.abort();
  return { status: response.status, text };
}

function verdict(status: number): Expected {
  return status === 401 || status === 403 || status === 404 ? status : 'ok';
}

const apiRoutes = () =>
  server.app.routeList
    .map((r) => `${r.method} ${r.url}`)
    .filter((r) => r.split(' ')[1]?.startsWith('/api/') || / \/(healthz|readyz)$/.test(r));

describe('authorization matrix', () => {
  it('has exactly one row for every registered route', () => {
    const registered = apiRoutes();
    expect(
      registered.filter((r) => !(r in MATRIX)),
      'routes without a row in test/authz/matrix.ts',
    ).toEqual([]);
    expect(
      Object.keys(MATRIX).filter((r) => !registered.includes(r)),
      'rows for routes that do not exist',
    ).toEqual([]);
    // Everything else is the web app's static files: read-only.
    const others = server.app.routeList.filter((r) => !registered.includes(`${r.method} ${r.url}`));
    expect(others.filter((r) => r.method !== 'GET')).toEqual([]);
  });

  // Sign-out ends the caller's session: it runs last.
  const routes = Object.keys(MATRIX).sort((a, b) => Number(a.endsWith('/logout')) - Number(b.endsWith('/logout')));
  for (const route of routes) {
    it(`${route}: ${ACTORS.map((a) => `${a} ${MATRIX[route]?.[a]}`).join(', ')}`, async () => {
      const [method = 'GET', pattern = ''] = route.split(' ');
      const got: Partial<Record<Actor, Expected>> = {};
      for (const actor of ACTORS) {
        const path = (
          /:(id|key)\b/.test(pattern) ? pattern.replace(/:(id|key)\b/, await idFor(route)) : pattern
        ).replace('/*', '/index.css');
        const answer = path.endsWith('/stream')
          ? await streamStatus(clients[actor], path)
          : await clients[actor].request(method, path, method === 'GET' ? {} : { body: bodyFor(route) });
        expect(answer.status, `${actor} ${method} ${path}: ${answer.text.slice(0, 200)}`).toBeLessThan(500);
        got[actor] = verdict(answer.status);
      }
      expect(got).toEqual(MATRIX[route]);
    });
  }
});
