/** The CSV of a bulk invitation: columns, the help page's template, and the issues a row can have. */
export const BULK_COLUMNS = ['email', 'name', 'role', 'team'] as const;
export const REQUIRED_BULK_COLUMNS = ['email', 'name', 'role'] as const;

export const BULK_TEMPLATE_CSV = [
  'email,name,role,team',
  'john@company.com,John Smith,sales_rep,Enterprise',
  'sarah@company.com,Sarah Jones,manager,SMB',
  'mike@company.com,Mike Brown,sales_rep,Enterprise',
  '',
].join('\r\n');

export const BULK_ISSUE_CODES = [
  'missing_email',
  'invalid_email',
  'missing_name',
  'invalid_name',
  'missing_role',
  'invalid_role',
  'unknown_team',
  'duplicate_in_file',
  'already_member',
  'already_invited',
] as const;
export type BulkIssueCode = (typeof BULK_ISSUE_CODES)[number];

export const BULK_ISSUE_LABELS: Record<BulkIssueCode, string> = {
  missing_email: 'Missing email',
  invalid_email: 'Invalid email',
  missing_name: 'Missing name',
  invalid_name: 'Invalid name',
  missing_role: 'Missing role',
  invalid_role: 'Invalid role',
  unknown_team: 'Unknown team',
  duplicate_in_file: 'Duplicate in file',
  already_member: 'Already a member',
  already_invited: 'Already invited',
};

export const BULK_MAX_ROWS = 100_000;
export const BULK_MAX_BYTES = 20 * 1024 * 1024;
export const BULK_TOO_LARGE_MESSAGE = 'The file is too large: at most 100,000 rows and 20 MB.';

/**
 * Limits on the parts of a file, checked while it is read, so that what a file costs to read,
 * store and show depends on its number of rows, never on one field. An email is at most 254
 * characters and a name 100: a cell keeps 1,000, and a longer one makes its row invalid.
 */
export const BULK_MAX_CELL_CHARS = 1000;
/**
 * One row, all its cells together: beyond this the file is refused (a quote never closed does it
 * too). The parser counts the bytes of the cell it is reading and the characters of those before.
 */
export const BULK_MAX_RECORD_SIZE = 64 * 1024;
/** Columns in any row, the header included. */
export const BULK_MAX_COLUMNS = 100;
/** Ignored columns a warning names; the rest are counted. */
export const BULK_MAX_LISTED_COLUMNS = 10;
/** How much of a typed value a message repeats. */
export const BULK_ECHO_CHARS = 40;
export const BULK_TOO_LONG_MESSAGE = `Too long: at most ${BULK_MAX_CELL_CHARS.toLocaleString('en-US')} characters.`;

/** `text` cut to `max` characters plus an ellipsis when longer; never splits an emoji in two. */
export function cutText(text: string, max: number): string {
  if (text.length <= max) return text;
  const last = text.charCodeAt(max - 1);
  const end = last >= 0xd800 && last <= 0xdbff ? max - 1 : max;
  return `${text.slice(0, end)}…`;
}
