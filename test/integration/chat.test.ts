import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { kickJobs } from '../../src/server/jobs/jobs.js';
import { chatLive } from '../../src/server/modules/chat/chat.live.js';
import type { AuditEvent } from '../../src/shared/api/audit.js';
import type { Channel, Message, WelcomeMessage } from '../../src/shared/api/chat.js';
import type { Dashboard } from '../../src/shared/api/dashboard.js';
import type { Page } from '../../src/shared/api/pagination.js';
import type { Team } from '../../src/shared/api/teams.js';
import type { User } from '../../src/shared/api/users.js';
import type { Problem } from '../../src/shared/errors.js';
import { Client } from '../support/client.js';
import { type SignedUp, STRONG_PASSWORD, signUp, uniqueEmail } from '../support/factories.js';
import { addMember, signIn } from '../support/fixtures.js';
import { type ServerProcess, startServerProcess } from '../support/process.js';
import { fastOutbox, startTestServer, type TestServer } from '../support/server.js';
import { type CaughtMail, type SmtpCatcher, startSmtpCatcher, tokenFrom } from '../support/smtp.js';
import { openEventStream } from '../support/sse.js';

let smtp: SmtpCatcher;
let server: TestServer;
let owner: SignedUp;
let generalId: string;

async function generalOf(client: Client): Promise<string> {
  const answer = await client.get<Page<Channel>>('/api/v1/channels');
  expect(answer.status, answer.text).toBe(200);
  const general = answer.body.items.find((c) => c.name === 'general');
  if (!general) throw new Error('no #general');
  return general.id;
}

/** Waits for `check` to hold, checking often, failing after `ms`. */
async function eventually<T>(check: () => Promise<T | undefined> | T | undefined, ms = 5000): Promise<T> {
  const deadline = Date.now() + ms;
  for (;;) {
    const value = await check();
    if (value !== undefined) return value;
    if (Date.now() > deadline) throw new Error('timed out');
    await new Promise((r) => setTimeout(r, 20));
  }
}

type Stream = {
  status: number;
  /** The problem's code when the stream was refused. */
  code: string | null;
  events: { id: string; message: Message }[];
  next(id: string, ms?: number): Promise<Message>;
  close(): void;
};

/** #general's live stream as Messages; `next` resolves when the event with that id arrives. */
async function openStream(client: Client, channelId: string, lastEventId?: string): Promise<Stream> {
  const stream = await openEventStream(client, `/api/v1/channels/${channelId}/stream`, lastEventId);
  return {
    status: stream.status,
    code: stream.code,
    get events() {
      return stream.events.map((e) => ({ id: e.id, message: JSON.parse(e.data) as Message }));
    },
    next: async (id, ms = 1000) => JSON.parse((await stream.next(id, ms)).data) as Message,
    close: stream.close,
  };
}

beforeAll(async () => {
  smtp = await startSmtpCatcher();
  server = await startTestServer({
    env: { SMTP_URL: smtp.url, PUBLIC_URL: 'http://crm.example.test' },
    config: { outbox: fastOutbox() },
  });
  owner = await signUp(server.url, { workspaceName: 'Chatty Co' });
  generalId = await generalOf(owner.client);
});
afterAll(async () => {
  await server?.close();
  await smtp?.close();
});

describe('#general', () => {
  it('exists from sign-up, before anyone asks for it', async () => {
    const fresh = await signUp(server.url);
    const rows = await server.app.ctx.database.db
      .selectFrom('channels')
      .select(['name'])
      .where('workspace_id', '=', fresh.workspace.id)
      .execute();
    expect(rows).toEqual([{ name: 'general' }]);
    const listed = await fresh.client.get<Page<Channel>>('/api/v1/channels');
    expect(listed.status).toBe(200);
    expect(listed.body.items.map((c) => c.name)).toEqual(['general']);
  });

  it('posts trimmed plain text and pages backwards, newest last', async () => {
    const ws = await signUp(server.url);
    const channel = await generalOf(ws.client);
    const posted: Message[] = [];
    for (let i = 1; i <= 5; i++) {
      const answer = await ws.client.post<Message>(`/api/v1/channels/${channel}/messages`, {
        body: `  hello ${i} <b>  `,
      });
      expect(answer.status, answer.text).toBe(201);
      posted.push(answer.body);
    }
    expect(posted[0]).toMatchObject({
      body: 'hello 1 <b>',
      channelId: channel,
      author: { id: ws.user.id, name: ws.user.name },
    });

    const first = await ws.client.get<Page<Message>>(`/api/v1/channels/${channel}/messages?limit=2`);
    expect(first.status).toBe(200);
    expect(first.body.items.map((m) => m.body)).toEqual(['hello 4 <b>', 'hello 5 <b>']);
    expect(first.body.nextCursor).not.toBeNull();
    const second = await ws.client.get<Page<Message>>(
      `/api/v1/channels/${channel}/messages?limit=2&cursor=${first.body.nextCursor}`,
    );
    expect(second.body.items.map((m) => m.body)).toEqual(['hello 2 <b>', 'hello 3 <b>']);
    const third = await ws.client.get<Page<Message>>(
      `/api/v1/channels/${channel}/messages?limit=2&cursor=${second.body.nextCursor}`,
    );
    expect(third.body.items.map((m) => m.body)).toEqual(['hello 1 <b>']);
    expect(third.body.nextCursor).toBeNull();

    const dashboard = await ws.client.get<Dashboard>('/api/v1/me/dashboard');
    expect(dashboard.body.general.map((m) => m.body)).toEqual(posted.map((m) => m.body));
  });

  it('refuses empty, too long and malformed input with validation_failed', async () => {
    for (const body of [{ body: '   ' }, { body: 'x'.repeat(4001) }, {}, { body: 42 }]) {
      const answer = await owner.client.post<Problem>(`/api/v1/channels/${generalId}/messages`, body);
      expect(answer.status, JSON.stringify(body)).toBe(400);
      expect(answer.body.code).toBe('validation_failed');
    }
    expect((await owner.client.post(`/api/v1/channels/${generalId}/messages`, { body: 'x'.repeat(4000) })).status).toBe(
      201,
    );
    const cursor = await owner.client.get<Problem>(`/api/v1/channels/${generalId}/messages?cursor=not-a-cursor`);
    expect(cursor.status).toBe(400);
    expect(cursor.body.code).toBe('validation_failed');
  });

  it("answers 404 not_found for another workspace's channel", async () => {
    const other = await signUp(server.url);
    const read = await other.client.get<Problem>(`/api/v1/channels/${generalId}/messages`);
    expect([read.status, read.body.code]).toEqual([404, 'not_found']);
    const post = await other.client.post<Problem>(`/api/v1/channels/${generalId}/messages`, { body: 'sneaky' });
    expect([post.status, post.body.code]).toEqual([404, 'not_found']);
    const stream = await openStream(other.client, generalId);
    expect([stream.status, stream.code]).toEqual([404, 'not_found']);
    stream.close();
    const anonymous = await new Client(server.url).get<Problem>(`/api/v1/channels/${generalId}/messages`);
    expect([anonymous.status, anonymous.body.code]).toEqual([401, 'unauthenticated']);
  });

  it('streams a message posted by another session within a second, and resumes after Last-Event-ID', async () => {
    const rep = await addMember(server, { workspaceId: owner.workspace.id, role: 'sales_rep' });
    const repClient = await signIn(server, rep.email);
    const stream = await openStream(owner.client, generalId);
    expect(stream.status).toBe(200);
    try {
      const posted = await repClient.post<Message>(`/api/v1/channels/${generalId}/messages`, { body: 'live one' });
      expect(posted.status).toBe(201);
      expect(await stream.next(posted.body.id, 1000)).toEqual(posted.body);
    } finally {
      stream.close();
    }

    const a = (await repClient.post<Message>(`/api/v1/channels/${generalId}/messages`, { body: 'missed a' })).body;
    const b = (await repClient.post<Message>(`/api/v1/channels/${generalId}/messages`, { body: 'missed b' })).body;
    const resumed = await openStream(owner.client, generalId, a.id);
    try {
      expect((await resumed.next(b.id, 1000)).body).toBe('missed b');
      expect(resumed.events.map((e) => e.id)).not.toContain(a.id);
    } finally {
      resumed.close();
    }
    // A closed stream stops listening.
    await eventually(() => (chatLive(server.app.ctx).size() === 0 ? true : undefined));
  });
});

describe('welcome message', () => {
  async function mailTo(email: string): Promise<CaughtMail> {
    const isInvitation = (m: CaughtMail) => m.to === email && m.text.includes('/invite/');
    const messages = await smtp.waitFor((all) => all.some(isInvitation));
    const mail = messages.filter(isInvitation).pop();
    if (!mail) throw new Error('no mail');
    return mail;
  }

  async function inviteAndAccept(admin: SignedUp, name: string, teamId?: string) {
    const email = uniqueEmail('newbie');
    const invited = await admin.client.post<User>('/api/v1/invitations', {
      email,
      name,
      role: 'sales_rep',
      ...(teamId ? { teamId } : {}),
    });
    expect(invited.status, invited.text).toBe(201);
    const token = tokenFrom(await mailTo(email));
    const accepted = await new Client(server.url).post('/api/v1/invitations/accept', {
      token,
      password: STRONG_PASSWORD,
    });
    expect(accepted.status, accepted.text).toBe(201);
    return invited.body.id;
  }

  const welcomes = (userId: string) =>
    server.app.ctx.database.db
      .selectFrom('messages')
      .selectAll()
      .where('source_key', '=', `welcome:${userId}`)
      .execute();
  const jobOf = (userId: string) =>
    server.app.ctx.database.db
      .selectFrom('jobs')
      .selectAll()
      .where('type', '=', 'chat.welcome')
      .where('payload', '=', JSON.stringify({ userId }))
      .executeTakeFirstOrThrow();

  it('is admin-only: a sales rep gets 403 forbidden', async () => {
    const rep = await addMember(server, { workspaceId: owner.workspace.id, role: 'sales_rep' });
    const repClient = await signIn(server, rep.email);
    const read = await repClient.get<Problem>('/api/v1/onboarding/welcome-message');
    expect([read.status, read.body.code]).toEqual([403, 'forbidden']);
    const write = await repClient.put<Problem>('/api/v1/onboarding/welcome-message', { enabled: true, template: 'Hi' });
    expect([write.status, write.body.code]).toEqual([403, 'forbidden']);
  });

  it('accepts only the placeholders {name}, {team}, {role} and at most 2000 characters', async () => {
    for (const template of ['Hello {email}', 'Hi {name} {}', 'x'.repeat(2001)]) {
      const answer = await owner.client.put<Problem>('/api/v1/onboarding/welcome-message', { enabled: true, template });
      expect(answer.status).toBe(400);
      expect(answer.body.code).toBe('validation_failed');
      expect(answer.body.errors?.[0]?.path).toBe('template');
    }
  });

  it('is posted once to #general by the workspace when someone accepts, even when its job runs twice', async () => {
    const team = await owner.client.post<Team>('/api/v1/teams', { name: 'Closers' });
    const saved = await owner.client.put<WelcomeMessage>('/api/v1/onboarding/welcome-message', {
      enabled: true,
      template: '  Welcome {name}, our new {role} in {team}! <script>  ',
    });
    expect(saved.status, saved.text).toBe(200);
    expect(saved.body).toMatchObject({ enabled: true, template: 'Welcome {name}, our new {role} in {team}! <script>' });
    expect((await owner.client.get('/api/v1/onboarding/welcome-message')).body).toMatchObject(saved.body);
    const audit = await owner.client.get<Page<AuditEvent>>('/api/v1/audit');
    expect(audit.body.items.map((e) => e.action)).toContain('onboarding.changed');

    const stream = await openStream(owner.client, generalId);
    try {
      const userId = await inviteAndAccept(owner, 'Nina Newbie', team.body.id);
      const [welcome] = await eventually(async () => {
        const rows = await welcomes(userId);
        return rows.length > 0 ? rows : undefined;
      });
      expect(welcome).toMatchObject({
        author_id: null,
        body: 'Welcome Nina Newbie, our new Sales Rep in Closers! <script>',
      });
      const live = await stream.next(welcome?.id ?? '', 2000);
      expect(live.author).toBeNull();

      // The job runs again (a crash after posting, before it was marked done): still one welcome.
      const job = await eventually(async () => {
        const row = await jobOf(userId);
        return row.status === 'done' ? row : undefined;
      });
      await server.app.ctx.database.db
        .updateTable('jobs')
        .set({ status: 'pending', processed_at: null, next_attempt_at: new Date().toISOString() })
        .where('id', '=', job.id)
        .execute();
      kickJobs(server.app.ctx);
      await eventually(async () => ((await jobOf(userId)).status === 'done' ? true : undefined));
      expect(await welcomes(userId)).toHaveLength(1);
    } finally {
      stream.close();
    }
  });

  it('is posted once when two acceptances race, and once when the server restarts right after the acceptance', async () => {
    // A server of its own: this test restarts it.
    const own = await startTestServer({
      env: { SMTP_URL: smtp.url, PUBLIC_URL: 'http://crm.example.test' },
      config: { outbox: fastOutbox() },
    });
    try {
      const ws = await signUp(own.url);
      await ws.client.put('/api/v1/onboarding/welcome-message', { enabled: true, template: 'Welcome {name}!' });
      const email = uniqueEmail('racer');
      const invited = await ws.client.post<User>('/api/v1/invitations', {
        email,
        name: 'Rae Racer',
        role: 'sales_rep',
      });
      const token = tokenFrom(await mailTo(email));
      const answers = await Promise.all(
        [0, 1].map(() => new Client(own.url).post('/api/v1/invitations/accept', { token, password: STRONG_PASSWORD })),
      );
      expect(answers.map((a) => a.status).sort()).toEqual([201, 409]);
      // A restart straight after the commit: the job is in the database, the new process posts it.
      await own.restart();
      const db = () => own.app.ctx.database.db;
      const posted = () =>
        db().selectFrom('messages').select('id').where('source_key', '=', `welcome:${invited.body.id}`).execute();
      await eventually(async () => ((await posted()).length > 0 ? true : undefined));
      await eventually(async () => {
        const jobs = await db()
          .selectFrom('jobs')
          .select('status')
          .where('payload', 'like', `%${invited.body.id}%`)
          .execute();
        return jobs.length === 1 && jobs[0]?.status === 'done' ? true : undefined;
      });
      expect(await posted()).toHaveLength(1);
    } finally {
      await own.close();
    }
  });

  it('is not posted while disabled', async () => {
    const ws = await signUp(server.url);
    const off = await ws.client.put('/api/v1/onboarding/welcome-message', { enabled: false, template: 'Hi {name}' });
    expect(off.status).toBe(200);
    const userId = await inviteAndAccept(ws, 'Quiet Quinn');
    await eventually(async () => ((await jobOf(userId)).status === 'done' ? true : undefined));
    expect(await welcomes(userId)).toHaveLength(0);
  });
});

describe.runIf(process.env.TEST_DATABASE_URL?.startsWith('postgres'))('across processes (PostgreSQL)', () => {
  let other: ServerProcess | undefined;
  afterAll(async () => {
    await other?.kill();
  });

  it('a stream on one process gets a message posted through another within a second', async () => {
    other = await startServerProcess(
      { DATABASE_URL: server.database.url, LOG_LEVEL: 'warn' },
      { outbox: fastOutbox(false) },
    );
    const remote = new Client(other.url);
    const login = await remote.post('/api/v1/auth/login', { email: owner.email, password: owner.password });
    expect(login.status, login.text).toBe(200);
    const stream = await openStream(remote, generalId);
    expect(stream.status).toBe(200);
    try {
      const posted = await owner.client.post<Message>(`/api/v1/channels/${generalId}/messages`, { body: 'over there' });
      expect(posted.status).toBe(201);
      expect((await stream.next(posted.body.id, 1000)).body).toBe('over there');
    } finally {
      stream.close();
    }
  });
});
