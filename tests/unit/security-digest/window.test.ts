import { describe, expect, it } from 'vitest';
import { instantAt, scheduledWindow } from '../../../src/lib/security-digest/window.js';

const HOUR = 3_600_000;
const at830 = { hour: 8, minute: 30 };
const utcDay = (date: string) => Date.parse(`${date}T00:00:00Z`);

describe('scheduledWindow', () => {
  it('ends the delivery lag before this run and starts the lag before the previous one', () => {
    const window = scheduledWindow(new Date('2026-11-28T08:30:27Z'), at830, 'UTC', 20);
    expect(window).toEqual({ start: new Date('2026-11-27T08:10:00Z'), end: new Date('2026-11-28T08:10:00Z') });
  });

  it('uses the wall clock of the time zone: 08:30 in Tokyo is 23:30 UTC the day before', () => {
    const window = scheduledWindow(new Date('2026-11-27T23:30:05Z'), at830, 'Asia/Tokyo', 0);
    expect(window).toEqual({ start: new Date('2026-11-26T23:30:00Z'), end: new Date('2026-11-27T23:30:00Z') });
  });

  it('covers the day before when started by hand before today\u2019s run time', () => {
    const window = scheduledWindow(new Date('2026-11-28T06:00:00Z'), at830, 'UTC', 0);
    expect(window.end).toEqual(new Date('2026-11-27T08:30:00Z'));
  });

  it.each([
    ['America/New_York', '2026-03-08', 23],
    ['America/New_York', '2026-11-01', 25],
    ['Europe/London', '2026-03-29', 23],
    ['Europe/London', '2026-10-25', 25],
  ])('in %s, the run on %s covers %i hours, as the clock changed overnight', (timeZone, date, hours) => {
    const run = instantAt(utcDay(date), at830, timeZone);
    const window = scheduledWindow(new Date(run + 1000), at830, timeZone, 15);
    expect((window.end.getTime() - window.start.getTime()) / HOUR).toBe(hours);
  });

  it.each(['America/New_York', 'Europe/London', 'Asia/Tokyo', 'Australia/Sydney', 'UTC'])(
    'leaves no gap and no overlap between consecutive runs for a whole year in %s',
    (timeZone) => {
      let previous: { start: Date; end: Date } | undefined;
      for (let day = utcDay('2026-01-01'); day < utcDay('2027-01-02'); day += 24 * HOUR) {
        const run = instantAt(day, at830, timeZone);
        const window = scheduledWindow(new Date(run + 5000), at830, timeZone, 15);
        expect(window.end.getTime()).toBe(run - 15 * 60_000);
        if (previous) expect(window.start).toEqual(previous.end);
        expect([23, 24, 25]).toContain((window.end.getTime() - window.start.getTime()) / HOUR);
        previous = window;
      }
    },
  );
});
