import type { AuditFilters } from '../../shared/api/audit';
import type { BulkRowFilter } from '../../shared/api/bulk-invites';
import type { UsersQuery } from '../../shared/api/users';
import type { RecordKind } from './work-records';

// The first element of every key names its area; each key below starts with its area's `all`.
const ME = ['me'] as const;
const USERS = ['users'] as const;
const TEAMS = ['teams'] as const;
const BULK_IMPORTS = ['bulk-imports'] as const;
const DEV_MAILBOX = ['dev-mailbox'] as const;
const WORK_RECORDS = ['work-records'] as const;
const AUDIT = ['audit'] as const;
const PEOPLE = ['people'] as const;
const CHAT = ['chat'] as const;
const CHALLENGES = ['challenges'] as const;
const INVITATION_LOOKUP = ['invitation-lookup'] as const;
const PASSWORD_RESET_LOOKUP = ['password-reset-lookup'] as const;

/**
 * Every cached query's key, and the only place keys are written. A key is an array from the
 * general to the particular (area, what, then its parameters), so invalidating a prefix refreshes
 * everything under it: `queryKeys.users.all` refreshes the lists, the counts and each person's
 * detail. Each area has an `all`, its prefix.
 */
export const queryKeys = {
  me: {
    all: ME,
    /** The verify-email page's probe: answers null when nobody is signed in. */
    ifSignedIn: [...ME, 'if-signed-in'] as const,
  },
  users: {
    all: USERS,
    list: (query: UsersQuery) => [...USERS, 'list', query] as const,
    summary: [...USERS, 'summary'] as const,
    detail: (id: string) => [...USERS, 'detail', id] as const,
    records: (id: string) => [...USERS, 'records', id] as const,
  },
  teams: {
    all: TEAMS,
    page: (cursor: string | null, limit: number) => [...TEAMS, 'page', { cursor, limit }] as const,
    options: [...TEAMS, 'options'] as const,
  },
  billing: { all: ['billing'] as const },
  bulkImports: {
    all: BULK_IMPORTS,
    one: (id: string) => [...BULK_IMPORTS, id] as const,
    rows: (id: string, filter: BulkRowFilter, cursor: string | null, limit: number) =>
      [...BULK_IMPORTS, id, 'rows', { filter, cursor, limit }] as const,
  },
  devMailbox: {
    all: DEV_MAILBOX,
    page: (cursor: string | null) => [...DEV_MAILBOX, 'page', { cursor }] as const,
  },
  /** Deals and leads; a change to a kind invalidates `workRecords.kind(kind)`. */
  workRecords: {
    all: WORK_RECORDS,
    kind: (kind: RecordKind) => [...WORK_RECORDS, kind] as const,
    page: (kind: RecordKind, cursor: string | null, limit: number) =>
      [...WORK_RECORDS, kind, 'page', { cursor, limit }] as const,
    owners: [...WORK_RECORDS, 'owners'] as const,
  },
  audit: {
    all: AUDIT,
    page: (filters: AuditFilters, cursor: string | null, limit: number) =>
      [...AUDIT, 'page', { ...filters, cursor, limit }] as const,
  },
  people: {
    all: PEOPLE,
    directory: [...PEOPLE, 'directory'] as const,
    search: (q: string) => [...PEOPLE, 'search', q] as const,
    one: (id: string) => [...PEOPLE, 'one', id] as const,
  },
  chat: {
    all: CHAT,
    channels: [...CHAT, 'channels'] as const,
    welcome: [...CHAT, 'welcome'] as const,
  },
  guide: { all: ['guide'] as const },
  dashboard: { all: ['dashboard'] as const },
  challenges: {
    all: CHALLENGES,
    progress: (id: string) => [...CHALLENGES, id, 'progress'] as const,
  },
  sso: { all: ['sso'] as const },
  /** Kept only while the accept page is open (gcTime 0): the token stays in memory, nowhere else. */
  invitationLookup: {
    all: INVITATION_LOOKUP,
    one: (token: string) => [...INVITATION_LOOKUP, token] as const,
  },
  /** Kept only while the reset page is open (gcTime 0), like the invitation lookup. */
  passwordResetLookup: {
    all: PASSWORD_RESET_LOOKUP,
    one: (token: string) => [...PASSWORD_RESET_LOOKUP, token] as const,
  },
};
