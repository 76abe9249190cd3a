import { describe, expect, it } from 'vitest';
import { createRowValidator, type RawRow } from './row-validation.js';

// A validator of its own for each row: one file's validator reports a repeated email as a duplicate.
const validate = (rowNumber: number, raw: RawRow) =>
  createRowValidator({ teamsByKey: new Map([['smb', 'team-1']]), existing: new Map() })(rowNumber, raw);
const ok: RawRow = { email: 'a@acme.test', name: 'Ann', role: 'admin', team: 'SMB' };

describe('a row with a cell over 1,000 characters', () => {
  it.each([
    ['email', 'invalid_email'],
    ['name', 'invalid_name'],
    ['role', 'invalid_role'],
    ['team', 'unknown_team'],
  ] as const)('%s: one issue (%s, "Too long"), the value cut to 1,000 characters and an ellipsis', (field, code) => {
    const row = validate(2, { ...ok, [field]: `  ${'q'.repeat(5000)}  ` });
    expect(row.issues).toEqual([{ field, code, message: 'Too long: at most 1,000 characters.' }]);
    expect(row[field]).toBe(`${'q'.repeat(1000)}…`);
    if (field === 'team') expect(row.teamId).toBeNull();
  });

  it('keeps a cell of exactly 1,000 characters whole', () => {
    const row = validate(2, { ...ok, team: 't'.repeat(1000) });
    expect(row.team).toBe('t'.repeat(1000));
    expect(row.issues.map((i) => i.code)).toEqual(['unknown_team']);
  });
});

describe('messages repeat at most 40 characters of a typed value', () => {
  it('for an invalid email, role and team', () => {
    const row = validate(2, { email: `${'e'.repeat(300)}@x`, name: 'N', role: 'r'.repeat(900), team: 'm'.repeat(900) });
    const messages = row.issues.map((i) => i.message);
    expect(messages).toEqual([
      `“${'e'.repeat(40)}…” is not a valid email address.`,
      `“${'r'.repeat(40)}…” is not a role: use admin, manager, sales_rep.`,
      `There is no team named “${'m'.repeat(40)}…”: create it in Admin > Teams, or leave the cell empty.`,
    ]);
    // The stored values stay as typed (under the cell limit), for the person to fix.
    expect(row.role).toBe('r'.repeat(900));
  });

  it('and whole when it is short', () => {
    const row = validate(2, { ...ok, role: 'owner' });
    expect(row.issues[0]?.message).toBe('“owner” is not a role: use admin, manager, sales_rep.');
  });
});
