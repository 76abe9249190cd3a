/**
 * The one catalogue of error codes: code → HTTP status → the message a person reads.
 * The server throws these codes; the web app shows the message (or the server's `detail`).
 */
export const ERROR_CATALOGUE = {
  validation_failed: { status: 400, title: 'Some fields need attention.' },
  bad_request: { status: 400, title: 'The request is malformed.' },
  weak_password: { status: 400, title: 'Choose a stronger password.' },
  team_not_found: { status: 400, title: 'That team does not exist.' },
  missing_columns: { status: 400, title: 'The file is missing required columns.' },
  empty_file: { status: 400, title: 'The file is empty.' },
  not_csv: { status: 400, title: 'The file is not a CSV file.' },
  invalid_reassignee: { status: 400, title: 'Choose an active user of this workspace to receive the records.' },
  invalid_phone: { status: 400, title: 'That phone number is not valid.' },
  unsupported_image: { status: 400, title: 'Use a JPEG, PNG or WebP image.' },
  sso_discovery_failed: {
    status: 400,
    title: 'The identity provider could not be reached or did not answer as an OpenID Connect provider.',
  },
  /** An SSO sign-in refused; the page says why (`detail`). */
  sso_failed: { status: 400, title: 'Single sign-on did not work.' },
  unauthenticated: { status: 401, title: 'Please sign in.' },
  invalid_credentials: { status: 401, title: 'The email or password is incorrect.' },
  forbidden: { status: 403, title: 'You do not have permission to do that.' },
  csrf_failed: { status: 403, title: 'The request could not be verified. Reload the page and try again.' },
  signup_disabled: { status: 403, title: 'Sign-up is disabled on this server.' },
  user_deactivated: { status: 403, title: 'Your account in this workspace has been deactivated.' },
  email_not_verified: { status: 403, title: 'Verify your email address before inviting people.' },
  sso_required: { status: 403, title: 'This workspace requires single sign-on: sign in with SSO.' },
  plan_change_by_operator: { status: 403, title: 'Plan changes are made by the person who runs SalesOS.' },
  not_found: { status: 404, title: 'Not found.' },
  invitation_not_found: { status: 404, title: 'This invitation link is not valid.' },
  email_taken: { status: 409, title: 'An account with this email already exists.' },
  account_exists: {
    status: 409,
    title: 'This email already has a SalesOS account: sign in to it first, then accept the invitation.',
  },
  team_exists: { status: 409, title: 'A team with this name already exists.' },
  seats_in_use: { status: 409, title: 'More seats are in use than that plan allows.' },
  seat_limit_reached: { status: 409, title: 'Your plan has no free seats left.' },
  already_member: { status: 409, title: 'This person is already a member of the workspace.' },
  already_invited: { status: 409, title: 'This person already has a pending invitation.' },
  bulk_already_sent: { status: 409, title: 'These invitations have already been sent.' },
  invitation_already_accepted: { status: 409, title: 'This invitation has already been accepted.' },
  last_admin: { status: 409, title: 'The workspace needs at least one active admin.' },
  not_pending: { status: 409, title: 'Only pending or expired invitations can do that.' },
  not_active: { status: 409, title: 'Only active users can be deactivated.' },
  not_deactivated: { status: 409, title: 'Only deactivated users can be reactivated.' },
  cannot_modify_self: { status: 409, title: 'You cannot do that to your own account.' },
  reassignment_required: { status: 409, title: 'Choose who receives this user’s deals and leads.' },
  not_a_member: { status: 409, title: 'This person has not joined yet: revoke the invitation instead.' },
  token_invalid: { status: 410, title: 'This link is no longer valid.' },
  invitation_expired: { status: 410, title: 'This invitation has expired. Ask your admin to resend it.' },
  invitation_revoked: { status: 410, title: 'This invitation has been revoked.' },
  invitation_superseded: { status: 410, title: 'A newer invitation was sent. Use the link in the latest email.' },
  request_timeout: { status: 408, title: 'The request took too long to arrive.' },
  file_too_large: { status: 413, title: 'The file is too large.' },
  payload_too_large: { status: 413, title: 'The request body is too large.' },
  uri_too_long: { status: 414, title: 'The URL is too long.' },
  unsupported_media_type: { status: 415, title: 'Send the request body as JSON.' },
  rate_limited: { status: 429, title: 'Too many attempts. Please wait and try again.' },
  headers_too_large: { status: 431, title: 'The request headers are too large.' },
  internal_error: { status: 500, title: 'Something went wrong on our side.' },
  /** SSO cannot work until the operator acts (no SECRETS_KEY, a secret the key cannot open). */
  sso_unavailable: { status: 500, title: 'Single sign-on cannot be used on this server right now.' },
  service_unavailable: { status: 503, title: 'The service is temporarily unavailable.' },
  secrets_key_missing: {
    status: 503,
    title: 'SSO settings cannot be saved: the server has no SECRETS_KEY. Ask the person who runs SalesOS to set it.',
  },
} as const satisfies Record<string, { status: number; title: string }>;

export type ErrorCode = keyof typeof ERROR_CATALOGUE;

export type ProblemField = { path: string; message: string };

export type Problem = {
  type: string;
  title: string;
  status: number;
  detail: string;
  code: ErrorCode;
  errors?: ProblemField[];
  [extra: string]: unknown;
};

export function isErrorCode(value: unknown): value is ErrorCode {
  return typeof value === 'string' && Object.hasOwn(ERROR_CATALOGUE, value);
}

export function errorMessage(code: ErrorCode): string {
  return ERROR_CATALOGUE[code].title;
}
