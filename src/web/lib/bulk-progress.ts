import type { BulkImport } from '../../shared/api/bulk-invites';

/** How far a send is: valid rows done (invited, or skipped because they changed) of all of them. */
export function sendProgress(bulk: Pick<BulkImport, 'counts'>): { done: number; total: number; percent: number } {
  const { valid, sent, skipped, invalid } = bulk.counts;
  const done = Math.min(valid, sent + Math.max(0, skipped - invalid));
  return { done, total: valid, percent: valid === 0 ? 100 : Math.floor((done / valid) * 100) };
}

export type ProgressSample = { at: number; done: number };

/**
 * Seconds left at the rate seen since the first sample, or null until there is a rate to go by
 * (two samples at least a second apart, and progress between them).
 */
export function secondsLeft(first: ProgressSample | null, last: ProgressSample, total: number): number | null {
  if (!first || last.at - first.at < 1000 || last.done <= first.done) return null;
  const perSecond = (last.done - first.done) / ((last.at - first.at) / 1000);
  return Math.max(0, Math.ceil((total - last.done) / perSecond));
}

/** "About 2 minutes left", "A few seconds left": a rough figure, as a rough estimate deserves. */
export function timeLeftText(seconds: number | null): string {
  if (seconds === null) return 'Estimating the time left…';
  if (seconds < 10) return 'A few seconds left';
  if (seconds < 60) return `About ${Math.round(seconds / 5) * 5} seconds left`;
  const minutes = Math.round(seconds / 60);
  return minutes === 1 ? 'About a minute left' : `About ${minutes} minutes left`;
}

/** The quarter a percentage is in (0–4): what is announced to screen readers, not every tick. */
export function announcedStep(percent: number): number {
  return Math.min(4, Math.floor(percent / 25));
}
