import type { Role } from './roles.js';

/**
 * The one permission table: role × action. A route names one of these actions (or is public),
 * and `authorize()` is the only place that decides.
 */
export const PERMISSIONS = {
  /** Anything a signed-in member of the workspace may do for themself. */
  self: ['admin', 'manager', 'sales_rep'],
  'users:read': ['admin'],
  'users:manage': ['admin'],
  'invitations:manage': ['admin'],
  'teams:read': ['admin', 'manager', 'sales_rep'],
  'teams:manage': ['admin'],
  'billing:read': ['admin'],
  'billing:manage': ['admin'],
  'audit:read': ['admin'],
  'settings:manage': ['admin'],
  'mailbox:read': ['admin'],
  /**
   * Deals and leads; which ones a person sees and owns is decided per row by role: admins all,
   * managers their team's, sales reps their own.
   */
  'records:work': ['admin', 'manager', 'sales_rep'],
  /** The Getting Started challenges and one's own progress; admins see everyone's. */
  'challenges:read': ['admin', 'manager', 'sales_rep'],
  /** #general: read, post, follow live. */
  'chat:use': ['admin', 'manager', 'sales_rep'],
  /** The member directory (active people: name, role, team, photo) and a person's page. */
  'people:read': ['admin', 'manager', 'sales_rep'],
} as const satisfies Record<string, readonly Role[]>;

export type Permission = keyof typeof PERMISSIONS;

export function authorize(role: Role, permission: Permission): boolean {
  return (PERMISSIONS[permission] as readonly Role[]).includes(role);
}
