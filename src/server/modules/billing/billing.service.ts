import { findPlan, PLANS, type PlanId, planById } from '../../../shared/plans.js';
import type { AppContext } from '../../context.js';
import { AppError } from '../../lib/app-error.js';
import { nowIso } from '../../lib/time.js';
import type { AuthContext } from '../../plugins/auth.js';
import { actorOf, recordAudit } from '../audit/audit.js';
import type { Executor } from '../auth/auth.repository.js';
import { workspacesRepository } from '../workspaces/workspaces.repository.js';
import { billingRepository } from './billing.repository.js';

export type SeatUsage = {
  limit: number | null;
  used: number;
  active: number;
  pending: number;
  available: number | null;
};

/** Seats of a workspace on a plan: used = active + pending; expired, revoked and deactivated use none. */
export async function seatUsage(db: Executor, workspaceId: string, planId: string): Promise<SeatUsage> {
  const { active, pending } = await billingRepository.seatUsage(db, workspaceId, nowIso());
  const limit = planById(planId).seatLimit;
  const used = active + pending;
  return { limit, used, active, pending, available: limit === null ? null : Math.max(0, limit - used) };
}

export function createBillingService(ctx: AppContext) {
  const { db } = ctx.database;

  async function describe(workspaceId: string, executor: Executor = db) {
    const workspace = await workspacesRepository.findById(executor, workspaceId);
    if (!workspace) throw new AppError('not_found');
    const plan = planById(workspace.plan_id);
    const seats = await seatUsage(executor, workspaceId, plan.id);
    return {
      plan,
      seats: { used: seats.used, active: seats.active, pending: seats.pending, available: seats.available },
      plans: PLANS.map((p) => ({ ...p })),
    };
  }

  return {
    describe,

    /** No payment provider yet: a plan change takes effect at once; a downgrade below seats in use is refused. */
    async changePlan(actor: AuthContext, planId: PlanId) {
      const workspaceId = actor.workspace.id;
      const plan = findPlan(planId);
      if (!plan) throw new AppError('validation_failed', { errors: [{ path: 'planId', message: 'Unknown plan.' }] });
      return ctx.database.transaction(async (trx) => {
        await ctx.database.lockWorkspace(trx, workspaceId);
        const workspace = await workspacesRepository.findById(trx, workspaceId);
        if (!workspace) throw new AppError('not_found');
        const seats = await seatUsage(trx, workspaceId, workspace.plan_id);
        if (plan.seatLimit !== null && seats.used > plan.seatLimit) {
          throw new AppError('seats_in_use', {
            detail: `The ${plan.name} plan has ${plan.seatLimit} seats but ${seats.used} are in use (${seats.active} active, ${seats.pending} pending). Deactivate users or revoke invitations first.`,
            extra: { seatsUsed: seats.used, seatLimit: plan.seatLimit },
          });
        }
        await workspacesRepository.setPlan(trx, workspaceId, plan.id, nowIso());
        if (workspace.plan_id !== plan.id) {
          await recordAudit(trx, {
            workspaceId,
            actor: actorOf(actor),
            action: 'plan.changed',
            target: { type: 'workspace', id: workspaceId, label: workspace.name },
            before: { plan: workspace.plan_id },
            after: { plan: plan.id },
            ip: actor.ip,
          });
        }
        return describe(workspaceId, trx);
      });
    },
  };
}

/**
 * Refuses when `needed` more seats would pass the plan's limit. Call it inside the transaction
 * that takes the seats, after `lockWorkspace`, so two writers cannot both take the last seat.
 */
export async function assertSeatsAvailable(
  trx: Executor,
  workspace: { id: string; plan_id: string },
  needed: number,
): Promise<void> {
  if (planById(workspace.plan_id).seatLimit === null) return;
  const seats = await seatUsage(trx, workspace.id, workspace.plan_id);
  if (seats.limit === null || seats.used + needed <= seats.limit) return;
  const plan = planById(workspace.plan_id);
  const missing = seats.used + needed - seats.limit;
  throw new AppError('seat_limit_reached', {
    detail: `Your ${plan.name} plan has ${seats.limit} seats and ${seats.used} ${seats.used === 1 ? 'is' : 'are'} in use (${seats.active} active, ${seats.pending} pending): ${missing} more ${missing === 1 ? 'seat is' : 'seats are'} needed. Change plan in Admin > Billing or revoke pending invitations.`,
    extra: { seatLimit: seats.limit, seatsUsed: seats.used, seatsMissing: missing },
  });
}
