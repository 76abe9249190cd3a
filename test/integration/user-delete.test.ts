import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { AuditEvent } from '../../src/shared/api/audit.js';
import type { Me } from '../../src/shared/api/auth.js';
import type { Page } from '../../src/shared/api/pagination.js';
import type { UserRecords } from '../../src/shared/api/users.js';
import type { Deal, Lead } from '../../src/shared/api/work-records.js';
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

/** A workspace where Rita (a sales rep, signed in) owns two deals and one lead. */
async function ritaWithRecords() {
  const admin = await signUp(server.url);
  const workspaceId = admin.workspace.id;
  const rita = await addMember(server, { workspaceId, name: 'Rita Rep' });
  const receiver = await addMember(server, { workspaceId, name: 'Rob Receiver' });
  const ritaClient = await signIn(server, rita.email);
  const deals: string[] = [];
  for (const name of ['Globex', 'Initech']) {
    deals.push((await ritaClient.post<Deal>('/api/v1/deals', { name, amount: 100, stage: 'proposal' })).body.id);
  }
  const lead = (await ritaClient.post<Lead>('/api/v1/leads', { name: 'Hooli' })).body.id;
  return { admin, rita, receiver, ritaClient, deals, lead };
}

const ownersOf = async (client: Client, kind: 'deals' | 'leads', ids: string[]) =>
  Promise.all(ids.map(async (id) => (await client.get<Deal>(`/api/v1/${kind}/${id}`)).body.ownerId));

describe('delete a user', () => {
  it('refuses without a choice when the user owns records: 409 reassignment_required with the counts', async () => {
    const { admin, rita } = await ritaWithRecords();
    const counts = await admin.client.get<UserRecords>(`/api/v1/users/${rita.id}/records`);
    expect(counts.body).toEqual({ deals: 2, leads: 1 });
    for (const body of [{}, undefined]) {
      const answer = await admin.client.delete<Problem>(`/api/v1/users/${rita.id}`, body);
      expect(answer.status).toBe(409);
      expect(answer.body).toMatchObject({ code: 'reassignment_required', deals: 2, leads: 1 });
      expect(answer.body.detail).toContain('2 deals and 1 lead');
    }
    expect((await admin.client.get(`/api/v1/users/${rita.id}`)).status).toBe(200);
  });

  it('hands every deal and lead to the receiver, erases the member, ends their session, removes the account', async () => {
    const { admin, rita, receiver, ritaClient, deals, lead } = await ritaWithRecords();
    const answer = await admin.client.delete(`/api/v1/users/${rita.id}`, { reassignTo: receiver.id });
    expect(answer.status).toBe(204);

    expect(await ownersOf(admin.client, 'deals', deals)).toEqual([receiver.id, receiver.id]);
    expect(await ownersOf(admin.client, 'leads', [lead])).toEqual([receiver.id]);
    const receiverClient = await signIn(server, receiver.email);
    const theirs = await receiverClient.get<Page<Deal>>('/api/v1/deals');
    expect(theirs.body.items.map((d) => d.name).sort()).toEqual(['Globex', 'Initech']);

    const gone = await admin.client.get<Problem>(`/api/v1/users/${rita.id}`);
    expect(gone.status).toBe(404);
    expect((await ritaClient.get<Problem>('/api/v1/me')).status).toBe(401);
    // Name, photo and phone went with the membership; the account had no other workspace.
    const db = server.app.ctx.database.db;
    expect(
      await db.selectFrom('workspace_users').select('id').where('id', '=', rita.id).executeTakeFirst(),
    ).toBeUndefined();
    expect(
      await db.selectFrom('accounts').select('id').where('email', '=', rita.email).executeTakeFirst(),
    ).toBeUndefined();
    const login = await new Client(server.url).post<Problem>('/api/v1/auth/login', {
      email: rita.email,
      password: rita.password,
    });
    expect(login.status).toBe(401);
    expect(login.body.code).toBe('invalid_credentials');

    // The email can be invited again.
    const again = await admin.client.post('/api/v1/invitations', {
      email: rita.email,
      name: 'Rita Again',
      role: 'sales_rep',
    });
    expect(again.status).toBe(201);
  });

  it('leaves the records unassigned when reassignTo is null, and keeps an account that has another workspace', async () => {
    const { admin, rita, deals, lead } = await ritaWithRecords();
    const other = await signUp(server.url);
    await addMember(server, { workspaceId: other.workspace.id, email: rita.email });
    expect((await admin.client.delete(`/api/v1/users/${rita.id}`, { reassignTo: null })).status).toBe(204);
    expect(await ownersOf(admin.client, 'deals', deals)).toEqual([null, null]);
    expect(await ownersOf(admin.client, 'leads', [lead])).toEqual([null]);
    const stillThere = await signIn(server, rita.email);
    const me = await stillThere.get<Me>('/api/v1/me');
    expect(me.body.workspace.id).toBe(other.workspace.id);
  });

  it('deletes a user who owns nothing without a choice, and a deactivated user too', async () => {
    const admin = await signUp(server.url);
    const idle = await addMember(server, { workspaceId: admin.workspace.id });
    const away = await addMember(server, { workspaceId: admin.workspace.id, status: 'deactivated' });
    expect((await admin.client.delete(`/api/v1/users/${idle.id}`)).status).toBe(204);
    expect((await admin.client.delete(`/api/v1/users/${away.id}`, {})).status).toBe(204);
  });

  it('refuses a receiver who is not another active user here: 400 invalid_reassignee, nothing moves', async () => {
    const { admin, rita, deals } = await ritaWithRecords();
    const deactivated = await addMember(server, { workspaceId: admin.workspace.id, status: 'deactivated' });
    const pending = await addMember(server, { workspaceId: admin.workspace.id, status: 'pending' });
    const elsewhere = await signUp(server.url);
    for (const reassignTo of [deactivated.id, pending.id, elsewhere.user.id, rita.id, 'nobody']) {
      const answer = await admin.client.delete<Problem>(`/api/v1/users/${rita.id}`, { reassignTo });
      expect(answer.status).toBe(400);
      expect(answer.body.code).toBe('invalid_reassignee');
      expect(answer.body.errors?.[0]?.path).toBe('reassignTo');
    }
    expect(await ownersOf(admin.client, 'deals', deals)).toEqual([rita.id, rita.id]);
  });

  it('refuses pending invitations (409 not_a_member), oneself (409 cannot_modify_self) and unknown ids (404)', async () => {
    const admin = await signUp(server.url);
    const pending = await addMember(server, { workspaceId: admin.workspace.id, status: 'pending' });
    const notMember = await admin.client.delete<Problem>(`/api/v1/users/${pending.id}`, { reassignTo: null });
    expect(notMember.status).toBe(409);
    expect(notMember.body.code).toBe('not_a_member');
    const self = await admin.client.delete<Problem>(`/api/v1/users/${admin.user.id}`, { reassignTo: null });
    expect(self.status).toBe(409);
    expect(self.body.code).toBe('cannot_modify_self');
    const unknown = await admin.client.delete<Problem>('/api/v1/users/unknown', { reassignTo: null });
    expect(unknown.status).toBe(404);
    expect(unknown.body.code).toBe('not_found');
    const bad = await admin.client.delete<Problem>(`/api/v1/users/${pending.id}`, { reassignTo: 42 });
    expect(bad.status).toBe(400);
    expect(bad.body.code).toBe('validation_failed');
  });

  it('keeps one active admin when two admins delete each other at once', async () => {
    const first = await signUp(server.url);
    const second = await addMember(server, { workspaceId: first.workspace.id, role: 'admin' });
    const secondClient = await signIn(server, second.email);
    const answers = await Promise.all([
      first.client.delete<Problem>(`/api/v1/users/${second.id}`, { reassignTo: null }),
      secondClient.delete<Problem>(`/api/v1/users/${first.user.id}`, { reassignTo: null }),
    ]);
    expect(answers.filter((a) => a.status === 204)).toHaveLength(1);
    const loser = answers.find((a) => a.status !== 204);
    // The loser either lost the race inside the transaction or was already deleted when it asked.
    expect(['last_admin', 'unauthenticated']).toContain(loser?.body.code);
    const admins = await server.app.ctx.database.db
      .selectFrom('workspace_users')
      .select('id')
      .where('workspace_id', '=', first.workspace.id)
      .where('role', '=', 'admin')
      .where('status', '=', 'active')
      .execute();
    expect(admins).toHaveLength(1);
  });

  it('moves every record or none: a failure after the reassignment rolls everything back', async () => {
    const { admin, rita, receiver, ritaClient, deals, lead } = await ritaWithRecords();
    const { database } = server.app.ctx;
    // Make the last step of the delete (removing the membership) fail, after the records moved.
    if (database.dialect === 'sqlite') {
      await sql
        .raw(
          `create trigger fail_delete before delete on workspace_users when old.id = '${rita.id}' begin select raise(abort, 'forced failure'); end`,
        )
        .execute(database.db);
    } else {
      await sql
        .raw(
          `create function fail_delete() returns trigger language plpgsql as $$ begin raise exception 'forced failure'; end $$;
           create trigger fail_delete before delete on workspace_users for each row when (old.id = '${rita.id}') execute function fail_delete();`,
        )
        .execute(database.db);
    }
    try {
      const answer = await admin.client.delete<Problem>(`/api/v1/users/${rita.id}`, { reassignTo: receiver.id });
      expect(answer.status).toBe(500);
      expect(answer.body.code).toBe('internal_error');
    } finally {
      await sql
        .raw(`drop trigger fail_delete${database.dialect === 'sqlite' ? '' : ' on workspace_users'}`)
        .execute(database.db);
    }
    expect(await ownersOf(admin.client, 'deals', deals)).toEqual([rita.id, rita.id]);
    expect(await ownersOf(admin.client, 'leads', [lead])).toEqual([rita.id]);
    expect((await ritaClient.get('/api/v1/me')).status).toBe(200);
    const events = await admin.client.get<Page<AuditEvent>>('/api/v1/audit?action=user.deleted');
    expect(events.body.items).toHaveLength(0);
  });
});
