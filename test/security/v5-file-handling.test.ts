import { request as httpRequest } from 'node:http';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { BulkImport, BulkRow } from '../../src/shared/api/bulk-invites.js';
import type { Problem } from '../../src/shared/errors.js';
import { allPages, type Client, type OrProblem } from '../support/client.js';
import { type SignedUp, signUp } from '../support/factories.js';
import { fastOutbox, startTestServer, type TestServer } from '../support/server.js';

// ASVS 5.0 V5.2.1 (files only of a size the application can process without loss of performance)
// and V15.2.2 (defences against resource-demanding functionality): the cost of a bulk CSV upload,
// and of reading it back, is bounded by its number of rows, never by one field, record or header.

const MB = 1024 * 1024;
let server: TestServer;

beforeAll(async () => {
  server = await startTestServer({ config: { outbox: fastOutbox(false) } });
});
afterAll(async () => {
  await server?.close();
});

function upload(client: Client, body: string) {
  return client.request<OrProblem<BulkImport>>('POST', '/api/v1/invitations/bulk', {
    rawBody: body,
    headers: { 'content-type': 'text/csv' },
  });
}

async function enterpriseAdmin(): Promise<SignedUp> {
  const admin = await signUp(server.url);
  expect((await admin.client.put('/api/v1/billing/plan', { planId: 'enterprise' })).status).toBe(200);
  return admin;
}

async function importsOf(workspaceId: string): Promise<number> {
  const found = await server.app.ctx.database.db
    .selectFrom('bulk_imports')
    .select((eb) => eb.fn.countAll().as('n'))
    .where('workspace_id', '=', workspaceId)
    .executeTakeFirstOrThrow();
  return Number(found.n);
}

/** Rejects when `promise` has not settled by the deadline: a bound on waiting, not a sleep. */
function withDeadline<T>(promise: Promise<T>, ms: number, what: string): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  const deadline = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new Error(`${what} within ${ms} ms`)), ms);
  });
  return Promise.race([promise, deadline]).finally(() => clearTimeout(timer));
}

describe('V5.2.1 a bulk CSV costs what its rows cost, never what one field costs', () => {
  it('refuses a 19 MB cell while reading it: 400 not_csv naming the row, with a short message; nothing is stored', async () => {
    const admin = await enterpriseAdmin();
    const answer = await upload(admin.client, `email,name,role\n${'x'.repeat(19 * MB)},A,admin\n`);
    expect(answer.status).toBe(400);
    expect(answer.body.code).toBe('not_csv');
    expect(answer.body.detail).toMatch(/row 2\b/i);
    expect(answer.text.length).toBeLessThan(1000);
    expect(await importsOf(admin.workspace.id)).toBe(0);
  });

  it('cuts long cells to 1,000 characters: five reads of the rows with issues stay small', async () => {
    const admin = await enterpriseAdmin();
    // 300 rows of 60,000-character cells: 18 MB, each row under the record limit.
    const rows = Array.from(
      { length: 300 },
      (_, i) => `${String(i).padStart(5, '0')}${'e'.repeat(60_000)}@acme.test,Person ${i},admin`,
    );
    const answer = await upload(admin.client, `email,name,role\n${rows.join('\n')}\n`);
    expect(answer.status, answer.text.slice(0, 300)).toBe(201);
    expect(answer.body.counts).toMatchObject({ rows: 300, invalid: 300 });
    for (let read = 0; read < 5; read++) {
      let bytes = 0;
      let cursor: string | null = null;
      let seen = 0;
      do {
        const page: { text: string; body: { items: BulkRow[]; nextCursor: string | null } } = await admin.client.get(
          `/api/v1/invitations/bulk/${answer.body.id}/rows?filter=invalid&limit=200${cursor ? `&cursor=${cursor}` : ''}`,
        );
        bytes += page.text.length;
        for (const row of page.body.items) {
          expect(row.email).toHaveLength(1001);
          expect(row.email.endsWith('…')).toBe(true);
          expect(row.issues).toEqual([
            { field: 'email', code: 'invalid_email', message: 'Too long: at most 1,000 characters.' },
          ]);
        }
        seen += page.body.items.length;
        cursor = page.body.nextCursor;
      } while (cursor);
      expect(seen).toBe(300);
      // 300 rows of at most ~1.1 KB each: well under a megabyte (uncut, it was 18 MB per read).
      expect(bytes).toBeLessThan(600_000);
    }
    const csv = await admin.client.get(`/api/v1/invitations/bulk/${answer.body.id}/invalid.csv`);
    expect(csv.status).toBe(200);
    expect(csv.text.length).toBeLessThan(600_000);
  });

  it('refuses a 19 MB header of commas while it is still arriving, and answers other requests meanwhile', async () => {
    const admin = await enterpriseAdmin();
    const body = Buffer.from(`email,name,role${','.repeat(19 * MB)}\na@acme.test,A,admin\n`);
    const url = new URL('/api/v1/invitations/bulk', server.url);
    const outgoing = httpRequest(url, {
      method: 'POST',
      headers: {
        'content-type': 'text/csv',
        'content-length': String(body.length),
        cookie: [...admin.client.cookies].map(([k, v]) => `${k}=${v}`).join('; '),
        'x-csrf-token': admin.client.csrfToken() ?? '',
      },
    });
    // Writing the rest after the answer may meet a closed socket: that is the server's right.
    outgoing.on('error', () => {});
    const answered = new Promise<{ status: number; text: string }>((resolve, reject) => {
      outgoing.on('response', (response) => {
        let text = '';
        response.setEncoding('utf8');
        response.on('data', (chunk: string) => {
          text += chunk;
        });
        response.on('end', () => resolve({ status: response.statusCode ?? 0, text }));
        response.on('error', reject);
      });
    });
    try {
      // Only the first megabyte: a reader that counts columns as it reads answers now; one that
      // waits for the end of the header line never does.
      outgoing.write(body.subarray(0, MB));
      const answer = await withDeadline(answered, 10_000, 'no answer while the header was still arriving');
      expect(answer.status).toBe(400);
      const problem = JSON.parse(answer.text) as Problem;
      expect(problem.code).toBe('not_csv');
      expect(problem.detail).toMatch(/row 1\b/i);
      expect(problem.detail).toContain('100 columns');
      // The server is free: another request is answered while the upload is still open.
      expect((await fetch(new URL('/healthz', server.url))).status).toBe(200);
      // The rest of the attack as written, then an ordinary upload still works.
      outgoing.end(body.subarray(MB));
    } finally {
      outgoing.destroy();
    }
    expect((await upload(admin.client, 'email,name,role\nok@acme.test,Okay,admin\n')).status).toBe(201);
    expect(await importsOf(admin.workspace.id)).toBe(1);
  });

  it('refuses 100,000 columns: 400 not_csv, with a short message', async () => {
    const admin = await enterpriseAdmin();
    const header = ['email', 'name', 'role', ...Array.from({ length: 100_000 }, (_, i) => `extra${i}`)].join(',');
    const answer = await upload(admin.client, `${header}\na@acme.test,A,admin\n`);
    expect(answer.status).toBe(400);
    expect(answer.body.code).toBe('not_csv');
    expect(answer.body.detail).toContain('100 columns');
    expect(answer.text.length).toBeLessThan(1000);
    expect(await importsOf(admin.workspace.id)).toBe(0);
  });

  it('lists at most 10 ignored columns, each cut short, and counts the rest', async () => {
    const admin = await enterpriseAdmin();
    const extra = Array.from({ length: 90 }, (_, i) => `column ${i} ${'x'.repeat(500)}`);
    const answer = await upload(admin.client, `email,name,role,${extra.join(',')}\na@acme.test,A,admin\n`);
    expect(answer.status, answer.text.slice(0, 300)).toBe(201);
    expect(answer.body.warnings).toHaveLength(1);
    const [warning = ''] = answer.body.warnings;
    expect(warning.length, warning.slice(0, 200)).toBeLessThan(1000);
    expect(warning).toMatch(/^Ignored columns: column 0 x+…, column 1 x+…, .*, and 80 more\.$/);
  });

  it('marks a cell of 1,001 characters invalid and echoes it cut, in the value and never in the message', async () => {
    const admin = await enterpriseAdmin();
    const email = `${'a'.repeat(990)}@acme.test`; // 1,000 characters: kept whole, echoed short
    const team = 't'.repeat(1001);
    const answer = await upload(admin.client, `email,name,role,team\n${email},A,admin,${team}\n`);
    expect(answer.status).toBe(201);
    const [row] = await allPages<BulkRow>(
      admin.client,
      `/api/v1/invitations/bulk/${answer.body.id}/rows?filter=invalid`,
    );
    expect(row?.status).toBe('invalid');
    expect(row?.team).toBe(`${'t'.repeat(1000)}…`);
    expect(row?.email).toBe(email);
    const byField = Object.fromEntries((row?.issues ?? []).map((i) => [i.field, i]));
    expect(byField.team).toEqual({
      field: 'team',
      code: 'unknown_team',
      message: 'Too long: at most 1,000 characters.',
    });
    expect(byField.email?.code).toBe('invalid_email');
    for (const issue of row?.issues ?? []) expect(issue.message.length).toBeLessThan(200);
  });
});
