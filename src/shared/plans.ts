export const PLANS = [
  { id: 'free', name: 'Free', seatLimit: 5 },
  { id: 'team', name: 'Team', seatLimit: 25 },
  { id: 'business', name: 'Business', seatLimit: 100 },
  { id: 'enterprise', name: 'Enterprise', seatLimit: null },
] as const satisfies readonly { id: string; name: string; seatLimit: number | null }[];

export type PlanId = (typeof PLANS)[number]['id'];
export type Plan = { id: PlanId; name: string; seatLimit: number | null };

export const PLAN_IDS = PLANS.map((p) => p.id) as [PlanId, ...PlanId[]];
export const DEFAULT_PLAN: PlanId = 'free';

export function findPlan(id: string): Plan | undefined {
  return PLANS.find((p) => p.id === id);
}

export function planById(id: string): Plan {
  const plan = findPlan(id);
  if (!plan) throw new Error(`Unknown plan ${id}`);
  return plan;
}

/** Who may change a workspace's plan (PLAN_CHANGES): its admins, or only the operator with `npm run plan`. */
export const PLAN_CHANGERS = ['admins', 'operator'] as const;
export type PlanChanges = (typeof PLAN_CHANGERS)[number];
