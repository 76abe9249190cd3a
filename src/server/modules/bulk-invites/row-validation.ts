import { z } from 'zod';
import type { BulkIssue } from '../../../shared/api/bulk-invites.js';
import {
  BULK_ECHO_CHARS,
  BULK_MAX_CELL_CHARS,
  BULK_TOO_LONG_MESSAGE,
  type BulkIssueCode,
  cutText,
} from '../../../shared/bulk-csv.js';
import { ROLES, type Role } from '../../../shared/roles.js';

export type RawRow = { email: string; name: string; role: string; team: string };

export type ValidatedRow = {
  row: number;
  email: string;
  name: string;
  role: string;
  team: string;
  teamId: string | null;
  issues: BulkIssue[];
};

/** What a row is checked against, loaded once per file with a few set-based queries. */
export type ValidationState = {
  /** Team name (trimmed, lower-cased) → team id. */
  teamsByKey: Map<string, string>;
  /** Email → how that email stands in the workspace now. */
  existing: Map<string, 'member' | 'invited' | 'reusable'>;
};

const emailFormat = z.email();
// biome-ignore lint/suspicious/noControlCharactersInRegex: refusing control characters is the point
const CONTROL = /[\u0000-\u001f\u007f]/;
const ROLE_LIST = ROLES.join(', ');

/** Roles are matched without regard to case, spaces or hyphens: "Sales Rep" is sales_rep. */
export function parseRole(text: string): Role | null {
  const key = text
    .trim()
    .toLowerCase()
    .replace(/[\s-]+/g, '_');
  return (ROLES as readonly string[]).includes(key) ? (key as Role) : null;
}

export const teamKey = (name: string) => name.trim().toLowerCase();

/** What a message repeats of a typed value: a short cut, whatever its length. */
const echo = (text: string) => cutText(text, BULK_ECHO_CHARS);

/** The issue of a cell over the length limit, under the code its field has for a bad value. */
const TOO_LONG_CODE: Record<BulkIssue['field'], BulkIssueCode> = {
  email: 'invalid_email',
  name: 'invalid_name',
  role: 'invalid_role',
  team: 'unknown_team',
};

/**
 * Checks rows in file order. Keeps the first row of each email, so a later duplicate names it.
 */
export function createRowValidator(state: ValidationState) {
  const firstRowOfEmail = new Map<string, number>();
  return (rowNumber: number, raw: RawRow): ValidatedRow => {
    const issues: BulkIssue[] = [];
    // A cell over the limit is kept cut, with one issue, and checked no further: what a row
    // stores and shows stays small whatever the file held.
    const tooLong = new Set<BulkIssue['field']>();
    const cell = (field: BulkIssue['field']) => {
      const value = raw[field].trim();
      if (value.length <= BULK_MAX_CELL_CHARS) return value;
      tooLong.add(field);
      issues.push({ field, code: TOO_LONG_CODE[field], message: BULK_TOO_LONG_MESSAGE });
      return cutText(value, BULK_MAX_CELL_CHARS);
    };
    const typed = cell('email');
    const email = typed.toLowerCase();
    const name = cell('name');
    const roleText = cell('role');
    const team = cell('team');
    let teamId: string | null = null;

    if (tooLong.has('email')) {
      // Its issue is already listed.
    } else if (!email) issues.push({ field: 'email', code: 'missing_email', message: 'Email is required.' });
    else if (email.length > 254 || !emailFormat.safeParse(email).success) {
      issues.push({
        field: 'email',
        code: 'invalid_email',
        message: `“${echo(typed)}” is not a valid email address.`,
      });
    } else {
      const first = firstRowOfEmail.get(email);
      if (first !== undefined) {
        issues.push({
          field: 'email',
          code: 'duplicate_in_file',
          message: `This email already appears in row ${first}.`,
        });
      } else {
        firstRowOfEmail.set(email, rowNumber);
        const standing = state.existing.get(email);
        if (standing === 'member') {
          issues.push({
            field: 'email',
            code: 'already_member',
            message: 'This person is already a member of the workspace.',
          });
        } else if (standing === 'invited') {
          issues.push({
            field: 'email',
            code: 'already_invited',
            message: 'This person already has a pending invitation.',
          });
        }
      }
    }

    if (tooLong.has('name')) {
      // Its issue is already listed.
    } else if (!name) issues.push({ field: 'name', code: 'missing_name', message: 'Name is required.' });
    else if (name.length > 100 || CONTROL.test(name)) {
      issues.push({ field: 'name', code: 'invalid_name', message: 'A name is one line of at most 100 characters.' });
    }

    const role = tooLong.has('role') ? null : parseRole(roleText);
    if (tooLong.has('role')) {
      // Its issue is already listed.
    } else if (!roleText) {
      issues.push({ field: 'role', code: 'missing_role', message: `Role is required: ${ROLE_LIST}.` });
    } else if (!role) {
      issues.push({
        field: 'role',
        code: 'invalid_role',
        message: `“${echo(roleText)}” is not a role: use ${ROLE_LIST}.`,
      });
    }

    if (team && !tooLong.has('team')) {
      teamId = state.teamsByKey.get(teamKey(team)) ?? null;
      if (!teamId) {
        issues.push({
          field: 'team',
          code: 'unknown_team',
          message: `There is no team named “${echo(team)}”: create it in Admin > Teams, or leave the cell empty.`,
        });
      }
    }

    // A valid email is kept as it will be stored; an invalid one as typed (cut when too long), for
    // the person to fix.
    const emailOk = !issues.some((i) => i.code === 'missing_email' || i.code === 'invalid_email');
    return { row: rowNumber, email: emailOk ? email : typed, name, role: role ?? roleText, team, teamId, issues };
  };
}
