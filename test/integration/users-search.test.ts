import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { BulkImport } from '../../src/shared/api/bulk-invites.js';
import type { Page } from '../../src/shared/api/pagination.js';
import type { Team } from '../../src/shared/api/teams.js';
import type { User } from '../../src/shared/api/users.js';
import { allPages, type Client } from '../support/client.js';
import { type SignedUp, signUp } from '../support/factories.js';
import { addMember } from '../support/fixtures.js';
import { fastOutbox, startTestServer, type TestServer } from '../support/server.js';

// Search in the Users list (SPEC §12): every word of q matches the start of a word of the name
// or the email, ignoring case and accents. The workspace is large enough for both ways of
// answering to be exercised: a word more than 2,000 people have (`fill`) is found by walking the
// sort order, a rare one through the text index (and, on PostgreSQL, past the window of 1,000 rows
// of the sort order that is tested first).
const FILLERS = 2100;

const SPECIALS = [
  ['jose.nunez@acme.test', 'José Núñez', 'manager', 'Enterprise'],
  ['j.alvarez@acme.test', 'Jose Alvarez', 'sales_rep', ''],
  ['anna.smith@acme.test', 'Anna Smith', 'sales_rep', 'Enterprise'],
  ['joanna@acme.test', 'Joanna Smithson', 'manager', ''],
  ['bjorn@acme.test', 'Björn Ångström', 'sales_rep', ''],
  ['zoe.strom-bauer@acme.test', 'Zoë Ström-Bauer', 'sales_rep', 'Enterprise'],
] as const;

let server: TestServer;
let admin: SignedUp;
let team: Team;

async function send(client: Client, csv: string): Promise<void> {
  const upload = await client.request<BulkImport>('POST', '/api/v1/invitations/bulk', {
    rawBody: csv,
    headers: { 'content-type': 'text/csv' },
  });
  expect(upload.status, upload.text).toBe(201);
  expect(upload.body.counts.invalid).toBe(0);
  const sent = await client.post<BulkImport>(`/api/v1/invitations/bulk/${upload.body.id}/send`);
  expect(sent.status, sent.text).toBe(200);
}

beforeAll(async () => {
  server = await startTestServer({ config: { outbox: fastOutbox(false) } });
  admin = await signUp(server.url, { email: 'owner@search-owner.test', name: 'Owner Admin' });
  expect((await admin.client.put('/api/v1/billing/plan', { planId: 'enterprise' })).status).toBe(200);
  team = (await admin.client.post<Team>('/api/v1/teams', { name: 'Enterprise' })).body;
  const lines = ['email,name,role,team', ...SPECIALS.map((row) => row.join(','))];
  for (let i = 0; i < FILLERS; i++) {
    const n = String(i).padStart(4, '0');
    lines.push(`filler${n}@fill.test,Filler ${n},sales_rep,`);
  }
  await send(admin.client, lines.join('\n'));
  // Another workspace with a José of its own: never in the first one's answers.
  const other = await signUp(server.url, { email: 'owner@search-other.test' });
  await send(other.client, 'email,name,role,team\njose@other.test,José Other,sales_rep,\n');
}, 120_000);
afterAll(async () => {
  await server?.close();
});

const search = async (q: string, extra = ''): Promise<string[]> =>
  (await allPages<User>(admin.client, `/api/v1/users?q=${encodeURIComponent(q)}&limit=100${extra}`)).map((u) => u.name);

describe('search in the Users list', () => {
  it('matches the start of words of the name, ignoring case and accents both ways, words in any order', async () => {
    expect(await search('jose')).toEqual(['Jose Alvarez', 'José Núñez']);
    expect(await search('José')).toEqual(['Jose Alvarez', 'José Núñez']);
    expect(await search('NÚÑEZ')).toEqual(['José Núñez']);
    expect(await search('nunez jo')).toEqual(['José Núñez']);
    expect(await search('anna smi')).toEqual(['Anna Smith']);
    expect(await search('smi anna')).toEqual(['Anna Smith']);
    expect(await search('smi')).toEqual(['Anna Smith', 'Joanna Smithson']);
    expect(await search('ångs')).toEqual(['Björn Ångström']);
    expect(await search('angstrom bjö')).toEqual(['Björn Ångström']);
    // Inside a hyphenated name, each part is a word; the middle of a word is not its start.
    expect(await search('bauer')).toEqual(['Zoë Ström-Bauer']);
    expect(await search('zoe STROM')).toEqual(['Zoë Ström-Bauer']);
    expect(await search('nna')).toEqual([]);
    expect(await search('mith')).toEqual([]);
    expect(await search('anna smith nobody')).toEqual([]);
  });

  it('matches email prefixes, a word of the email, and email parts that follow each other', async () => {
    expect(await search('anna.sm')).toEqual(['Anna Smith']);
    expect(await search('anna.smith@acme')).toEqual(['Anna Smith']);
    expect(await search('j.alv')).toEqual(['Jose Alvarez']);
    expect(await search('filler0012@fill.test')).toEqual(['Filler 0012']);
    expect((await search('acme')).sort()).toEqual(SPECIALS.map(([, name]) => name).sort());
    // The parts of one word must follow each other: `smith.anna` is nobody's email.
    expect(await search('smith.anna')).toEqual([]);
  });

  it('combines with the role, team and status filters', async () => {
    expect(await search('acme', '&role=manager')).toEqual(['Joanna Smithson', 'José Núñez']);
    expect(await search('acme', `&teamId=${team.id}`)).toEqual(['Anna Smith', 'José Núñez', 'Zoë Ström-Bauer']);
    expect(await search('jo', `&role=manager&teamId=${team.id}`)).toEqual(['José Núñez']);
    expect(await search('acme', '&status=active')).toEqual([]);
    expect((await search('acme', '&status=pending')).length).toBe(SPECIALS.length);
    expect(await search('filler', '&status=active')).toEqual([]);
  });

  it('pages through a result of many pages in every sort, each match exactly once and in order', async () => {
    const expected = Array.from({ length: FILLERS }, (_, i) => `Filler ${String(i).padStart(4, '0')}`);
    for (const [sort, order, want] of [
      ['name', 'asc', expected],
      ['name', 'desc', [...expected].reverse()],
      ['email', 'asc', expected],
      ['email', 'desc', [...expected].reverse()],
    ] as const) {
      const names = (
        await allPages<User>(admin.client, `/api/v1/users?q=fill&sort=${sort}&order=${order}&limit=97`)
      ).map((u) => u.name);
      expect(names, `${sort} ${order}`).toEqual(want);
    }
    const byInvitedAt = await allPages<User>(admin.client, '/api/v1/users?q=fi&sort=invitedAt&order=desc&limit=61');
    expect(new Set(byInvitedAt.map((u) => u.id)).size).toBe(FILLERS);
    const keys = byInvitedAt.map((u) => `${u.invitedAt} ${u.id}`);
    expect(keys).toEqual([...keys].sort().reverse());
  });

  it('pages through rare matches past the first rows of the sort order (the text index)', async () => {
    // `Filler 12xx` are the rows near the end of the name order: found through the index.
    const names = (await allPages<User>(admin.client, '/api/v1/users?q=filler%2012&limit=7')).map((u) => u.name);
    expect(names).toEqual(Array.from({ length: 100 }, (_, i) => `Filler ${1200 + i}`));
    expect(await search('zoe')).toEqual(['Zoë Ström-Bauer']);
    expect(await search('filler 1299')).toEqual(['Filler 1299']);
    expect(await search('filler 9999')).toEqual([]);
  });

  it('follows a rename, a new invitation of the same email and a deletion at once', async () => {
    const [alvarez] = (await admin.client.get<Page<User>>('/api/v1/users?q=alvarez')).body.items;
    if (!alvarez) throw new Error('Jose Alvarez is missing');
    const renamed = await admin.client.patch<User>(`/api/v1/users/${alvarez.id}`, { name: 'Jürgen Quast' });
    expect(renamed.status, renamed.text).toBe(200);
    // The name's words are gone at once; the email's stay.
    expect(await search('jose')).toEqual(['José Núñez']);
    expect(await search('jurgen')).toEqual(['Jürgen Quast']);
    expect(await search('alvarez')).toEqual(['Jürgen Quast']);

    const revoked = await admin.client.post<User>(`/api/v1/users/${alvarez.id}/revoke`);
    expect(revoked.status, revoked.text).toBe(200);
    expect(await search('jurgen')).toEqual([]);
    const invited = await admin.client.post<User>('/api/v1/invitations', {
      email: 'j.alvarez@acme.test',
      name: 'Élodie Varga',
      role: 'sales_rep',
    });
    expect(invited.status, invited.text).toBe(201);
    expect(await search('jurgen')).toEqual([]);
    expect(await search('elodie')).toEqual(['Élodie Varga']);
    expect(await search('j.alvarez')).toEqual(['Élodie Varga']);

    const member = await addMember(server, {
      workspaceId: admin.workspace.id,
      name: 'Dagmar Østergaard',
      email: 'dagmar@acme.test',
    });
    expect(await search('ostergaard')).toEqual(['Dagmar Østergaard']);
    const deleted = await admin.client.delete(`/api/v1/users/${member.id}`, { reassignTo: null });
    expect(deleted.status, deleted.text).toBe(204);
    expect(await search('ostergaard')).toEqual([]);
    expect(await search('dagmar')).toEqual([]);
  });

  it('treats a query of punctuation only as no search, and LIKE’s wildcards as punctuation', async () => {
    const all = await admin.client.get<Page<User>>('/api/v1/users?limit=5');
    const dashes = await admin.client.get<Page<User>>(`/api/v1/users?q=${encodeURIComponent(' - @ ')}&limit=5`);
    expect(dashes.status).toBe(200);
    expect(dashes.body.items.map((u) => u.id)).toEqual(all.body.items.map((u) => u.id));
    // `%` and `_` are no wildcards: `fil%er` is the words `fil` and `er` following each other.
    const percent = await admin.client.get<Page<User>>(`/api/v1/users?q=${encodeURIComponent('fil%er')}`);
    expect(percent.status).toBe(200);
    expect(percent.body.items).toEqual([]);
    expect(await search('fi_ler')).toEqual([]);
  });
});
