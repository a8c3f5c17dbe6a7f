const CLOCK: Intl.DateTimeFormatOptions = {
  year: 'numeric',
  month: '2-digit',
  day: '2-digit',
  hour: '2-digit',
  minute: '2-digit',
  second: '2-digit',
  hourCycle: 'h23',
};

const clockFormats = new Map<string, Intl.DateTimeFormat>();

/** One formatter per time zone: building one costs far more than formatting with it (a replay formats thousands). */
function clockFormat(timeZone: string): Intl.DateTimeFormat {
  let format = clockFormats.get(timeZone);
  if (!format) {
    format = new Intl.DateTimeFormat('en-US', { ...CLOCK, timeZone });
    clockFormats.set(timeZone, format);
  }
  return format;
}

/** The wall-clock reading of an instant in an IANA time zone, as two-digit (four for the year) strings. */
export function wallClock(
  date: Date,
  timeZone: string,
): Record<'year' | 'month' | 'day' | 'hour' | 'minute' | 'second', string> {
  const parts = Object.fromEntries(
    clockFormat(timeZone)
      .formatToParts(date)
      .map((part) => [part.type, part.value]),
  );
  return {
    year: parts.year ?? '1970',
    month: parts.month ?? '01',
    day: parts.day ?? '01',
    hour: parts.hour ?? '00',
    minute: parts.minute ?? '00',
    second: parts.second ?? '00',
  };
}

/** "2026-11-28 09:05:00" in the given IANA time zone, the same layout in every language. */
export function formatClock(date: Date, timeZone: string): string {
  const parts = wallClock(date, timeZone);
  return `${parts.year}-${parts.month}-${parts.day} ${parts.hour}:${parts.minute}:${parts.second}`;
}

/** Local time with its zone, and UTC beside it: "2022-11-11 01:24:34 Asia/Tokyo (2022-11-10 16:24:34 UTC)". */
export function formatLocalAndUtc(date: Date, timeZone: string): string {
  const utc = `${formatClock(date, 'UTC')} UTC`;
  if (timeZone === 'UTC' || timeZone === 'Etc/UTC') return utc;
  return `${formatClock(date, timeZone)} ${timeZone} (${utc})`;
}

const CLOUDTRAIL_TIME = /^(\d{4}-\d{2}-\d{2})[T ](\d{2}:\d{2}:\d{2}(?:\.\d+)?)(Z|[+-]\d{2}:?\d{2})?$/;

/** Parses CloudTrail's eventTime; a value without a zone is UTC (as CloudTrail means it). Undefined when unparseable. */
export function parseEventTime(value: unknown): Date | undefined {
  if (typeof value !== 'string') return undefined;
  const match = CLOUDTRAIL_TIME.exec(value.trim());
  if (!match) return undefined;
  const date = new Date(`${match[1]}T${match[2]}${match[3] ?? 'Z'}`);
  return Number.isNaN(date.getTime()) ? undefined : date;
}
