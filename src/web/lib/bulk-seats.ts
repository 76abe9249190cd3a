import type { BulkImport } from '../../shared/api/bulk-invites';
import { plural } from './format';

type BulkSeats = BulkImport['seats'];

/** Seats the valid rows need beyond the free ones; 0 when they fit or the plan has no limit. */
export function bulkSeatsMissing(seats: BulkSeats): number {
  return seats.available === null ? 0 : Math.max(0, seats.required - seats.available);
}

/** "These 3 invitations need 3 seats; 4 are free." */
export function bulkSeatsText(seats: BulkSeats): string {
  const { required, available } = seats;
  if (required === 0) return 'No row is ready to invite, so no seat is needed.';
  const need =
    required === 1
      ? 'This invitation needs 1 seat'
      : `These ${plural(required, 'invitation')} need ${plural(required, 'seat')}`;
  if (available === null) return `${need}; your plan has no seat limit.`;
  const free =
    available === 0 ? 'none is free' : `${available.toLocaleString()} ${available === 1 ? 'is' : 'are'} free`;
  return `${need}; ${free}.`;
}

/** "2 more seats are needed." */
export function bulkSeatsMissingText(seats: BulkSeats): string | null {
  const missing = bulkSeatsMissing(seats);
  if (missing === 0) return null;
  return `${plural(missing, 'more seat')} ${missing === 1 ? 'is' : 'are'} needed.`;
}

/** "3 invitations sent, 5 skipped" */
export function bulkResultText(counts: BulkImport['counts']): string {
  return `${plural(counts.sent, 'invitation')} sent, ${counts.skipped.toLocaleString()} skipped`;
}
