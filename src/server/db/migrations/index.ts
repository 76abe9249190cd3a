import type { Migration } from 'kysely';
import * as foundation from './001-foundation.js';
import * as invitationsOutbox from './002-invitations-outbox.js';
import * as bulkImports from './003-bulk-imports.js';
import * as workRecordsAudit from './004-work-records-audit.js';
import * as accountTokens from './005-account-tokens.js';
import * as sso from './006-sso.js';
import * as photos from './007-photos.js';
import * as chat from './008-chat.js';
import * as challenges from './009-challenges.js';
import * as guide from './010-guide.js';
import * as usersListIndexes from './011-users-list-indexes.js';
import * as usersSearchTrigrams from './012-users-search-trigrams.js';
import * as bulkSendJob from './013-bulk-send-job.js';
import * as usersSearch from './014-users-search.js';

/** Every migration, in order. Names never change once released. */
export const migrations: Record<string, Migration> = {
  '001-foundation': foundation,
  '002-invitations-outbox': invitationsOutbox,
  '003-bulk-imports': bulkImports,
  '004-work-records-audit': workRecordsAudit,
  '005-account-tokens': accountTokens,
  '006-sso': sso,
  '007-photos': photos,
  '008-chat': chat,
  '009-challenges': challenges,
  '010-guide': guide,
  '011-users-list-indexes': usersListIndexes,
  '012-users-search-trigrams': usersSearchTrigrams,
  '013-bulk-send-job': bulkSendJob,
  '014-users-search': usersSearch,
};
