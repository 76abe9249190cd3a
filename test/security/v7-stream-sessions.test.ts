import { createHash } from 'node:crypto';
import { PassThrough } from 'node:stream';
import type { FastifyInstance } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildApp } from '../../src/server/app.js';
import { authRepository } from '../../src/server/modules/auth/auth.repository.js';
import { chatLive } from '../../src/server/modules/chat/chat.live.js';
import type { Channel, Message } from '../../src/shared/api/chat.js';
import type { Page } from '../../src/shared/api/pagination.js';
import type { Problem } from '../../src/shared/errors.js';
import { Client } from '../support/client.js';
import { type SignedUp, signUp } from '../support/factories.js';
import { addMember, setStatus, signIn } from '../support/fixtures.js';
import { type ServerProcess, startServerProcess } from '../support/process.js';
import { recordLogLines } from '../support/secrets-audit.js';
import { startTestServer, type TestServer } from '../support/server.js';
import { type EventStream, openEventStream } from '../support/sse.js';

// ASVS 5.0 V7.4 (session termination) and V7.3 (session timeout) for #general's live stream:
// a stream is tied to the session that opened it and ends with it (security finding 4).

const SESSION = 'salesos_session';
const IDLE_SECONDS = 600;

let server: TestServer;
/** A second server on the same database: another process, whose in-memory registry saw nothing. */
let other: { app: FastifyInstance; url: string };
let admin: SignedUp;
let generalId: string;

async function generalOf(client: Client): Promise<string> {
  const answer = await client.get<Page<Channel>>('/api/v1/channels');
  expect(answer.status, answer.text).toBe(200);
  const general = answer.body.items.find((c) => c.name === 'general');
  if (!general) throw new Error('no #general');
  return general.id;
}

const sessionHash = (client: Client) =>
  createHash('sha256')
    .update(client.cookies.get(SESSION) ?? '', 'utf8')
    .digest('hex');

const db = () => server.app.ctx.database.db;

/** As if the session had last been used `seconds` ago. */
async function lastUsed(client: Client, seconds: number): Promise<void> {
  const at = new Date(Date.now() - seconds * 1000).toISOString();
  await db().updateTable('sessions').set({ last_seen_at: at }).where('id_hash', '=', sessionHash(client)).execute();
}

const lastSeenOf = async (client: Client) =>
  (
    await db()
      .selectFrom('sessions')
      .select('last_seen_at')
      .where('id_hash', '=', sessionHash(client))
      .executeTakeFirst()
  )?.last_seen_at;

/** The same cookies, sent to another server. */
function on(url: string, client: Client): Client {
  const copy = new Client(url);
  for (const [k, v] of client.cookies) copy.cookies.set(k, v);
  return copy;
}

const stream = (client: Client, channelId = generalId) =>
  openEventStream(client, `/api/v1/channels/${channelId}/stream`);

async function post(client: Client, body: string): Promise<Message> {
  const answer = await client.post<Message>(`/api/v1/channels/${generalId}/messages`, { body });
  expect(answer.status, answer.text).toBe(201);
  return answer.body;
}

async function member(role: 'sales_rep' | 'manager' = 'sales_rep') {
  const person = await addMember(server, { workspaceId: admin.workspace.id, role });
  return { ...person, client: await signIn(server, person.email) };
}

/** Streams open in a test, closed at its end whatever happened. */
const opened: EventStream[] = [];
async function track(open: Promise<EventStream>): Promise<EventStream> {
  const s = await open;
  opened.push(s);
  expect(s.status).toBe(200);
  return s;
}

beforeAll(async () => {
  server = await startTestServer({ env: { SESSION_IDLE_TIMEOUT: `${IDLE_SECONDS / 60}m` } });
  const logs = new PassThrough();
  logs.on('data', (chunk: Buffer) => recordLogLines(chunk.toString('utf8').split('\n').filter(Boolean)));
  const app = await buildApp(server.config, { database: server.app.ctx.database, logStream: logs });
  other = { app, url: await app.listen({ port: 0, host: '127.0.0.1' }) };
  admin = await signUp(server.url, { workspaceName: 'Streamers' });
  generalId = await generalOf(admin.client);
});
afterAll(async () => {
  for (const s of opened) s.close();
  await other?.app.close();
  await server?.close();
});

describe('V7.4.1 / V7.4.2 a live stream ends with its session', () => {
  it('signing out ends the open stream at once, and nothing posted later reaches it', async () => {
    const rep = await member();
    const live = await track(stream(rep.client));
    const before = await post(admin.client, 'before sign-out');
    await live.next(before.id);

    expect((await rep.client.post('/api/v1/auth/logout')).status).toBe(204);
    expect(await live.ended(2000)).toBe('signed_out');
    const control = await track(stream(admin.client));
    const after = await post(admin.client, 'after sign-out');
    await control.next(after.id, 2000);
    expect(live.events.map((e) => e.id)).not.toContain(after.id);
  });

  it('deactivating the member (as the admin) ends their stream at once', async () => {
    const rep = await member();
    const live = await track(stream(rep.client));
    expect((await admin.client.post(`/api/v1/users/${rep.id}/deactivate`)).status).toBe(200);
    expect(await live.ended(2000)).toBe('signed_out');
    const after = await post(admin.client, 'after deactivation');
    expect(live.events.map((e) => e.id)).not.toContain(after.id);
  });

  it('deleting the member ends their stream at once', async () => {
    const rep = await member();
    const live = await track(stream(rep.client));
    const removed = await admin.client.delete(`/api/v1/users/${rep.id}`, { reassignTo: null });
    expect(removed.status, removed.text).toBe(204);
    expect(await live.ended(2000)).toBe('signed_out');
  });

  it('signing in again in the same browser (which ends the old session) ends the old session’s stream', async () => {
    const rep = await member();
    const live = await track(stream(rep.client));
    expect((await rep.client.post('/api/v1/auth/login', { email: rep.email, password: rep.password })).status).toBe(
      200,
    );
    expect(await live.ended(2000)).toBe('signed_out');
  });

  it('switching the session to another workspace ends the stream of the old workspace’s channel', async () => {
    const elsewhere = await signUp(server.url, { workspaceName: 'Elsewhere' });
    const rep = await member();
    await addMember(server, { workspaceId: elsewhere.workspace.id, email: rep.email });
    const live = await track(stream(rep.client));
    const switched = await rep.client.post('/api/v1/auth/switch', { workspaceId: elsewhere.workspace.id });
    expect(switched.status, switched.text).toBe(200);
    expect(await live.ended(2000)).toBe('workspace_changed');
  });

  it('a role change re-checks the stream at once; every role may read #general, so it stays open', async () => {
    const manager = await member('manager');
    const live = await track(stream(manager.client));
    expect((await admin.client.patch(`/api/v1/users/${manager.id}`, { role: 'sales_rep' })).status).toBe(200);
    const after = await post(admin.client, 'after the role change');
    await live.next(after.id, 2000);
    expect(live.closed).toBe(false);
  });

  it.each(['sign-out', 'deactivation', 'deletion'] as const)(
    'on another process the next delivery ends the stream after %s there, and withholds the message',
    async (action) => {
      const rep = await member();
      const remote = await track(stream(on(other.url, rep.client)));
      const control = await track(stream(on(other.url, admin.client)));
      const first = await post(admin.client, `before ${action}`);
      await remote.next(first.id, 2000);

      if (action === 'sign-out') expect((await rep.client.post('/api/v1/auth/logout')).status).toBe(204);
      if (action === 'deactivation') {
        expect((await admin.client.post(`/api/v1/users/${rep.id}/deactivate`)).status).toBe(200);
      }
      if (action === 'deletion') {
        expect((await admin.client.delete(`/api/v1/users/${rep.id}`, { reassignTo: null })).status).toBe(204);
      }
      // The other process was not told: the stream is still open until something is delivered.
      const secret = await post(admin.client, `after ${action}`);
      await control.next(secret.id, 2000);
      // Deactivation and deletion end the person's sessions here too.
      expect(await remote.ended(2000)).toBe('signed_out');
      expect(remote.events.map((e) => e.id)).not.toContain(secret.id);
    },
  );

  it('on another process the heartbeat ends a stream whose session ended, with nothing posted', async () => {
    const rep = await member();
    const remote = await track(stream(on(other.url, rep.client)));
    expect((await rep.client.post('/api/v1/auth/logout')).status).toBe(204);
    // Stands in for the 15-second timer: one batched check of every stream of that process.
    await chatLive(other.app.ctx).heartbeat();
    expect(await remote.ended(2000)).toBe('signed_out');
  });

  it('the check reads the membership too: a member no longer active, session or not, gets access_revoked', async () => {
    const rep = await member();
    const live = await track(stream(rep.client));
    const control = await track(stream(admin.client));
    // Another path (or a future one) that changes the status without ending sessions.
    await setStatus(server, rep.id, 'deactivated');
    const secret = await post(admin.client, 'members only');
    await control.next(secret.id, 2000);
    expect(await live.ended(2000)).toBe('access_revoked');
    expect(live.events.map((e) => e.id)).not.toContain(secret.id);
  });

  it('at most 5 streams per session: the 6th is 429 rate_limited with Retry-After, and closing one frees a place', async () => {
    const rep = await member();
    const five = [];
    for (let i = 0; i < 5; i++) five.push(await track(stream(rep.client)));
    const sixth = await stream(rep.client);
    expect([sixth.status, sixth.code]).toEqual([429, 'rate_limited']);
    expect(Number(sixth.retryAfter)).toBeGreaterThan(0);
    // Another session of the same person has its own five.
    const phone = await signIn(server, rep.email);
    await track(stream(phone));

    five[0]?.close();
    const deadline = Date.now() + 5000;
    let again = await stream(rep.client);
    while (again.status === 429 && Date.now() < deadline) {
      await new Promise((r) => setTimeout(r, 20));
      again = await stream(rep.client);
    }
    opened.push(again);
    expect(again.status).toBe(200);
  });
});

describe('V7.3.1 idle timeout (SESSION_IDLE_TIMEOUT)', () => {
  it('a session unused for longer than the timeout is 401 on /me, and its open stream ends', async () => {
    const rep = await member();
    const live = await track(stream(rep.client));
    await lastUsed(rep.client, IDLE_SECONDS + 1);
    const me = await rep.client.get<Problem>('/api/v1/me');
    expect([me.status, me.body.code]).toEqual([401, 'unauthenticated']);
    expect(await live.ended(2000)).toBe('signed_out');
    // Dead for good: the session row is gone, a later request is 401 too.
    expect(await lastSeenOf(rep.client)).toBeUndefined();
    expect((await rep.client.get('/api/v1/channels')).status).toBe(401);
  });

  it('an idle session’s stream ends on the next delivery, without any request of its own', async () => {
    const rep = await member();
    const live = await track(stream(rep.client));
    const control = await track(stream(admin.client));
    await lastUsed(rep.client, IDLE_SECONDS + 1);
    const secret = await post(admin.client, 'while you were away');
    await control.next(secret.id, 2000);
    expect(await live.ended(2000)).toBe('signed_out');
    expect(live.events.map((e) => e.id)).not.toContain(secret.id);
  });

  it('an idle session’s stream ends on the heartbeat, with nothing posted', async () => {
    const rep = await member();
    const live = await track(stream(rep.client));
    await lastUsed(rep.client, IDLE_SECONDS + 1);
    await chatLive(server.app.ctx).heartbeat();
    expect(await live.ended(2000)).toBe('signed_out');
  });

  it('a session in use stays: last_seen_at is refreshed once older than a tenth of the timeout', async () => {
    const rep = await member();
    // Within a tenth (60 s): not rewritten on every request.
    await lastUsed(rep.client, 30);
    const recent = await lastSeenOf(rep.client);
    expect((await rep.client.get('/api/v1/me')).status).toBe(200);
    expect(await lastSeenOf(rep.client)).toBe(recent);
    // Older than a tenth (two minutes; the old rule waited five): refreshed, so the timeout
    // counts from this request.
    await lastUsed(rep.client, 120);
    expect((await rep.client.get('/api/v1/me')).status).toBe(200);
    const refreshed = Date.parse((await lastSeenOf(rep.client)) ?? '');
    expect(Date.now() - refreshed).toBeLessThan(10_000);
    expect((await rep.client.get('/api/v1/me')).status).toBe(200);
  });

  it('the session cookie’s max-age stays the absolute lifetime (30 days)', async () => {
    const rep = await member();
    const answer = await new Client(server.url).post('/api/v1/auth/login', {
      email: rep.email,
      password: rep.password,
    });
    const cookie = answer.headers.getSetCookie().find((c) => c.startsWith(`${SESSION}=`)) ?? '';
    expect(cookie).toMatch(/Max-Age=2592000/i);
  });

  it('housekeeping removes expired and idle sessions, and keeps live ones', async () => {
    const idle = await member();
    const expired = await member();
    const live = await member();
    await lastUsed(idle.client, IDLE_SECONDS + 1);
    await db()
      .updateTable('sessions')
      .set({ expires_at: new Date(Date.now() - 1000).toISOString() })
      .where('id_hash', '=', sessionHash(expired.client))
      .execute();
    const now = new Date().toISOString();
    const idleSince = new Date(Date.now() - IDLE_SECONDS * 1000).toISOString();
    expect(await authRepository.deleteExpiredSessions(db(), now, idleSince)).toBeGreaterThanOrEqual(2);
    expect(await lastSeenOf(idle.client)).toBeUndefined();
    expect(await lastSeenOf(expired.client)).toBeUndefined();
    expect(await lastSeenOf(live.client)).toBeDefined();
  });
});

describe.runIf(process.env.TEST_DATABASE_URL?.startsWith('postgres') && process.env.TEST_DIALECT === 'postgres')(
  'across server processes (PostgreSQL)',
  () => {
    let remote: ServerProcess | undefined;
    afterAll(async () => {
      await remote?.kill();
    });

    it('a stream on another process ends when its session signs out here, and gets no later message', async () => {
      remote = await startServerProcess({ DATABASE_URL: server.database.url, LOG_LEVEL: 'warn' });
      const rep = await member();
      const there = await track(stream(on(remote.url, rep.client)));
      const control = await track(stream(on(remote.url, admin.client)));
      expect((await rep.client.post('/api/v1/auth/logout')).status).toBe(204);
      const secret = await post(admin.client, 'posted after the sign-out');
      await control.next(secret.id, 2000);
      expect(await there.ended(2000)).toBe('signed_out');
      expect(there.events.map((e) => e.id)).not.toContain(secret.id);
    });
  },
);
