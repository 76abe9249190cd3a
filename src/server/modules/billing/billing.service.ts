import { findPlan, PLANS, type Plan, type PlanChanges, type PlanId, planById } from '../../../shared/plans.js';
import type { AppContext, AuthContext } from '../../context.js';
import type { Database } from '../../db/database.js';
import type { Executor } from '../../db/executor.js';
import { AppError } from '../../lib/app-error.js';
import { nowIso } from '../../lib/time.js';
import { type AuditActor, actorOf, recordAudit } from '../audit/audit.js';
import { workspacesRepository } from '../workspaces/workspaces.repository.js';
import { billingRepository } from './billing.repository.js';

export type SeatUsage = {
  limit: number | null;
  used: number;
  active: number;
  pending: number;
  /** Seats a running Send All holds for rows it has not written yet. */
  reserved: number;
  available: number | null;
};

/**
 * Seats of a workspace on a plan: used = active + pending + reserved (by Send All while its job
 * writes the rows, so nothing else takes them meanwhile); expired, revoked and deactivated use none.
 */
export async function seatUsage(db: Executor, workspaceId: string, planId: string): Promise<SeatUsage> {
  const { active, pending, reserved } = await billingRepository.seatUsage(db, workspaceId, nowIso());
  const limit = planById(planId).seatLimit;
  const used = active + pending + reserved;
  return { limit, used, active, pending, reserved, available: limit === null ? null : Math.max(0, limit - used) };
}

export type PlanChange = {
  workspace: { id: string; name: string };
  from: Plan;
  to: Plan;
  /** False when the workspace was already on the plan: nothing was written. */
  changed: boolean;
  /** The seats on the new plan. */
  seats: SeatUsage;
};

/**
 * The one way a plan changes, for admins (`PUT /billing/plan`) and the operator (`npm run plan`):
 * at once (no payment provider yet), never below the seats in use, audited in the same transaction.
 */
export async function changeWorkspacePlan(
  database: Database,
  args: { workspaceId: string; planId: string; actor: AuditActor; ip: string | null },
): Promise<PlanChange> {
  const { workspaceId } = args;
  const plan = findPlan(args.planId);
  if (!plan) throw new AppError('validation_failed', { errors: [{ path: 'planId', message: 'Unknown plan.' }] });
  return database.transaction(async (trx) => {
    await database.lockWorkspace(trx, workspaceId);
    const workspace = await workspacesRepository.findById(trx, workspaceId);
    if (!workspace) throw new AppError('not_found');
    const seats = await seatUsage(trx, workspaceId, plan.id);
    if (seats.limit !== null && seats.used > seats.limit) {
      throw new AppError('seats_in_use', {
        detail: `The ${plan.name} plan has ${seats.limit} seats but ${seats.used} are in use (${seats.active} active, ${seats.pending} pending). Deactivate users or revoke invitations first.`,
        extra: { seatsUsed: seats.used, seatLimit: seats.limit },
      });
    }
    const changed = workspace.plan_id !== plan.id;
    if (changed) {
      await workspacesRepository.setPlan(trx, workspaceId, plan.id, nowIso());
      await recordAudit(trx, {
        workspaceId,
        actor: args.actor,
        action: 'plan.changed',
        target: { type: 'workspace', id: workspaceId, label: workspace.name },
        before: { plan: workspace.plan_id },
        after: { plan: plan.id },
        ip: args.ip,
      });
    }
    return {
      workspace: { id: workspace.id, name: workspace.name },
      from: planById(workspace.plan_id),
      to: plan,
      changed,
      seats,
    };
  });
}

export function createBillingService(ctx: AppContext) {
  const { db } = ctx.database;
  const planChanges: PlanChanges = ctx.config.planChanges;

  const billingOf = (plan: Plan, seats: SeatUsage) => ({
    plan,
    seats: { used: seats.used, active: seats.active, pending: seats.pending, available: seats.available },
    plans: PLANS.map((p) => ({ ...p })),
    planChanges,
  });

  return {
    async describe(workspaceId: string) {
      const workspace = await workspacesRepository.findById(db, workspaceId);
      if (!workspace) throw new AppError('not_found');
      const plan = planById(workspace.plan_id);
      return billingOf(plan, await seatUsage(db, workspaceId, plan.id));
    },

    /**
     * An admin's plan change. With PLAN_CHANGES=operator it is refused, and the attempt is audited
     * as the auth plugin audits other refused requests (`route` names the endpoint).
     */
    async changePlan(auth: AuthContext, planId: PlanId, route: string) {
      if (planChanges === 'operator') {
        await recordAudit(db, {
          workspaceId: auth.workspace.id,
          actor: actorOf(auth),
          action: 'access.denied',
          target: { type: 'route', id: null, label: route },
          after: { reason: 'plan_change_by_operator', role: auth.user.role, planId },
          ip: auth.ip,
        });
        throw new AppError('plan_change_by_operator');
      }
      const change = await changeWorkspacePlan(ctx.database, {
        workspaceId: auth.workspace.id,
        planId,
        actor: actorOf(auth),
        ip: auth.ip,
      });
      return billingOf(change.to, change.seats);
    },
  };
}

/**
 * Refuses when `needed` more seats would pass the plan's limit. Call it inside the transaction
 * that takes the seats, after `lockWorkspace`, so two writers cannot both take the last seat.
 * `written`: the seats were taken already in this transaction (the rows are written, and counted
 * in the usage read here): the check comes last, and the lock is held only from here to the commit.
 */
export async function assertSeatsAvailable(
  trx: Executor,
  workspace: { id: string; plan_id: string },
  needed: number,
  options: { written?: boolean } = {},
): Promise<void> {
  if (planById(workspace.plan_id).seatLimit === null) return;
  const usage = await seatUsage(trx, workspace.id, workspace.plan_id);
  const seats = options.written ? { ...usage, used: usage.used - needed, pending: usage.pending - needed } : usage;
  if (seats.limit === null || seats.used + needed <= seats.limit) return;
  const plan = planById(workspace.plan_id);
  const missing = seats.used + needed - seats.limit;
  throw new AppError('seat_limit_reached', {
    detail: `Your ${plan.name} plan has ${seats.limit} seats and ${seats.used} ${seats.used === 1 ? 'is' : 'are'} in use (${seats.active} active, ${seats.pending} pending): ${missing} more ${missing === 1 ? 'seat is' : 'seats are'} needed. Change plan in Admin > Billing or revoke pending invitations.`,
    extra: { seatLimit: seats.limit, seatsUsed: seats.used, seatsMissing: missing },
  });
}
