/** Calendar dates as "YYYY-MM-DD" strings: the format Cost Explorer speaks, compared as strings, computed in UTC. */

const DAY_MS = 86_400_000;

function toDate(date: string): Date {
  return new Date(`${date}T00:00:00Z`);
}

function fromDate(date: Date): string {
  return date.toISOString().slice(0, 10);
}

export function addDays(date: string, days: number): string {
  return fromDate(new Date(toDate(date).getTime() + days * DAY_MS));
}

/** Whole days from `from` to `to` (positive when `to` is later). */
export function daysBetween(from: string, to: string): number {
  return Math.round((toDate(to).getTime() - toDate(from).getTime()) / DAY_MS);
}

export function monthStart(date: string): string {
  return `${date.slice(0, 7)}-01`;
}

export function nextMonthStart(date: string): string {
  const d = toDate(monthStart(date));
  d.setUTCMonth(d.getUTCMonth() + 1);
  return fromDate(d);
}

/** Every date from `start` up to but not including `end`. */
export function dateRange(start: string, end: string): string[] {
  const dates: string[] = [];
  for (let date = start; date < end; date = addDays(date, 1)) dates.push(date);
  return dates;
}
