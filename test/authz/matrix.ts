/**
 * The authorization matrix: every route of the server × every kind of caller → what the caller
 * gets. `ok` means the request got past authentication and authorization (any answer but 401,
 * 403 and 404; a 400 for the test's empty body counts). The test in
 * test/integration/authz-matrix.test.ts walks this table, and fails when a registered route has no
 * row here or a row names a route that does not exist.
 */
export const ACTORS = ['anonymous', 'deactivated', 'sales_rep', 'manager', 'other_admin', 'admin'] as const;
export type Actor = (typeof ACTORS)[number];
export type Expected = 'ok' | 401 | 403 | 404;
export type Expectation = Record<Actor, Expected>;

/** No session needed; a signed-in caller gets the same. */
const PUBLIC: Expectation = {
  anonymous: 'ok',
  deactivated: 'ok',
  sales_rep: 'ok',
  manager: 'ok',
  other_admin: 'ok',
  admin: 'ok',
};
/** Any active member, on their own workspace. */
const MEMBER: Expectation = { ...PUBLIC, anonymous: 401, deactivated: 401 };
/** Any active member, on a record of the workspace (another workspace's id is not found). */
const MEMBER_RECORD: Expectation = { ...MEMBER, other_admin: 404 };
/** Admins of the workspace (another workspace's admin uses their own). */
const ADMIN: Expectation = { ...MEMBER, sales_rep: 403, manager: 403 };
/** Admins, on something of this workspace: another workspace's admin finds nothing. */
const ADMIN_RECORD: Expectation = { ...ADMIN, other_admin: 404 };

export const MATRIX: Record<string, Expectation> = {
  'GET /healthz': PUBLIC,
  'GET /readyz': PUBLIC,
  'GET /api/openapi.json': PUBLIC,
  'GET /api/docs': PUBLIC,
  'GET /api/docs/static/index.html': PUBLIC,
  'GET /api/docs/static/swagger-initializer.js': PUBLIC,
  'GET /api/docs/json': PUBLIC,
  'GET /api/docs/yaml': PUBLIC,
  'GET /api/docs/static/*': PUBLIC,

  'POST /api/v1/auth/signup': PUBLIC,
  'POST /api/v1/auth/login': PUBLIC,
  'POST /api/v1/auth/logout': PUBLIC,
  'POST /api/v1/auth/switch': MEMBER,
  'POST /api/v1/auth/password/forgot': PUBLIC,
  'POST /api/v1/auth/password/reset/lookup': PUBLIC,
  'POST /api/v1/auth/password/reset': PUBLIC,
  'POST /api/v1/auth/verify-email': PUBLIC,
  'POST /api/v1/auth/verify-email/resend': MEMBER,
  'GET /api/v1/me': MEMBER,
  'GET /api/v1/me/onboarding': MEMBER,
  'PATCH /api/v1/me/profile': MEMBER,
  'POST /api/v1/me/profile/skip': MEMBER,
  'POST /api/v1/me/tour': MEMBER,
  'PUT /api/v1/me/photo': MEMBER,
  'DELETE /api/v1/me/photo': MEMBER,
  'GET /api/v1/photos/:key': MEMBER_RECORD,

  'GET /api/v1/users': ADMIN,
  'GET /api/v1/users/summary': ADMIN,
  'GET /api/v1/users/:id': ADMIN_RECORD,
  'PATCH /api/v1/users/:id': ADMIN_RECORD,
  'DELETE /api/v1/users/:id': ADMIN_RECORD,
  'GET /api/v1/users/:id/records': ADMIN_RECORD,
  'POST /api/v1/users/:id/deactivate': ADMIN_RECORD,
  'POST /api/v1/users/:id/reactivate': ADMIN_RECORD,
  'POST /api/v1/users/:id/resend': ADMIN_RECORD,
  'POST /api/v1/users/:id/revoke': ADMIN_RECORD,

  'GET /api/v1/teams': MEMBER,
  'POST /api/v1/teams': ADMIN,
  'GET /api/v1/teams/:id': MEMBER_RECORD,
  'PATCH /api/v1/teams/:id': ADMIN_RECORD,
  'DELETE /api/v1/teams/:id': ADMIN_RECORD,

  'GET /api/v1/billing': ADMIN,
  'PUT /api/v1/billing/plan': ADMIN,

  'POST /api/v1/invitations': ADMIN,
  'POST /api/v1/invitations/lookup': PUBLIC,
  'POST /api/v1/invitations/accept': PUBLIC,
  'GET /api/v1/invitations/bulk/template': ADMIN,
  'POST /api/v1/invitations/bulk': ADMIN,
  'GET /api/v1/invitations/bulk/:id': ADMIN_RECORD,
  'GET /api/v1/invitations/bulk/:id/rows': ADMIN_RECORD,
  'GET /api/v1/invitations/bulk/:id/invalid.csv': ADMIN_RECORD,
  'POST /api/v1/invitations/bulk/:id/send': ADMIN_RECORD,
  'GET /api/v1/dev/mailbox': ADMIN,

  'GET /api/v1/deals': MEMBER,
  'POST /api/v1/deals': MEMBER,
  'GET /api/v1/deals/:id': MEMBER_RECORD,
  'PATCH /api/v1/deals/:id': MEMBER_RECORD,
  'DELETE /api/v1/deals/:id': MEMBER_RECORD,
  'GET /api/v1/leads': MEMBER,
  'POST /api/v1/leads': MEMBER,
  'GET /api/v1/leads/:id': MEMBER_RECORD,
  'PATCH /api/v1/leads/:id': MEMBER_RECORD,
  'DELETE /api/v1/leads/:id': MEMBER_RECORD,
  'GET /api/v1/owners': MEMBER,
  'GET /api/v1/me/dashboard': MEMBER,

  'GET /api/v1/challenges': MEMBER,
  'POST /api/v1/challenges': ADMIN,
  'PATCH /api/v1/challenges/:id': ADMIN_RECORD,
  'GET /api/v1/challenges/:id/progress': MEMBER_RECORD,

  'GET /api/v1/audit': ADMIN,
  'GET /api/v1/audit.csv': ADMIN,

  'GET /api/v1/sso': ADMIN,
  'PUT /api/v1/sso': ADMIN,

  'GET /api/v1/channels': MEMBER,
  'GET /api/v1/channels/:id/messages': MEMBER_RECORD,
  'POST /api/v1/channels/:id/messages': MEMBER_RECORD,
  'GET /api/v1/channels/:id/stream': MEMBER_RECORD,
  'GET /api/v1/onboarding/welcome-message': ADMIN,
  'PUT /api/v1/onboarding/welcome-message': ADMIN,

  'GET /api/v1/onboarding/guide': MEMBER,
  'PUT /api/v1/onboarding/guide': ADMIN,

  'GET /api/v1/people': MEMBER,
  'GET /api/v1/people/:id': MEMBER_RECORD,
};
