import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { AuditEvent } from '../../src/shared/api/audit.js';
import type { Page } from '../../src/shared/api/pagination.js';
import type { Team } from '../../src/shared/api/teams.js';
import type { User } from '../../src/shared/api/users.js';
import type { Problem } from '../../src/shared/errors.js';
import { allPages, Client } from '../support/client.js';
import { type SignedUp, STRONG_PASSWORD, signUp, uniqueEmail } from '../support/factories.js';
import { addMember, signIn } from '../support/fixtures.js';
import { fastOutbox, startTestServer, type TestServer } from '../support/server.js';
import { type SmtpCatcher, startSmtpCatcher, tokenFrom } from '../support/smtp.js';

let smtp: SmtpCatcher;
let server: TestServer;
beforeAll(async () => {
  smtp = await startSmtpCatcher();
  server = await startTestServer({
    env: { SMTP_URL: smtp.url },
    config: {
      outbox: fastOutbox(),
    },
  });
});
afterAll(async () => {
  await server?.close();
  await smtp?.close();
});

const events = (admin: SignedUp, query = '') => allPages<AuditEvent>(admin.client, `/api/v1/audit?limit=3${query}`);
const find = (list: AuditEvent[], action: string) => list.filter((e) => e.action === action);

describe('audit log', () => {
  it('records every admin action with actor, target, before, after, time and address', async () => {
    const admin = await signUp(server.url, { name: 'Ada Admin' });
    const team = (await admin.client.post<Team>('/api/v1/teams', { name: 'East' })).body;
    await admin.client.patch(`/api/v1/teams/${team.id}`, { name: 'East Coast' });
    const email = uniqueEmail('audited');
    const invited = (await admin.client.post<User>('/api/v1/invitations', { email, name: 'Ivy', role: 'sales_rep' }))
      .body;
    await admin.client.patch(`/api/v1/users/${invited.id}`, { role: 'manager' });
    // The first email goes out before the resend: a resend cancels an email not yet sent.
    await smtp.waitFor((all) => all.some((m) => m.to === email));
    await admin.client.post(`/api/v1/users/${invited.id}/resend`);
    const mails = await smtp.waitFor((all) => all.filter((m) => m.to === email).length >= 2);
    const token = tokenFrom(mails.filter((m) => m.to === email).at(-1) as (typeof mails)[number]);
    const accepted = await new Client(server.url).post('/api/v1/invitations/accept', {
      token,
      password: STRONG_PASSWORD,
    });
    expect(accepted.status).toBe(201);
    await admin.client.patch(`/api/v1/users/${invited.id}`, { role: 'sales_rep', teamId: team.id });
    await admin.client.post(`/api/v1/users/${invited.id}/deactivate`);
    await admin.client.post(`/api/v1/users/${invited.id}/reactivate`);
    await admin.client.put('/api/v1/billing/plan', { planId: 'enterprise' });
    const revokedEmail = uniqueEmail('revoked');
    const toRevoke = (
      await admin.client.post<User>('/api/v1/invitations', {
        email: revokedEmail,
        name: 'Rex',
        role: 'sales_rep',
      })
    ).body;
    await admin.client.post(`/api/v1/users/${toRevoke.id}/revoke`);
    await admin.client.delete(`/api/v1/teams/${team.id}`);
    await admin.client.delete(`/api/v1/users/${invited.id}`, { reassignTo: null });

    const list = await events(admin);
    const actions = list.map((e) => e.action);
    for (const action of [
      'team.created',
      'team.renamed',
      'invitation.sent',
      'invitation.edited',
      'invitation.resent',
      'invitation.accepted',
      'user.role_changed',
      'user.team_changed',
      'user.deactivated',
      'user.reactivated',
      'plan.changed',
      'invitation.revoked',
      'team.deleted',
      'user.deleted',
    ]) {
      expect(actions, action).toContain(action);
    }
    // Newest first.
    expect([...list].sort((a, b) => (a.at < b.at ? 1 : a.at > b.at ? -1 : 0)).map((e) => e.at)).toEqual(
      list.map((e) => e.at),
    );

    const [role] = find(list, 'user.role_changed');
    expect(role).toMatchObject({
      actor: { id: admin.user.id, name: 'Ada Admin', email: admin.email },
      target: { type: 'user', id: invited.id, label: email },
      before: { role: 'manager' },
      after: { role: 'sales_rep' },
    });
    expect(role?.ip).toMatch(/127\.0\.0\.1/);
    expect(find(list, 'invitation.edited')[0]).toMatchObject({
      before: { role: 'sales_rep' },
      after: { role: 'manager' },
    });
    expect(find(list, 'team.renamed')[0]).toMatchObject({ before: { name: 'East' }, after: { name: 'East Coast' } });
    expect(find(list, 'plan.changed')[0]).toMatchObject({ after: { plan: 'enterprise' } });
    expect(find(list, 'invitation.accepted')[0]).toMatchObject({ actor: { id: invited.id, email } });
    // The deleted person's event outlives them, by email.
    expect(find(list, 'user.deleted')[0]).toMatchObject({
      target: { id: invited.id, label: email },
      after: { reassignedTo: null, deals: 0, leads: 0, accountRemoved: true },
    });
  });

  it('records failed sign-ins and denied requests as security events', async () => {
    const admin = await signUp(server.url);
    const rep = await addMember(server, { workspaceId: admin.workspace.id, name: 'Rae Rep' });
    const failed = await new Client(server.url).post<Problem>('/api/v1/auth/login', {
      email: rep.email,
      password: 'not-the-password-at-all',
    });
    expect(failed.status).toBe(401);
    const repClient = await signIn(server, rep.email);
    const denied = await repClient.get<Problem>('/api/v1/users');
    expect(denied.status).toBe(403);
    const csrf = await repClient.post<Problem>(
      '/api/v1/deals',
      { name: 'x', amount: 1, stage: 'won' },
      { csrf: 'wrong' },
    );
    expect(csrf.status).toBe(403);
    expect(csrf.body.code).toBe('csrf_failed');

    const list = await events(admin);
    expect(find(list, 'auth.sign_in_failed')[0]).toMatchObject({ target: { id: rep.id, label: rep.email } });
    expect(find(list, 'auth.signed_in').map((e) => e.target?.id)).toContain(rep.id);
    const deniedEvents = find(list, 'access.denied');
    expect(deniedEvents.map((e) => e.after?.reason).sort()).toEqual(['csrf_failed', 'forbidden']);
    expect(deniedEvents.find((e) => e.after?.reason === 'forbidden')).toMatchObject({
      actor: { id: rep.id },
      target: { type: 'route', label: 'GET /api/v1/users' },
    });
  });

  it('filters by action, target and time, and pages with a cursor', async () => {
    const admin = await signUp(server.url);
    for (const name of ['A', 'B', 'C', 'D']) await admin.client.post('/api/v1/teams', { name });
    const created = await events(admin, '&action=team.created');
    expect(created.map((e) => e.target?.label)).toEqual(['D', 'C', 'B', 'A']);
    const first = await admin.client.get<Page<AuditEvent>>('/api/v1/audit?action=team.created&limit=3');
    expect(first.body.items).toHaveLength(3);
    expect(first.body.nextCursor).toBeTruthy();
    const target = created[1]?.target?.id ?? '';
    expect((await events(admin, `&targetId=${target}`)).map((e) => e.target?.label)).toEqual(['C']);
    const future = new Date(Date.now() + 86_400_000).toISOString();
    expect(await events(admin, `&from=${encodeURIComponent(future)}`)).toEqual([]);
    const today = new Date().toISOString().slice(0, 10);
    expect((await events(admin, `&action=team.created&to=${today}`)).length).toBe(4);
    // Another workspace's log is its own.
    const other = await signUp(server.url);
    expect(find(await events(other), 'team.created')).toEqual([]);

    const badCursor = await admin.client.get<Problem>('/api/v1/audit?cursor=nonsense');
    expect(badCursor.status).toBe(400);
    expect(badCursor.body.code).toBe('validation_failed');
    const badAction = await admin.client.get<Problem>('/api/v1/audit?action=coffee.made');
    expect(badAction.status).toBe(400);
    expect(badAction.body.code).toBe('validation_failed');
  });

  it('is for admins only: 403 forbidden for others, 401 without a session', async () => {
    const admin = await signUp(server.url);
    const manager = await addMember(server, { workspaceId: admin.workspace.id, role: 'manager' });
    const managerClient = await signIn(server, manager.email);
    for (const path of ['/api/v1/audit', '/api/v1/audit.csv']) {
      const forbidden = await managerClient.get<Problem>(path);
      expect(forbidden.status).toBe(403);
      expect(forbidden.body.code).toBe('forbidden');
      const anonymous = await new Client(server.url).get<Problem>(path);
      expect(anonymous.status).toBe(401);
      expect(anonymous.body.code).toBe('unauthenticated');
    }
  });

  it('exports audit.csv as an attachment whose cells a spreadsheet shows as text, not formulas', async () => {
    const admin = await signUp(server.url);
    await admin.client.post('/api/v1/teams', { name: '=1+2' });
    await admin.client.post('/api/v1/teams', { name: '@SUM(A1)' });
    await admin.client.post('/api/v1/teams', { name: 'Sales, "West"' });
    const answer = await admin.client.get<string>('/api/v1/audit.csv?action=team.created');
    expect(answer.status).toBe(200);
    expect(answer.headers.get('content-type')).toBe('text/csv; charset=utf-8');
    expect(answer.headers.get('content-disposition')).toMatch(/^attachment; filename="audit-\d{4}-\d{2}-\d{2}\.csv"$/);
    const lines = answer.text.split('\r\n').filter(Boolean);
    expect(lines[0]).toBe('time,actor,actor_email,action,target_type,target,before,after,ip');
    expect(lines).toHaveLength(4);
    // Neutralised: each dangerous cell starts with an apostrophe; no cell starts with = or @.
    expect(answer.text).toContain(",'=1+2,");
    expect(answer.text).toContain(",'@SUM(A1),");
    expect(answer.text).toContain(',"Sales, ""West""",');
    for (const cell of answer.text.split(/[,\r\n]+/)) expect(cell).not.toMatch(/^[=+\-@]/);
    expect(answer.text).toContain(',Team created,team,');
  });
});
