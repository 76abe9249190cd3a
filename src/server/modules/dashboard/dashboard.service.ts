import type { Dashboard, DashboardBuddy } from '../../../shared/api/dashboard.js';
import { authorize } from '../../../shared/permissions.js';
import type { AppContext, AuthContext } from '../../context.js';
import type { Executor } from '../../db/executor.js';
import { nowIso } from '../../lib/time.js';
import type { ChallengesService } from '../challenges/challenges.service.js';
import { latestGeneral } from '../chat/chat.service.js';
import { dashboardGuide } from '../guide/guide.service.js';
import { usersRepository } from '../users/users.repository.js';
import { toUser } from '../users/users.schemas.js';
import type { UsersService } from '../users/users.service.js';
import { toDeal, toLead } from '../work-records/work-records.service.js';
import { dashboardRepository as repo } from './dashboard.repository.js';

/** How many deals and leads the dashboard lists; the Deals and Leads pages have the rest. */
export const DASHBOARD_ITEMS = 5;

/** The person's buddy while the buddy is still an active member; a deactivated buddy cannot help. */
async function buddyOf(db: Executor, actor: AuthContext): Promise<DashboardBuddy | null> {
  const { buddy_id: buddyId } = actor.user;
  if (!buddyId) return null;
  const row = await usersRepository.findById(db, actor.workspace.id, buddyId);
  if (row?.status !== 'active') return null;
  const buddy = toUser(row, nowIso());
  return { id: buddy.id, name: buddy.name, email: buddy.email, photoUrl: buddy.photoUrl };
}

/** Reads the app's users and challenges services (buildServices passes them in). */
export function createDashboardService(ctx: AppContext, deps: { users: UsersService; challenges: ChallengesService }) {
  const { db } = ctx.database;
  const { users, challenges } = deps;

  return {
    /**
     * The signed-in person's home, the last onboarding step: their own open deals and their own
     * leads, whatever their role lets them see elsewhere, their buddy, and for admins the
     * workspace's people and seats.
     */
    async forUser(actor: AuthContext): Promise<Dashboard> {
      const own = { workspaceId: actor.workspace.id, ownerId: actor.user.id };
      const isAdmin = authorize(actor.user.role, 'users:read');
      const [deals, dealTotals, leads, leadTotal, buddy, summary] = await Promise.all([
        repo.openDeals(db, { ...own, limit: DASHBOARD_ITEMS }),
        repo.openDealTotals(db, own),
        repo.leads(db, { ...own, limit: DASHBOARD_ITEMS }),
        repo.leadCount(db, own),
        buddyOf(db, actor),
        isAdmin ? users.summary(actor.workspace.id, actor.workspace.plan_id) : null,
      ]);
      return {
        deals: { items: deals.map(toDeal), open: dealTotals.count, openAmount: dealTotals.amount },
        leads: { items: leads.map(toLead), total: leadTotal },
        // Seams for later work: the Getting Started challenge (the person's progress in the active
        // challenge), the Getting Started guide, and the newest #general messages fill these in.
        challenge: await challenges.mine(actor),
        guide: await dashboardGuide(db, actor.workspace.id),
        buddy,
        general: await latestGeneral(db, actor.workspace.id, DASHBOARD_ITEMS),
        ...(summary
          ? {
              admin: {
                counts: {
                  pending: summary.counts.pending,
                  expired: summary.counts.expired,
                  active: summary.counts.active,
                  deactivated: summary.counts.deactivated,
                },
                seats: summary.seats,
              },
            }
          : {}),
      };
    },
  };
}
