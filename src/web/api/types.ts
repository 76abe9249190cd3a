import type { z } from 'zod';
import type { invitationSummary } from '../../server/modules/invitations/invitations.schemas';
import type { BulkIssue, BulkIssueCode } from '../../shared/bulk-csv';
import type { PlanChanges, PlanId } from '../../shared/plans';
import type { EmailStatus, Role, UserStatus } from '../../shared/roles';

export type Ref = { id: string; name: string };

/** A person's place in the current workspace (API.md "Objects"). */
export type User = {
  id: string;
  email: string;
  name: string;
  role: Role;
  team: Ref | null;
  status: UserStatus;
  invitedAt: string | null;
  invitedBy: Ref | null;
  expiresAt: string | null;
  acceptedAt: string | null;
  deactivatedAt: string | null;
  emailStatus: EmailStatus | null;
  buddy: Ref | null;
  phone: string | null;
  photoUrl: string | null;
};

export type Workspace = { id: string; name: string; planId?: PlanId };
export type WorkspaceMembership = { id: string; name: string; role: Role };

export type Account = { id: string; email: string; name: string; emailVerified: boolean };

export type Me = {
  account: Account;
  user: User;
  workspace: Workspace;
  workspaces?: WorkspaceMembership[];
  onboarding?: unknown;
};

export type SessionAnswer = { user: User; workspace: Workspace; workspaces?: WorkspaceMembership[] };

export type Page<T> = { items: T[]; nextCursor: string | null };

export type Team = { id: string; name: string; memberCount: number };

export type BillingPlan = { id: PlanId; name: string; seatLimit: number | null };

export type Billing = {
  plan: BillingPlan;
  seats: { used: number; active: number; pending: number; available: number | null };
  plans: BillingPlan[];
  /** Who may change the plan: `operator` means only the person who runs SalesOS (`npm run plan`). */
  planChanges: PlanChanges;
};

export type UsersSummary = {
  counts: { pending: number; expired: number; active: number; deactivated: number };
  seats: { limit: number | null; used: number; active: number; pending: number };
};

export type UserSort = 'name' | 'email' | 'invitedAt';
export type SortOrder = 'asc' | 'desc';

export type UsersQuery = {
  status?: UserStatus[];
  role?: Role;
  teamId?: string;
  q?: string;
  sort?: UserSort;
  order?: SortOrder;
  limit?: number;
  cursor?: string | null;
};

export type InviteInput = { email: string; name: string; role: Role; teamId?: string | null; buddyId?: string | null };

export type EditUserInput = { role?: Role; teamId?: string | null; name?: string; buddyId?: string | null };

/** What an invitation link is for (POST /api/v1/invitations/lookup): the server's own type. */
export type InvitationSummary = z.infer<typeof invitationSummary>;

export type AcceptInput = { token: string; password: string; name?: string };

/** An email kept by the dev mailbox while the server has no SMTP_URL. */
export type DevMail = { id: string; to: string; subject: string; text: string; html: string; sentAt: string };

/** An uploaded CSV of people to invite: checked row by row, sent only on Send All Invitations. */
export type BulkImport = {
  id: string;
  status: 'draft' | 'sent';
  fileName: string;
  createdAt: string;
  sentAt: string | null;
  counts: { rows: number; valid: number; invalid: number; sent: number; skipped: number };
  issues: Partial<Record<BulkIssueCode, number>>;
  /** `available` is null on a plan without a seat limit. */
  seats: { required: number; available: number | null };
  warnings: string[];
};

/** One row of the file; `row` is its spreadsheet row (the header is row 1). */
export type BulkRow = {
  row: number;
  email: string;
  name: string;
  role: string;
  team: string;
  status: 'valid' | 'invalid';
  issues: BulkIssue[];
};

export type BulkRowFilter = 'all' | 'valid' | 'invalid';

/** What a user owns (GET /api/v1/users/{id}/records): what deleting them hands on. */
export type UserRecords = { deals: number; leads: number };

/**
 * `reassignTo`: the active user who receives the deals and leads, or null to leave them unassigned.
 * Left out, the server refuses (409 `reassignment_required`) to delete a user who owns any.
 */
export type DeleteUserInput = { reassignTo?: string | null };
