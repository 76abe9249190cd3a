/** Every kind of event the audit log records, with the words Admin > Audit log shows for it. */
export const AUDIT_ACTIONS = {
  'invitation.sent': 'Invitation sent',
  'invitation.resent': 'Invitation resent',
  'invitation.revoked': 'Invitation revoked',
  'invitation.edited': 'Invitation edited',
  'invitation.accepted': 'Invitation accepted',
  'bulk_invite.sent': 'Bulk invitations sent',
  'user.role_changed': 'Role changed',
  'user.team_changed': 'Team changed',
  'user.buddy_changed': 'Buddy changed',
  'user.deactivated': 'User deactivated',
  'user.reactivated': 'User reactivated',
  'user.deleted': 'User deleted',
  'team.created': 'Team created',
  'team.renamed': 'Team renamed',
  'team.deleted': 'Team deleted',
  'plan.changed': 'Plan changed',
  'sso.changed': 'SSO settings changed',
  'onboarding.changed': 'Onboarding settings changed',
  'auth.signed_in': 'Signed in',
  'auth.sign_in_failed': 'Sign-in failed',
  'auth.sign_in_refused': 'Sign-in refused (deactivated)',
  'auth.sso_signed_in': 'Signed in with SSO',
  'auth.sso_failed': 'SSO sign-in failed',
  'auth.sso_required': 'Password sign-in refused (SSO required)',
  'auth.password_reset_requested': 'Password reset requested',
  'auth.password_reset': 'Password reset',
  'auth.email_verified': 'Email verified',
  'access.denied': 'Access denied',
} as const;

export type AuditAction = keyof typeof AUDIT_ACTIONS;

export const AUDIT_ACTION_NAMES = Object.keys(AUDIT_ACTIONS) as [AuditAction, ...AuditAction[]];

export type AuditTargetType = 'user' | 'team' | 'workspace' | 'bulk_import' | 'deal' | 'lead' | 'route' | 'challenge';
