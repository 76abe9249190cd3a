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

export type BulkIssue = { field: 'email' | 'name' | 'role' | 'team'; code: BulkIssueCode; message: string };
