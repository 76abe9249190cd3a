export const ROLES = ['admin', 'manager', 'sales_rep'] as const;
export type Role = (typeof ROLES)[number];

export const ROLE_LABELS: Record<Role, string> = {
  admin: 'Admin',
  manager: 'Manager',
  sales_rep: 'Sales Rep',
};

/** Stored statuses; `expired` is never stored, it is computed from `expiresAt`. */
export const STORED_USER_STATUSES = ['pending', 'active', 'deactivated', 'revoked'] as const;
export type StoredUserStatus = (typeof STORED_USER_STATUSES)[number];

export const USER_STATUSES = ['pending', 'expired', 'active', 'deactivated', 'revoked'] as const;
export type UserStatus = (typeof USER_STATUSES)[number];

/** The help page's words: an active user is shown as "Accepted". */
export const STATUS_LABELS: Record<UserStatus, string> = {
  pending: 'Pending',
  expired: 'Expired',
  active: 'Accepted',
  deactivated: 'Deactivated',
  revoked: 'Revoked',
};

export const EMAIL_STATUSES = ['queued', 'sent', 'failed'] as const;
export type EmailStatus = (typeof EMAIL_STATUSES)[number];
