import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { AuditEvent } from '../../src/shared/api/audit.js';
import type { Me } from '../../src/shared/api/auth.js';
import type { Challenge, ChallengeProgress, MyChallenge, ProgressItem } from '../../src/shared/api/challenges.js';
import type { Channel } from '../../src/shared/api/chat.js';
import type { Dashboard } from '../../src/shared/api/dashboard.js';
import type { Page } from '../../src/shared/api/pagination.js';
import type { Deal } from '../../src/shared/api/work-records.js';
import type { ChallengeStep } from '../../src/shared/challenges.js';
import type { Problem } from '../../src/shared/errors.js';
import type { Client } from '../support/client.js';
import { signUp } from '../support/factories.js';
import { addMember, signIn } from '../support/fixtures.js';
import { startTestServer, type TestServer } from '../support/server.js';

const ALL: ChallengeStep[] = ['complete_profile', 'finish_tour', 'post_in_general', 'create_lead', 'create_deal'];

let server: TestServer;
beforeAll(async () => {
  server = await startTestServer();
});
afterAll(async () => {
  await server?.close();
});

async function workspace() {
  const admin = await signUp(server.url, { name: 'Ada Admin' });
  const workspaceId = admin.workspace.id;
  const rep = await addMember(server, { workspaceId, name: 'Rey Rep' });
  const mate = await addMember(server, { workspaceId, name: 'Mo Mate' });
  return {
    admin: admin.client,
    adminId: admin.user.id,
    workspaceId,
    rep: { ...rep, client: await signIn(server, rep.email) },
    mate: { ...mate, client: await signIn(server, mate.email) },
  };
}

async function createChallenge(admin: Client, body: Record<string, unknown> = {}): Promise<Challenge> {
  const answer = await admin.post<Challenge>('/api/v1/challenges', {
    name: 'First week',
    steps: ALL,
    active: true,
    ...body,
  });
  expect(answer.status, answer.text).toBe(201);
  return answer.body;
}

async function progressOf(client: Client, id: string): Promise<ProgressItem[]> {
  const answer = await client.get<ChallengeProgress>(`/api/v1/challenges/${id}/progress`);
  expect(answer.status, answer.text).toBe(200);
  return answer.body.items;
}

async function mine(client: Client): Promise<MyChallenge | null> {
  const answer = await client.get<Dashboard>('/api/v1/me/dashboard');
  expect(answer.status, answer.text).toBe(200);
  return answer.body.challenge;
}

async function postInGeneral(client: Client, body: string) {
  const channels = await client.get<Page<Channel>>('/api/v1/channels');
  expect(channels.status, channels.text).toBe(200);
  const general = channels.body.items.find((c) => c.name === 'general');
  expect(general).toBeDefined();
  const posted = await client.post(`/api/v1/channels/${general?.id}/messages`, { body });
  expect(posted.status, posted.text).toBe(201);
}

describe('Getting Started challenge', () => {
  it('follows each real action of a member, right after it, until completedAt is set', async () => {
    const { admin, rep } = await workspace();
    const challenge = await createChallenge(admin, { dueDays: 14 });
    expect(challenge).toMatchObject({ name: 'First week', steps: ALL, active: true, dueDays: 14 });

    const myProgress = async () => (await progressOf(rep.client, challenge.id))[0];
    expect(await myProgress()).toMatchObject({ done: [], completedAt: null, stuckAt: 'complete_profile' });
    const card = await mine(rep.client);
    expect(card).toMatchObject({ id: challenge.id, name: 'First week', steps: ALL, done: [], completedAt: null });
    const me = await rep.client.get<Me>('/api/v1/me');
    expect(card?.dueAt).toBe(new Date(Date.parse(me.body.user.acceptedAt ?? '') + 14 * 86_400_000).toISOString());

    expect((await rep.client.patch('/api/v1/me/profile', { name: 'Rey Rep' })).status).toBe(200);
    expect((await myProgress())?.done).toEqual(['complete_profile']);
    expect((await mine(rep.client))?.done).toEqual(['complete_profile']);

    // Skipping the tour is not finishing it.
    expect((await rep.client.post('/api/v1/me/tour', { status: 'skipped' })).status).toBe(200);
    expect((await myProgress())?.done).toEqual(['complete_profile']);
    expect((await rep.client.post('/api/v1/me/tour', { status: 'completed' })).status).toBe(200);
    expect((await myProgress())?.done).toEqual(['complete_profile', 'finish_tour']);

    await postInGeneral(rep.client, 'Hello team!');
    expect((await mine(rep.client))?.done).toEqual(['complete_profile', 'finish_tour', 'post_in_general']);

    expect((await rep.client.post('/api/v1/leads', { name: 'Acme' })).status).toBe(201);
    const beforeDeal = await myProgress();
    expect(beforeDeal).toMatchObject({ completedAt: null, stuckAt: 'create_deal' });
    expect(beforeDeal?.done).toEqual(['complete_profile', 'finish_tour', 'post_in_general', 'create_lead']);

    const deal = await rep.client.post<Deal>('/api/v1/deals', {
      name: 'Acme pilot',
      amount: 10,
      stage: 'qualification',
    });
    expect(deal.status).toBe(201);
    const finished = await myProgress();
    expect(finished).toMatchObject({ done: ALL, stuckAt: null, completedAt: deal.body.createdAt });
    expect((await mine(rep.client))?.completedAt).toBe(deal.body.createdAt);
  });

  it('does not count a teammate’s lead, nor a lead an admin gave me', async () => {
    const { admin, rep, mate } = await workspace();
    const challenge = await createChallenge(admin, { steps: ['create_lead'] });
    expect((await mate.client.post('/api/v1/leads', { name: 'Mate’s lead' })).status).toBe(201);
    expect((await admin.post('/api/v1/leads', { name: 'Given', ownerId: rep.id })).status).toBe(201);
    expect((await progressOf(rep.client, challenge.id))[0]).toMatchObject({ done: [], stuckAt: 'create_lead' });
    expect((await progressOf(mate.client, challenge.id))[0]?.done).toEqual(['create_lead']);
  });

  it('shows admins a leaderboard of every active member and others only themselves', async () => {
    const { admin, adminId, rep, mate } = await workspace();
    const challenge = await createChallenge(admin, { steps: ['finish_tour', 'create_lead'] });
    expect((await mate.client.post('/api/v1/leads', { name: 'One' })).status).toBe(201);
    expect((await rep.client.post('/api/v1/me/tour', { status: 'completed' })).status).toBe(200);
    expect((await rep.client.post('/api/v1/leads', { name: 'Two' })).status).toBe(201);

    const board = await progressOf(admin, challenge.id);
    expect(board.map((i) => i.user.id)).toEqual([rep.id, mate.id, adminId]);
    expect(board[0]).toMatchObject({ done: ['finish_tour', 'create_lead'], stuckAt: null });
    expect(board[0]?.completedAt).not.toBeNull();
    expect(board[1]).toMatchObject({ done: ['create_lead'], completedAt: null, stuckAt: 'finish_tour' });
    expect(board[2]).toMatchObject({ done: [], stuckAt: 'finish_tour' });

    const own = await progressOf(mate.client, challenge.id);
    expect(own.map((i) => i.user.id)).toEqual([mate.id]);
  });

  it('keeps one challenge active at a time and lets admins edit it', async () => {
    const { admin, rep } = await workspace();
    const first = await createChallenge(admin, { name: 'First' });
    const second = await createChallenge(admin, { name: 'Second', steps: ['create_deal', 'complete_profile'] });
    expect(second.steps).toEqual(['complete_profile', 'create_deal']);
    const list = await rep.client.get<Page<Challenge>>('/api/v1/challenges');
    expect(list.status).toBe(200);
    expect(list.body.items.map((c) => [c.name, c.active])).toEqual([
      ['Second', true],
      ['First', false],
    ]);
    expect((await mine(rep.client))?.id).toBe(second.id);

    const edited = await admin.patch<Challenge>(`/api/v1/challenges/${first.id}`, { active: true, dueDays: null });
    expect(edited.status).toBe(200);
    expect(edited.body).toMatchObject({ id: first.id, active: true, dueDays: null });
    expect(await mine(rep.client)).toMatchObject({ id: first.id, dueAt: null });
    const after = await admin.get<Page<Challenge>>('/api/v1/challenges');
    expect(after.body.items.filter((c) => c.active).map((c) => c.id)).toEqual([first.id]);

    expect((await admin.patch(`/api/v1/challenges/${first.id}`, { active: false })).status).toBe(200);
    expect(await mine(rep.client)).toBeNull();

    const audit = await admin.get<Page<AuditEvent>>('/api/v1/audit');
    expect(audit.body.items.filter((e) => e.action === 'onboarding.changed' && e.target?.id === first.id)).toHaveLength(
      3,
    );
  });

  it('refuses non-admins, invalid bodies and another workspace’s challenge', async () => {
    const { admin, rep } = await workspace();
    const challenge = await createChallenge(admin);

    const byRep = await rep.client.post<Problem>('/api/v1/challenges', { name: 'Mine', steps: ALL, active: true });
    expect(byRep.status).toBe(403);
    expect(byRep.body.code).toBe('forbidden');
    const editByRep = await rep.client.patch<Problem>(`/api/v1/challenges/${challenge.id}`, { name: 'X' });
    expect(editByRep.status).toBe(403);
    expect(editByRep.body.code).toBe('forbidden');

    const invalid = [
      { name: '', steps: ALL, active: true },
      { name: 'No steps', steps: [], active: true },
      { name: 'Unknown step', steps: ['close_a_deal'], active: true },
      { name: 'Twice', steps: ['create_lead', 'create_lead'], active: true },
      { name: 'Due', steps: ALL, active: true, dueDays: 0 },
      { name: 'No active', steps: ALL },
    ];
    for (const body of invalid) {
      const answer = await admin.post<Problem>('/api/v1/challenges', body);
      expect(answer.status, JSON.stringify(body)).toBe(400);
      expect(answer.body.code).toBe('validation_failed');
      expect(answer.body.errors?.length).toBeGreaterThan(0);
    }
    const emptyPatch = await admin.patch<Problem>(`/api/v1/challenges/${challenge.id}`, {});
    expect(emptyPatch.status).toBe(400);
    expect(emptyPatch.body.code).toBe('validation_failed');

    const other = await signUp(server.url);
    const otherPatch = await other.client.patch<Problem>(`/api/v1/challenges/${challenge.id}`, { name: 'Mine now' });
    expect(otherPatch.status).toBe(404);
    expect(otherPatch.body.code).toBe('not_found');
    const otherProgress = await other.client.get<Problem>(`/api/v1/challenges/${challenge.id}/progress`);
    expect(otherProgress.status).toBe(404);
    expect(otherProgress.body.code).toBe('not_found');
    const unknown = await admin.get<Problem>('/api/v1/challenges/nope/progress');
    expect(unknown.status).toBe(404);
    expect(unknown.body.code).toBe('not_found');
    expect((await other.client.get<Page<Challenge>>('/api/v1/challenges')).body.items).toEqual([]);
    expect(await mine(other.client)).toBeNull();
  });

  it('is described in the OpenAPI document', async () => {
    const doc = await fetch(`${server.url}/api/openapi.json`).then(
      (r) => r.json() as Promise<{ paths: Record<string, unknown> }>,
    );
    expect(Object.keys(doc.paths)).toEqual(
      expect.arrayContaining(['/api/v1/challenges', '/api/v1/challenges/{id}', '/api/v1/challenges/{id}/progress']),
    );
  });
});
