import type { AppContext } from './context.js';
import { resolveSecretsKey } from './lib/secret-box.js';
import { createAccountRecoveryService } from './modules/account-recovery/account-recovery.service.js';
import { createAuditService } from './modules/audit/audit.service.js';
import { createAuthService } from './modules/auth/auth.service.js';
import { createBillingService } from './modules/billing/billing.service.js';
import { createBulkInvitesService } from './modules/bulk-invites/bulk-invites.service.js';
import { createChallengesService } from './modules/challenges/challenges.service.js';
import { createChatService } from './modules/chat/chat.service.js';
import { createDashboardService } from './modules/dashboard/dashboard.service.js';
import { createGuideService } from './modules/guide/guide.service.js';
import { createInvitationsService } from './modules/invitations/invitations.service.js';
import { createPeopleService } from './modules/people/people.service.js';
import { createProfileService } from './modules/profile/profile.service.js';
import { createSsoService } from './modules/sso/sso.service.js';
import { createTeamsService } from './modules/teams/teams.service.js';
import { createUsersService } from './modules/users/users.service.js';
import type { RecordKind } from './modules/work-records/work-records.repository.js';
import { createWorkRecordsService } from './modules/work-records/work-records.service.js';

/**
 * The composition root: every service of the app, built once by buildApp and handed to the route
 * plugins. A service that uses another gets the one built here, never a copy of its own.
 */
export function buildServices(ctx: AppContext) {
  const auth = createAuthService(ctx);
  const users = createUsersService(ctx);
  const challenges = createChallengesService(ctx);
  const invitations = createInvitationsService(ctx, { auth });
  // Resolved once per app: on SQLite without SECRETS_KEY this may generate the key file.
  const { key: secretsKey } = resolveSecretsKey({
    configured: ctx.config.secretsKey,
    database: ctx.config.database,
    log: ctx.log,
  });
  return {
    accountRecovery: createAccountRecoveryService(ctx),
    audit: createAuditService(ctx),
    auth,
    billing: createBillingService(ctx),
    bulkInvites: createBulkInvitesService(ctx),
    challenges,
    chat: createChatService(ctx),
    dashboard: createDashboardService(ctx, { users, challenges }),
    guide: createGuideService(ctx),
    invitations,
    people: createPeopleService(ctx),
    profile: createProfileService(ctx),
    sso: createSsoService(ctx, { secretsKey, auth, invitations }),
    teams: createTeamsService(ctx),
    users,
    // One set of rules for both kinds: the routes register the same endpoints for each.
    workRecords: {
      deals: createWorkRecordsService<RecordKind>(ctx, 'deals'),
      leads: createWorkRecordsService<RecordKind>(ctx, 'leads'),
    },
  };
}

export type Services = ReturnType<typeof buildServices>;

/** What every route plugin is registered with. */
export type RouteOptions = { ctx: AppContext; services: Services };
