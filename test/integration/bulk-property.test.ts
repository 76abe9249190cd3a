import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { BulkImport, BulkIssue, BulkRow } from '../../src/shared/api/bulk-invites.js';
import { allPages } from '../support/client.js';
import { type SignedUp, signUp } from '../support/factories.js';
import { fastOutbox, startTestServer, type TestServer } from '../support/server.js';

type Field = BulkIssue['field'];
type Kind =
  | 'valid'
  | 'missing_email'
  | 'invalid_email'
  | 'missing_name'
  | 'missing_role'
  | 'invalid_role'
  | 'unknown_team'
  | 'duplicate_in_file'
  | 'too_long';

/** The code a cell over 1,000 characters gets, per field. */
const TOO_LONG_CODE: Record<Field, string> = {
  email: 'invalid_email',
  name: 'invalid_name',
  role: 'invalid_role',
  team: 'unknown_team',
};

const NAMES = [
  'Zoë Åberg',
  'José Núñez',
  '李雷',
  'Ngozi "Zee" Okafor',
  'Smith, John',
  'Anne; Marie',
  'Ólafur Þór',
  'Ренат',
  '🙂 Smiley',
];
const VALID_ROLES = ['admin', 'manager', 'sales_rep', 'ADMIN', 'Sales Rep', ' manager ', 'sales-rep'];
const INVALID_ROLES = ['owner', 'superuser', 'ceo', 'rep'];
const BAD_EMAILS = ['no-at-sign', 'a@', '@b.io', 'a b@c.io', 'x@@y.io'];

const rowArb = fc.record({
  kind: fc.constantFrom<Kind>(
    'valid',
    'valid',
    'valid',
    'missing_email',
    'invalid_email',
    'missing_name',
    'missing_role',
    'invalid_role',
    'unknown_team',
    'duplicate_in_file',
    'too_long',
  ),
  longField: fc.constantFrom<Field>('email', 'name', 'role', 'team'),
  longLength: fc.integer({ min: 1001, max: 20_000 }),
  name: fc.constantFrom(...NAMES),
  role: fc.constantFrom(...VALID_ROLES),
  badRole: fc.constantFrom(...INVALID_ROLES),
  badEmail: fc.constantFrom(...BAD_EMAILS),
  team: fc.constantFrom('', 'Enterprise', 'smb', ' SMB '),
  upper: fc.boolean(),
});

const fileArb = fc.record({
  rows: fc.array(rowArb, { minLength: 1, maxLength: 40 }),
  delimiter: fc.constantFrom(',', ';', '\t'),
  bom: fc.boolean(),
  eol: fc.constantFrom('\n', '\r\n'),
  quoteAll: fc.boolean(),
  columnOrder: fc.shuffledSubarray(['email', 'name', 'role', 'team'], { minLength: 4, maxLength: 4 }),
});

let server: TestServer;
let admin: SignedUp;
let run = 0;

beforeAll(async () => {
  server = await startTestServer({
    config: {
      outbox: fastOutbox(false),
    },
  });
  admin = await signUp(server.url);
  await admin.client.put('/api/v1/billing/plan', { planId: 'enterprise' });
  await admin.client.post('/api/v1/teams', { name: 'Enterprise' });
  await admin.client.post('/api/v1/teams', { name: 'SMB' });
});
afterAll(async () => {
  await server?.close();
});

function cell(value: string, delimiter: string, quoteAll: boolean): string {
  const needs = value.includes(delimiter) || /["\r\n]/.test(value) || value !== value.trim();
  return quoteAll || needs ? `"${value.replaceAll('"', '""')}"` : value;
}

describe('bulk upload, for random files', () => {
  it('never answers 5xx, counts every row once, reports every invalid row with its code, and echoes every value cut', async () => {
    await fc.assert(
      fc.asyncProperty(fileArb, async (file) => {
        run += 1;
        const expected: string[] = [];
        const lines: string[] = [file.columnOrder.join(file.delimiter)];
        let firstValidEmail: string | null = null;
        file.rows.forEach((r, i) => {
          let email = `p${run}-${i}@bulk.test`;
          if (r.upper) email = email.toUpperCase();
          let { name, role } = r;
          let team: string = r.team;
          let kind = r.kind;
          if (kind === 'missing_email') email = '';
          if (kind === 'invalid_email') email = r.badEmail;
          if (kind === 'missing_name') name = '';
          if (kind === 'missing_role') role = '';
          if (kind === 'invalid_role') role = r.badRole;
          if (kind === 'unknown_team') team = 'Moon Base';
          if (kind === 'duplicate_in_file') {
            if (firstValidEmail) email = firstValidEmail.toUpperCase();
            else kind = 'valid';
          }
          if (kind === 'valid' && !firstValidEmail) firstValidEmail = email;
          const values: Record<string, string> = { email, name, role, team };
          // A cell over the limit, of any character the file may hold (delimiters, quotes, line breaks).
          if (kind === 'too_long') {
            values[r.longField] = `x${`${r.name}, "x";\n\t`.repeat(r.longLength).slice(0, r.longLength)}x`;
          }
          expected.push(kind === 'too_long' ? TOO_LONG_CODE[r.longField] : kind);
          lines.push(
            file.columnOrder.map((c) => cell(values[c] ?? '', file.delimiter, file.quoteAll)).join(file.delimiter),
          );
        });
        const body = `${file.bom ? '\uFEFF' : ''}${lines.join(file.eol)}${file.eol}`;
        const answer = await admin.client.request<BulkImport>('POST', '/api/v1/invitations/bulk', {
          rawBody: body,
          headers: { 'content-type': 'text/csv' },
        });
        expect(answer.status, answer.text).toBe(201);
        const { counts, id } = answer.body;
        expect(counts.rows).toBe(file.rows.length);
        expect(counts.valid + counts.invalid).toBe(counts.rows);
        const rows = await allPages<BulkRow>(admin.client, `/api/v1/invitations/bulk/${id}/rows?limit=200`);
        expect(rows).toHaveLength(file.rows.length);
        rows.forEach((row, i) => {
          const kind = expected[i];
          // What a row echoes is cut: a value to 1,000 characters and an ellipsis, a message short.
          for (const value of [row.email, row.name, row.role, row.team]) expect(value.length).toBeLessThanOrEqual(1001);
          for (const issue of row.issues) expect(issue.message.length).toBeLessThan(200);
          expect(row.row).toBe(i + 2);
          if (kind === 'valid') expect(row.issues, JSON.stringify({ row, line: lines[i + 1] })).toEqual([]);
          else {
            expect(row.status).toBe('invalid');
            expect(
              row.issues.map((x) => x.code),
              JSON.stringify({ row, line: lines[i + 1] }),
            ).toContain(kind);
          }
        });
      }),
      { numRuns: 40 },
    );
  }, 120_000);
});
