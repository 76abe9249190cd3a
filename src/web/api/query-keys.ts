import type { BulkRowFilter, UsersQuery } from './types';

/** Every cached query's key, so a change can invalidate exactly what it affects. */
export const queryKeys = {
  me: ['me'] as const,
  teams: ['teams'] as const,
  teamsPage: (cursor: string | null, limit: number) => ['teams', 'page', { cursor, limit }] as const,
  teamOptions: ['teams', 'options'] as const,
  billing: ['billing'] as const,
  users: ['users'] as const,
  usersList: (query: UsersQuery) => ['users', 'list', query] as const,
  usersSummary: ['users', 'summary'] as const,
  bulkImport: (id: string) => ['bulk-imports', id] as const,
  bulkRows: (id: string, filter: BulkRowFilter, cursor: string | null, limit: number) =>
    ['bulk-imports', id, 'rows', { filter, cursor, limit }] as const,
  devMailbox: ['dev-mailbox'] as const,
  devMailboxPage: (cursor: string | null) => ['dev-mailbox', 'page', { cursor }] as const,
  /** Kept only while the accept page is open (gcTime 0): the token stays in memory, nowhere else. */
  invitationLookup: (token: string) => ['invitation-lookup', token] as const,
};
