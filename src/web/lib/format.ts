const sameYear = new Intl.DateTimeFormat(undefined, { month: 'short', day: 'numeric' });
const otherYear = new Intl.DateTimeFormat(undefined, { year: 'numeric', month: 'short', day: 'numeric' });
const full = new Intl.DateTimeFormat(undefined, { dateStyle: 'full', timeStyle: 'short' });

/** A date as a list shows it: without the year when it is this year's. */
export function formatDate(iso: string | null | undefined): string | null {
  const date = parseDate(iso);
  if (!date) return null;
  return (date.getFullYear() === new Date().getFullYear() ? sameYear : otherYear).format(date);
}

/** The full date and time, for a tooltip or title. */
export function formatDateTime(iso: string | null | undefined): string | null {
  const date = parseDate(iso);
  return date ? full.format(date) : null;
}

function parseDate(iso: string | null | undefined): Date | null {
  if (!iso) return null;
  const date = new Date(iso);
  return Number.isNaN(date.getTime()) ? null : date;
}

export function plural(count: number, one: string, many = `${one}s`): string {
  return `${count.toLocaleString()} ${count === 1 ? one : many}`;
}

/** A wait as a person reads it: seconds for a short one, whole minutes for a longer one. */
export function formatWait(seconds: number): string {
  return seconds <= 90 ? plural(seconds, 'second') : plural(Math.ceil(seconds / 60), 'minute');
}

export function initials(name: string): string {
  const parts = name.trim().split(/\s+/).filter(Boolean);
  const first = parts[0]?.[0] ?? '';
  const last = parts.length > 1 ? (parts[parts.length - 1]?.[0] ?? '') : '';
  return (first + last).toUpperCase() || '?';
}
