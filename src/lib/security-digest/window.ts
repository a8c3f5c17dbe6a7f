import type { TimeOfDay } from '../settings.js';
import { wallClock } from '../time.js';

/**
 * The span one scheduled security digest covers: from the previous scheduled run to this one, both moved
 * back by the delivery lag (CloudTrail delivers log files 5 to 15 minutes after the events). Consecutive
 * runs therefore meet exactly, with no gap and no overlap, and a day with a clock change covers 23 or 25
 * hours, as the wall clock says.
 */

export interface DigestWindow {
  start: Date;
  end: Date;
}

const MINUTE_MS = 60_000;
const DAY_MS = 86_400_000;

/** The wall-clock reading of an instant in a time zone, read back as if it were UTC, minus the instant: the zone's offset then. */
function offsetAt(instant: number, timeZone: string): number {
  const parts = wallClock(new Date(instant), timeZone);
  const wall = Date.UTC(
    Number(parts.year),
    Number(parts.month) - 1,
    Number(parts.day),
    Number(parts.hour),
    Number(parts.minute),
    Number(parts.second),
  );
  return wall - (instant - (instant % 1000));
}

/** The calendar date (as a UTC midnight) of an instant in a time zone. */
function localDay(instant: number, timeZone: string): number {
  const local = instant + offsetAt(instant, timeZone);
  return local - (((local % DAY_MS) + DAY_MS) % DAY_MS);
}

/** The instant a local day (a UTC midnight standing for the date) reaches a time of day in a time zone. */
export function instantAt(day: number, time: TimeOfDay, timeZone: string): number {
  const wall = day + (time.hour * 60 + time.minute) * MINUTE_MS;
  // The offset at the guess, then at the instant it gives: right on both sides of a clock change.
  const first = wall - offsetAt(wall, timeZone);
  return wall - offsetAt(first, timeZone);
}

/** The window of the scheduled run at or before `now`, for a daily schedule at `time` in `timeZone`. */
export function scheduledWindow(now: Date, time: TimeOfDay, timeZone: string, lagMinutes: number): DigestWindow {
  const today = localDay(now.getTime(), timeZone);
  let run = instantAt(today, time, timeZone);
  let runDay = today;
  // Before today's run time (a run started by hand, or a retry past midnight): the last run was yesterday's.
  if (run > now.getTime()) {
    runDay = today - DAY_MS;
    run = instantAt(runDay, time, timeZone);
  }
  const previous = instantAt(runDay - DAY_MS, time, timeZone);
  const lag = lagMinutes * MINUTE_MS;
  return { start: new Date(previous - lag), end: new Date(run - lag) };
}
