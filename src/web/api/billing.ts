import type { Billing } from '../../shared/api/billing';
import type { PlanId } from '../../shared/plans';
import { api } from './client';

export function fetchBilling(signal?: AbortSignal): Promise<Billing> {
  return api.get<Billing>('/api/v1/billing', { signal });
}

export function changePlan(planId: PlanId): Promise<Billing> {
  return api.put<Billing>('/api/v1/billing/plan', { planId });
}
