import type { Generated } from 'kysely';
import type { Role, StoredUserStatus } from '../../shared/roles.js';

/**
 * Table types. Timestamps are ISO-8601 UTC text on both SQLite and PostgreSQL (they sort as
 * text and need no driver conversion); booleans are 0/1 integers. See docs/decisions.md.
 */
export type AccountTable = {
  id: string;
  email: string;
  name: string;
  password_hash: string | null;
  email_verified_at: string | null;
  last_workspace_id: string | null;
  created_at: string;
  updated_at: string;
};

export type WorkspaceTable = {
  id: string;
  name: string;
  plan_id: string;
  created_at: string;
  updated_at: string;
};

export type TeamTable = {
  id: string;
  workspace_id: string;
  name: string;
  /** Lower-cased, trimmed name: team names are unique without regard to case. */
  name_key: string;
  created_at: string;
  updated_at: string;
};

/**
 * A person's place in one workspace, from invitation to deletion: pending (expired once past
 * `expires_at`, or revoked), then active and deactivated; one row per email per workspace.
 */
export type WorkspaceUserTable = {
  id: string;
  workspace_id: string;
  account_id: string | null;
  email: string;
  name: string;
  name_key: string;
  /** The name's folded words behind a leading space (users/search-words.ts): what search matches. */
  search_name: string;
  /** The email's folded words, as `search_name`. */
  search_email: string;
  role: Role;
  team_id: string | null;
  status: StoredUserStatus;
  invited_at: string;
  invited_by_id: string | null;
  expires_at: string | null;
  accepted_at: string | null;
  deactivated_at: string | null;
  revoked_at: string | null;
  token_hash: string | null;
  email_status: string | null;
  buddy_id: string | null;
  phone: string | null;
  photo_key: string | null;
  profile_completed_at: string | null;
  tour_status: string | null;
  /** Added by 007-photos; optional so code that writes whole rows need not name it. */
  profile_skipped_at?: string | null;
  /** Added by 009-challenges: when the tour was first finished. */
  tour_completed_at?: string | null;
  /** The outbox message of the latest invitation email; its delivery is the row's email status. */
  last_email_id: string | null;
  created_at: string;
  updated_at: string;
};

export type InvitationTokenTable = {
  token_hash: string;
  user_id: string;
  created_at: string;
};

export type OutboxStatus = 'queued' | 'sending' | 'sent' | 'failed' | 'cancelled';

export type OutboxTable = {
  id: string;
  workspace_id: string | null;
  user_id: string | null;
  kind: string;
  to_address: string;
  subject: string | null;
  /** Cleared once delivered or abandoned: a body may carry a one-time link. */
  text_body: string | null;
  html_body: string | null;
  /** A template rendered at delivery time instead of a stored body. */
  template: string | null;
  /** The template's input as JSON; cleared with the body (it may hold a token). */
  payload: string | null;
  message_id: string;
  status: OutboxStatus;
  attempts: number;
  next_attempt_at: string;
  locked_until: string | null;
  last_error: string | null;
  created_at: string;
  sent_at: string | null;
};

export type DevMailboxTable = {
  id: string;
  workspace_id: string | null;
  to_address: string;
  subject: string;
  text_body: string;
  html_body: string;
  sent_at: string;
};

export type SessionTable = {
  id_hash: string;
  account_id: string;
  workspace_id: string | null;
  created_at: string;
  last_seen_at: string;
  expires_at: string;
  ip: string | null;
  user_agent: string | null;
};

export type RateLimitTable = {
  key: string;
  count: number;
  reset_at: string;
};

export type BulkImportTable = {
  id: string;
  workspace_id: string;
  created_by_id: string | null;
  file_name: string;
  /** `checking` while an upload's rows are written (never shown), `sending` while the send job runs. */
  status: 'checking' | 'draft' | 'sending' | 'sent';
  rows_count: number;
  valid_count: number;
  invalid_count: number;
  sent_count: number;
  skipped_count: number;
  /** JSON: count of rows by issue code. */
  issues: string;
  /** JSON: warnings about the file (unknown columns…). */
  warnings: string;
  created_at: string;
  sent_at: string | null;
  /** Seats held for rows not yet written while `sending`; they count as used (billing `seatUsage`). */
  reserved_seats: number;
  /** The last row number the send job wrote (it resumes after it). */
  send_cursor: number;
  send_job_id: string | null;
  /** Who pressed Send All: the inviter of every row. */
  sent_by_id: string | null;
};

export type BulkImportRowTable = {
  import_id: string;
  /** The spreadsheet row: the header is row 1. */
  row_number: number;
  email: string;
  name: string;
  role: string;
  team: string;
  team_id: string | null;
  valid: number;
  /** JSON array of issues, null when valid. */
  issues: string | null;
};

export type DealStage = 'qualification' | 'proposal' | 'negotiation' | 'won' | 'lost';

export type DealTable = {
  id: string;
  workspace_id: string;
  name: string;
  owner_id: string | null;
  created_by_id: string | null;
  amount: number;
  stage: DealStage;
  created_at: string;
  updated_at: string;
};

export type LeadTable = {
  id: string;
  workspace_id: string;
  name: string;
  owner_id: string | null;
  created_by_id: string | null;
  email: string | null;
  company: string | null;
  created_at: string;
  updated_at: string;
};

/** One admin action or security event; actor and target are copied so the event outlives them. */
export type AuditEventTable = {
  id: string;
  workspace_id: string;
  at: string;
  actor_user_id: string | null;
  actor_name: string | null;
  actor_email: string | null;
  action: string;
  target_type: string | null;
  target_id: string | null;
  target_label: string | null;
  /** JSON or null. */
  before: string | null;
  after: string | null;
  ip: string | null;
};

export type AccountTokenPurpose = 'password_reset' | 'verify_email';

/** A one-time link sent to an account's email (password reset, email verification); only its hash is kept. */
export type AccountTokenTable = {
  token_hash: string;
  account_id: string;
  purpose: AccountTokenPurpose;
  expires_at: string;
  /** Set once, by the request that spends the token. */
  used_at: string | null;
  created_at: string;
};

/** A workspace's OpenID Connect provider; booleans are 0/1. */
export type SsoSettingsTable = {
  workspace_id: string;
  enabled: number;
  issuer: string;
  client_id: string;
  /** AES-256-GCM ciphertext (src/server/lib/secret-box.ts), never the secret itself. */
  client_secret: string | null;
  require_for_non_admins: number;
  updated_at: string;
};

/** An identity at a provider (issuer + subject) linked to an account; the email is the one at link time. */
export type SsoIdentityTable = {
  issuer: string;
  subject: string;
  account_id: string;
  email: string;
  created_at: string;
};

/**
 * An SSO sign-in between the redirect to the provider and its answer. The state, the browser
 * value and the invitation token are kept as hashes; nonce and PKCE verifier must be sent as they are.
 */
export type SsoLoginAttemptTable = {
  state_hash: string;
  workspace_id: string;
  nonce: string;
  code_verifier: string;
  invitation_token_hash: string | null;
  /** SHA-256 of the random value in the browser's short-lived SSO cookie. */
  browser_hash: string;
  created_at: string;
  expires_at: string;
  used_at: string | null;
};

/** A session started by a workspace's SSO: it may not enter another workspace. */
export type SsoSessionTable = {
  session_id_hash: string;
  workspace_id: string;
  created_at: string;
};

/** A profile photo: a 256×256 WebP, kept in the database so every process can serve it. */
export type PhotoTable = {
  key: string;
  workspace_id: string;
  user_id: string;
  content_type: string;
  bytes: Buffer;
  created_at: string;
};

/** A chat channel; every workspace has `general` from birth. */
export type ChannelTable = {
  id: string;
  workspace_id: string;
  name: string;
  created_at: string;
};

/** A chat message; `author_id` null = the workspace itself (the welcome). `body` is plain text. */
export type MessageTable = {
  id: string;
  workspace_id: string;
  channel_id: string;
  author_id: string | null;
  body: string;
  created_at: string;
  /** Makes a message happen at most once (`welcome:<workspaceUserId>`); null for people's posts. */
  source_key: string | null;
};

/** The admin's welcome message for #general; `enabled` is 0/1. */
export type WelcomeSettingsTable = {
  workspace_id: string;
  enabled: number;
  template: string;
  updated_at: string;
};

/** A durable background job, written in the transaction whose effect it follows (src/server/jobs). */
export type JobTable = {
  id: string;
  workspace_id: string | null;
  type: string;
  /** JSON. */
  payload: string;
  status: 'pending' | 'running' | 'done' | 'failed';
  attempts: number;
  next_attempt_at: string;
  locked_until: string | null;
  last_error: string | null;
  created_at: string;
  processed_at: string | null;
};

/** A Getting Started challenge; `steps` is a JSON array of step ids, `active` 0/1 (one per workspace). */
export type ChallengeTable = {
  id: string;
  workspace_id: string;
  name: string;
  steps: string;
  active: number;
  due_days: number | null;
  created_at: string;
  updated_at: string;
};

/** A workspace's Getting Started guide: the admin's Markdown and its sanitised HTML (010-guide). */
export type GuideTable = {
  workspace_id: string;
  markdown: string;
  html: string;
  updated_at: string;
  updated_by: string | null;
};

export type DB = {
  accounts: AccountTable;
  workspaces: WorkspaceTable;
  teams: TeamTable;
  workspace_users: WorkspaceUserTable;
  sessions: SessionTable;
  rate_limits: RateLimitTable;
  invitation_tokens: InvitationTokenTable;
  outbox: OutboxTable;
  dev_mailbox: DevMailboxTable;
  bulk_imports: BulkImportTable;
  bulk_import_rows: BulkImportRowTable;
  deals: DealTable;
  leads: LeadTable;
  audit_events: AuditEventTable;
  sso_settings: SsoSettingsTable;
  sso_identities: SsoIdentityTable;
  sso_login_attempts: SsoLoginAttemptTable;
  sso_sessions: SsoSessionTable;
  account_tokens: AccountTokenTable;
  photos: PhotoTable;
  challenges: ChallengeTable;
  channels: ChannelTable;
  messages: MessageTable;
  welcome_settings: WelcomeSettingsTable;
  jobs: JobTable;
  guides: GuideTable;
};

export type Row<T extends keyof DB> = { [K in keyof DB[T]]: DB[T][K] extends Generated<infer V> ? V : DB[T][K] };
