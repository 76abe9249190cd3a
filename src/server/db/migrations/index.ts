import type { Migration } from 'kysely';
import * as foundation from './001-foundation.js';
import * as invitationsOutbox from './002-invitations-outbox.js';
import * as bulkImports from './003-bulk-imports.js';
import * as workRecordsAudit from './004-work-records-audit.js';

/** Every migration, in order. Names never change once released. */
export const migrations: Record<string, Migration> = {
  '001-foundation': foundation,
  '002-invitations-outbox': invitationsOutbox,
  '003-bulk-imports': bulkImports,
  '004-work-records-audit': workRecordsAudit,
};
