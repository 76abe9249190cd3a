import type { Row } from '../../db/schema.js';
import { emailColumns, nameColumns } from './search-words.js';

type Required = Pick<Row<'workspace_users'>, 'id' | 'workspace_id' | 'email' | 'name' | 'role' | 'status'>;

/**
 * The one shape of a new `workspace_users` row: what the caller knows, everything else empty.
 * `name_key` (the Users list's sort key) and the folded words search matches follow the name and
 * the email; `invited_at` and the timestamps are `now`.
 */
export function newWorkspaceUserRow(
  fields: Required & Partial<Row<'workspace_users'>>,
  now: string,
): Row<'workspace_users'> {
  return {
    account_id: null,
    team_id: null,
    invited_at: now,
    invited_by_id: null,
    expires_at: null,
    accepted_at: null,
    deactivated_at: null,
    revoked_at: null,
    token_hash: null,
    email_status: null,
    buddy_id: null,
    phone: null,
    photo_key: null,
    profile_completed_at: null,
    tour_status: null,
    last_email_id: null,
    created_at: now,
    updated_at: now,
    ...fields,
    ...nameColumns(fields.name),
    ...emailColumns(fields.email),
  };
}
