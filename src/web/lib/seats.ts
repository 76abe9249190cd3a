import type { UsersSummary } from '../../shared/api/users';
import { plural } from './format';

/** Free seats on the plan; null when the plan has no limit. */
export function seatsLeft(seats: UsersSummary['seats']): number | null {
  return seats.limit === null ? null : Math.max(0, seats.limit - seats.used);
}

/** "3 of 5 seats left", or "Unlimited" when the plan has no limit. */
export function seatsLeftText(seats: UsersSummary['seats']): string {
  const left = seatsLeft(seats);
  if (left === null || seats.limit === null) return 'Unlimited';
  return `${left.toLocaleString()} of ${plural(seats.limit, 'seat')} left`;
}
