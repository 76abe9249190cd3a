import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { BulkImport, BulkRow } from '../../src/shared/api/bulk-invites.js';
import type { Page } from '../../src/shared/api/pagination.js';
import type { Team } from '../../src/shared/api/teams.js';
import type { User } from '../../src/shared/api/users.js';
import type { Problem } from '../../src/shared/errors.js';
import { allPages, type Client, type OrProblem } from '../support/client.js';
import { type SignedUp, signUp, uniqueEmail } from '../support/factories.js';
import { addMember, signIn } from '../support/fixtures.js';
import { fastOutbox, startTestServer, type TestServer } from '../support/server.js';

let server: TestServer;
beforeAll(async () => {
  server = await startTestServer({
    config: {
      outbox: fastOutbox(false),
    },
  });
});
afterAll(async () => {
  await server?.close();
});

function upload(client: Client, body: string | Buffer, options: { type?: string; fileName?: string } = {}) {
  return client.request<OrProblem<BulkImport>>(
    'POST',
    `/api/v1/invitations/bulk${options.fileName ? `?fileName=${options.fileName}` : ''}`,
    {
      rawBody: body as string,
      headers: { 'content-type': options.type ?? 'text/csv' },
    },
  );
}

function rows(client: Client, id: string, filter = 'all'): Promise<BulkRow[]> {
  return allPages<BulkRow>(client, `/api/v1/invitations/bulk/${id}/rows?filter=${filter}&limit=200`);
}

async function enterpriseAdmin(): Promise<SignedUp> {
  const admin = await signUp(server.url);
  await admin.client.put('/api/v1/billing/plan', { planId: 'enterprise' });
  await admin.client.post('/api/v1/teams', { name: 'Enterprise' });
  await admin.client.post('/api/v1/teams', { name: 'SMB' });
  return admin;
}

describe('the CSV template', () => {
  it('is the help page’s header and three example rows', async () => {
    const admin = await signUp(server.url);
    const answer = await admin.client.get('/api/v1/invitations/bulk/template');
    expect(answer.status).toBe(200);
    expect(answer.headers.get('content-type')).toContain('text/csv');
    expect(answer.headers.get('content-disposition')).toContain('attachment');
    expect(answer.text.trim().split(/\r?\n/)).toEqual([
      'email,name,role,team',
      'john@company.com,John Smith,sales_rep,Enterprise',
      'sarah@company.com,Sarah Jones,manager,SMB',
      'mike@company.com,Mike Brown,sales_rep,Enterprise',
    ]);
    const check = await upload(admin.client, answer.text);
    expect(check.status).toBe(201);
    // Its teams do not exist in a new workspace: the preview says so.
    expect(check.body.issues).toEqual({ unknown_team: 3 });
  });
});

describe('every issue a row can have', () => {
  it('reports each code with the spreadsheet row, and the first row of a duplicate', async () => {
    const admin = await enterpriseAdmin();
    const member = await addMember(server, { workspaceId: admin.workspace.id });
    const pending = await addMember(server, { workspaceId: admin.workspace.id, status: 'pending' });
    const expired = await addMember(server, {
      workspaceId: admin.workspace.id,
      status: 'pending',
      expiresInSeconds: -10,
    });
    const csv = [
      'email,name,role,team',
      'ok1@acme.test,Okay One,sales_rep,Enterprise', // 2 valid
      ',No Email,manager,', // 3 missing_email
      'not-an-email,Bad Email,manager,', // 4 invalid_email
      'noname@acme.test,,admin,', // 5 missing_name
      'norole@acme.test,No Role,,', // 6 missing_role
      'badrole@acme.test,Bad Role,owner,', // 7 invalid_role
      'noteam@acme.test,No Team,sales_rep,Moon Base', // 8 unknown_team
      'OK1@acme.test,Again,sales_rep,', // 9 duplicate_in_file (row 2)
      `${member.email},Member,sales_rep,`, // 10 already_member
      `${pending.email},Pending,sales_rep,`, // 11 already_invited
      `${expired.email},Expired,Sales Rep,  smb  `, // 12 valid: an expired invitation can be sent again
      `longname@acme.test,${'n'.repeat(101)},admin,`, // 13 invalid_name
    ].join('\n');
    const answer = await upload(admin.client, csv);
    expect(answer.status).toBe(201);
    expect(answer.body.counts).toMatchObject({ rows: 12, valid: 2, invalid: 10 });
    expect(answer.body.issues).toEqual({
      missing_email: 1,
      invalid_email: 1,
      missing_name: 1,
      invalid_name: 1,
      missing_role: 1,
      invalid_role: 1,
      unknown_team: 1,
      duplicate_in_file: 1,
      already_member: 1,
      already_invited: 1,
    });
    expect(answer.body.seats).toEqual({ required: 2, available: null });
    const all = await rows(admin.client, answer.body.id);
    const codeAt = (row: number) => all.find((r) => r.row === row)?.issues.map((i) => i.code);
    expect(codeAt(2)).toEqual([]);
    expect(codeAt(3)).toEqual(['missing_email']);
    expect(codeAt(4)).toEqual(['invalid_email']);
    expect(codeAt(5)).toEqual(['missing_name']);
    expect(codeAt(6)).toEqual(['missing_role']);
    expect(codeAt(7)).toEqual(['invalid_role']);
    expect(codeAt(8)).toEqual(['unknown_team']);
    expect(codeAt(9)).toEqual(['duplicate_in_file']);
    expect(codeAt(10)).toEqual(['already_member']);
    expect(codeAt(11)).toEqual(['already_invited']);
    expect(codeAt(12)).toEqual([]);
    expect(codeAt(13)).toEqual(['invalid_name']);
    expect(all.find((r) => r.row === 9)?.issues[0]?.message).toContain('row 2');
    expect(all.find((r) => r.row === 7)?.issues[0]?.message).toMatch(/admin, manager, sales_rep/);
    expect(all.find((r) => r.row === 12)).toMatchObject({ role: 'sales_rep', team: 'smb', status: 'valid' });
    const invalid = await rows(admin.client, answer.body.id, 'invalid');
    expect(invalid.map((r) => r.row)).toEqual([3, 4, 5, 6, 7, 8, 9, 10, 11, 13]);
    const valid = await rows(admin.client, answer.body.id, 'valid');
    expect(valid.map((r) => r.row)).toEqual([2, 12]);
  });
});

describe('reading files', () => {
  const expectPeople = async (
    admin: SignedUp,
    body: string | Buffer,
    expected: { row: number; email: string; name: string }[],
  ) => {
    const answer = await upload(admin.client, body);
    expect(answer.status, answer.text).toBe(201);
    const all = await rows(admin.client, answer.body.id);
    expect(all.map((r) => ({ row: r.row, email: r.email, name: r.name }))).toEqual(expected);
    return answer.body;
  };

  it('takes a BOM, semicolons, CRLF, header names in any case and order, and warns about unknown columns', async () => {
    const admin = await enterpriseAdmin();
    const body = await expectPeople(
      admin,
      '\uFEFFRole;NAME;Phone;E-Mail Notes;Email\r\nmanager;"Smith; Jane";555;x;jane@acme.test\r\n',
      [{ row: 2, email: 'jane@acme.test', name: 'Smith; Jane' }],
    );
    expect(body.warnings).toEqual(['Ignored columns: phone, e-mail notes.']);
  });

  it('takes tabs, quoted fields with delimiters, quotes and newlines inside, LF endings, blank lines and unicode', async () => {
    const admin = await enterpriseAdmin();
    await expectPeople(
      admin,
      'email\tname\trole\na@acme.test\t"Zoë ""Z"" Åberg\tthe second"\tadmin\n\nb@acme.test\t"Ng, Tomás"\tsales_rep\n',
      [
        { row: 2, email: 'a@acme.test', name: 'Zoë "Z" Åberg\tthe second' },
        { row: 4, email: 'b@acme.test', name: 'Ng, Tomás' },
      ],
    );
  });

  it('counts a quoted newline as one spreadsheet row', async () => {
    const admin = await enterpriseAdmin();
    await expectPeople(admin, 'email,name,role\r\na@acme.test,"Two\r\nLines",admin\r\nb@acme.test,B,admin\r\n', [
      { row: 2, email: 'a@acme.test', name: 'Two\r\nLines' },
      { row: 3, email: 'b@acme.test', name: 'B' },
    ]);
  });

  it('takes the file as multipart field `file`, named after the file', async () => {
    const admin = await enterpriseAdmin();
    const form = new FormData();
    form.set(
      'file',
      new Blob(['email,name,role\nm@acme.test,Multi Part,manager\n'], { type: 'text/csv' }),
      'team-q3.csv',
    );
    const answer = await fetch(new URL('/api/v1/invitations/bulk', server.url), {
      method: 'POST',
      body: form,
      headers: {
        cookie: [...admin.client.cookies].map(([k, v]) => `${k}=${v}`).join('; '),
        'x-csrf-token': admin.client.csrfToken() ?? '',
      },
    });
    expect(answer.status).toBe(201);
    const body = (await answer.json()) as BulkImport;
    expect(body).toMatchObject({ fileName: 'team-q3.csv', counts: { rows: 1, valid: 1 } });
  });

  it('refuses a file without the required columns: 400 missing_columns, naming them', async () => {
    const admin = await enterpriseAdmin();
    const answer = await upload(admin.client, 'mail,full name,team\na@b.c,A,\n');
    expect(answer.status).toBe(400);
    expect(answer.body.code).toBe('missing_columns');
    expect(answer.body.detail).toContain('email, name, role');
  });

  it('refuses an empty file and a header without rows: 400 empty_file', async () => {
    const admin = await enterpriseAdmin();
    for (const body of ['', '\uFEFF', 'email,name,role\n', 'email,name,role\n,,\n\n']) {
      const answer = await upload(admin.client, body);
      expect(answer.status, JSON.stringify(body)).toBe(400);
      expect(answer.body.code).toBe('empty_file');
    }
  });

  it('refuses binary and non-UTF-8 files: 400 not_csv', async () => {
    const admin = await enterpriseAdmin();
    const png = Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a, 0, 0, 0, 13]);
    const latin1 = Buffer.from('email,name,role\nz@acme.test,Zo\xeb,admin\n', 'latin1');
    for (const body of [png, latin1]) {
      const answer = await upload(admin.client, body);
      expect(answer.status).toBe(400);
      expect(answer.body.code).toBe('not_csv');
    }
    const json = await upload(admin.client, '{"email":"j@acme.test"}', { type: 'application/json' });
    expect(json.status).toBe(400);
    expect(json.body.code).toBe('not_csv');
    const list = await admin.client.get<Page<User>>('/api/v1/users');
    expect(list.body.items).toHaveLength(1);
  });

  it('refuses more than 100,000 rows: 413 file_too_large', async () => {
    const admin = await enterpriseAdmin();
    const lines = ['email,name,role'];
    for (let i = 0; i <= 100_000; i++) lines.push(`p${i}@x.io,P,admin`);
    const answer = await upload(admin.client, lines.join('\n'));
    expect(answer.status).toBe(413);
    expect(answer.body.code).toBe('file_too_large');
  });

  it('refuses more than 20 MB from its Content-Length, before reading it: 413 file_too_large', async () => {
    const admin = await enterpriseAdmin();
    const body = `email,name,role\n${'a@b.io,A,admin\n'.repeat(Math.ceil((21 * 1024 * 1024) / 15))}`;
    const answer = await upload(admin.client, body);
    expect(answer.status).toBe(413);
    expect(answer.body.code).toBe('file_too_large');
  });

  it('refuses more than 20 MB sent without a Content-Length, while reading: 413 file_too_large', async () => {
    const admin = await enterpriseAdmin();
    const chunk = Buffer.from(`${'a@b.io,A,admin\n'.repeat(10_000)}`);
    let sent = 0;
    const stream = new ReadableStream<Uint8Array>({
      start(controller) {
        controller.enqueue(Buffer.from('email,name,role\n'));
      },
      pull(controller) {
        if (sent > 22 * 1024 * 1024) controller.close();
        else {
          sent += chunk.length;
          controller.enqueue(chunk);
        }
      },
    });
    const answer = await fetch(new URL('/api/v1/invitations/bulk', server.url), {
      method: 'POST',
      body: stream,
      duplex: 'half',
      headers: {
        'content-type': 'text/csv',
        cookie: [...admin.client.cookies].map(([k, v]) => `${k}=${v}`).join('; '),
        'x-csrf-token': admin.client.csrfToken() ?? '',
      },
    } as RequestInit);
    expect(answer.status).toBe(413);
    expect(((await answer.json()) as Problem).code).toBe('file_too_large');
  });
});

describe('Send All Invitations', () => {
  it('invites every valid row, skips invalid ones, and queues their emails', async () => {
    const admin = await enterpriseAdmin();
    const csv =
      'email,name,role,team\nx1@acme.test,X One,sales_rep,Enterprise\nx2@acme.test,X Two,manager,\nbad,Bad,admin,\n';
    const preview = await upload(admin.client, csv);
    const sent = await admin.client.post<BulkImport>(`/api/v1/invitations/bulk/${preview.body.id}/send`);
    expect(sent.status).toBe(200);
    expect(sent.body).toMatchObject({ status: 'sent', counts: { sent: 2, skipped: 1 } });
    const pending = await admin.client.get<Page<User>>('/api/v1/users?status=pending');
    expect(pending.body.items.map((u) => u.email).sort()).toEqual(['x1@acme.test', 'x2@acme.test']);
    expect(pending.body.items.find((u) => u.email === 'x1@acme.test')?.team?.name).toBe('Enterprise');
    const queued = await server.app.ctx.database.db
      .selectFrom('outbox')
      .select('to_address')
      .where('workspace_id', '=', admin.workspace.id)
      .execute();
    expect(queued.map((m) => m.to_address).sort()).toEqual(['x1@acme.test', 'x2@acme.test']);
  });

  it('sends nothing when the valid rows do not fit the free seats: 409 seat_limit_reached with the number missing', async () => {
    const admin = await signUp(server.url);
    const csv = ['email,name,role', ...Array.from({ length: 6 }, (_, i) => `s${i}@acme.test,S ${i},sales_rep`)].join(
      '\n',
    );
    const preview = await upload(admin.client, csv);
    expect(preview.body.seats).toEqual({ required: 6, available: 4 });
    const refused = await admin.client.post<Problem>(`/api/v1/invitations/bulk/${preview.body.id}/send`);
    expect(refused.status).toBe(409);
    expect(refused.body.code).toBe('seat_limit_reached');
    expect(refused.body.seatsMissing).toBe(2);
    const users = await admin.client.get<Page<User>>('/api/v1/users');
    expect(users.body.items).toHaveLength(1);
    expect((await admin.client.get<BulkImport>(`/api/v1/invitations/bulk/${preview.body.id}`)).body.status).toBe(
      'draft',
    );
    // After an upgrade the same preview sends.
    await admin.client.put('/api/v1/billing/plan', { planId: 'team' });
    expect((await admin.client.post(`/api/v1/invitations/bulk/${preview.body.id}/send`)).status).toBe(200);
  });

  it('checks again at send time: rows invited meanwhile are skipped and counted', async () => {
    const admin = await enterpriseAdmin();
    const preview = await upload(
      admin.client,
      'email,name,role,team\nm1@acme.test,M1,admin,\nm2@acme.test,M2,admin,SMB\nm3@acme.test,M3,admin,\n',
    );
    await admin.client.post('/api/v1/invitations', { email: 'm1@acme.test', name: 'M1 Direct', role: 'manager' });
    const teams = await admin.client.get<Page<Team>>('/api/v1/teams');
    await admin.client.delete(`/api/v1/teams/${teams.body.items.find((t) => t.name === 'SMB')?.id}`);
    const sent = await admin.client.post<BulkImport>(`/api/v1/invitations/bulk/${preview.body.id}/send`);
    expect(sent.body.counts).toMatchObject({ sent: 1, skipped: 2 });
    const m1 = await admin.client.get<Page<User>>('/api/v1/users?q=m1@acme.test');
    expect(m1.body.items.map((u) => u.name)).toEqual(['M1 Direct']);
  });

  it('sends nothing twice: 409 bulk_already_sent, sequentially and when two sends race', async () => {
    const admin = await enterpriseAdmin();
    const csv = ['email,name,role', ...Array.from({ length: 50 }, (_, i) => `r${i}@acme.test,R ${i},sales_rep`)].join(
      '\n',
    );
    const first = await upload(admin.client, csv);
    expect((await admin.client.post(`/api/v1/invitations/bulk/${first.body.id}/send`)).status).toBe(200);
    const again = await admin.client.post<Problem>(`/api/v1/invitations/bulk/${first.body.id}/send`);
    expect(again.status).toBe(409);
    expect(again.body.code).toBe('bulk_already_sent');

    const second = await upload(admin.client, csv.replaceAll('@acme.test', '@other.test'));
    const racing = await Promise.all(
      Array.from({ length: 4 }, () => admin.client.post<Problem>(`/api/v1/invitations/bulk/${second.body.id}/send`)),
    );
    expect(racing.filter((a) => a.status === 200)).toHaveLength(1);
    for (const loser of racing.filter((a) => a.status !== 200)) expect(loser.body.code).toBe('bulk_already_sent');
    const count = await server.app.ctx.database.db
      .selectFrom('workspace_users')
      .select((eb) => eb.fn.countAll().as('n'))
      .where('workspace_id', '=', admin.workspace.id)
      .where('status', '=', 'pending')
      .executeTakeFirstOrThrow();
    expect(Number(count.n)).toBe(100);
  });
});

describe('rows with issues as CSV', () => {
  it('has an issues column and neutralises cells a spreadsheet would run as formulas', async () => {
    const admin = await enterpriseAdmin();
    const csv = 'email,name,role,team\n=HYPERLINK("http://evil"),+Plus,@role,-minus\nok@acme.test,Fine,admin,\n';
    const preview = await upload(admin.client, csv, { fileName: 'march.csv' });
    const answer = await admin.client.get(`/api/v1/invitations/bulk/${preview.body.id}/invalid.csv`);
    expect(answer.status).toBe(200);
    expect(answer.headers.get('content-disposition')).toContain('march-rows-with-issues.csv');
    const lines = answer.text.trim().split('\r\n');
    expect(lines[0]).toBe('email,name,role,team,issues');
    expect(lines).toHaveLength(2);
    expect(lines[1]).toMatch(/^"'=HYPERLINK\(""http:\/\/evil""\)",'\+Plus,'@role,'-minus,/);
    expect(lines[1]).toContain('is not a valid email address');
    expect(answer.text).not.toContain('ok@acme.test');
  });
});

describe('who may use it', () => {
  it('is for admins: 403 forbidden for managers and sales reps; 404 not_found for another workspace’s import', async () => {
    const admin = await enterpriseAdmin();
    const preview = await upload(admin.client, 'email,name,role\na@acme.test,A,admin\n');
    const manager = await addMember(server, { workspaceId: admin.workspace.id, role: 'manager' });
    const client = await signIn(server, manager.email);
    for (const answer of [
      await client.get<Problem>('/api/v1/invitations/bulk/template'),
      await upload(client, 'email,name,role\nb@acme.test,B,admin\n'),
      await client.get<Problem>(`/api/v1/invitations/bulk/${preview.body.id}`),
      await client.post<Problem>(`/api/v1/invitations/bulk/${preview.body.id}/send`),
    ]) {
      expect(answer.status).toBe(403);
      expect(answer.body.code).toBe('forbidden');
    }
    const stranger = await signUp(server.url);
    for (const answer of [
      await stranger.client.get<Problem>(`/api/v1/invitations/bulk/${preview.body.id}`),
      await stranger.client.get<Problem>(`/api/v1/invitations/bulk/${preview.body.id}/rows`),
      await stranger.client.get<Problem>(`/api/v1/invitations/bulk/${preview.body.id}/invalid.csv`),
      await stranger.client.post<Problem>(`/api/v1/invitations/bulk/${preview.body.id}/send`),
    ]) {
      expect(answer.status).toBe(404);
      expect(answer.body.code).toBe('not_found');
    }
    expect(uniqueEmail()).toBeTruthy();
  });
});
