// biome-ignore lint/suspicious/noControlCharactersInRegex: matching control characters is the point.
const CONTROL_CHARACTERS = /[\u0000-\u001f\u007f-\u009f\u2028\u2029]+/g;

/**
 * Bidirectional formatting characters (LRE … RLO, LRI … PDI, LRM, RLM, ALM): in an event value they can
 * make "exe.txt" display as "txt.exe" or reorder a warning, so they are removed from everything shown.
 */
const BIDI_CONTROLS = /[\u202a-\u202e\u2066-\u2069\u200e\u200f\u061c]/g;

/** Replaces line breaks, tabs and other control characters with spaces, so a value can never start a new line. */
export function toOneLine(value: string): string {
  return value.replace(BIDI_CONTROLS, '').replace(CONTROL_CHARACTERS, ' ').replace(/ {2,}/g, ' ').trim();
}

/** Cuts text to at most `max` characters (code points, so a surrogate pair is never split), ending in "…" when cut. */
export function truncate(value: string, max: number, ellipsis = '…'): string {
  const chars = Array.from(value);
  if (chars.length <= max) return value;
  return chars.slice(0, Math.max(0, max - Array.from(ellipsis).length)).join('') + ellipsis;
}

/**
 * Cuts text to at most `max` UTF-16 code units, the unit JavaScript's and Slack's lengths count, without
 * splitting a surrogate pair (an emoji counts two), ending in "…" when cut.
 */
export function truncateUtf16(value: string, max: number, ellipsis = '…'): string {
  if (value.length <= max) return value;
  let kept = '';
  for (const char of value) {
    if (kept.length + char.length > max - ellipsis.length) break;
    kept += char;
  }
  return kept + ellipsis;
}

/** The longest a single value from an event is shown: a 60 KB user agent is an attack or a bug, not information. */
export const MAX_VALUE_CHARS = 2000;

/** Cuts one untrusted value to MAX_VALUE_CHARS with a marker that says how much was left out. */
/**
 * One of our links as a channel can carry it: https, and nothing a link syntax (`<url|label>`, `<url>`) would
 * end early on. The action links pass; anything else is not shown as a link.
 */
export function isHttpsLink(url: string): boolean {
  return /^https:\/\/[^\s<>|]+$/.test(url);
}

export function cutLongValue(value: string, max = MAX_VALUE_CHARS): string {
  const chars = Array.from(value);
  if (chars.length <= max) return value;
  return `${chars.slice(0, max).join('')}… [${chars.length - max} more characters cut]`;
}

/** The same cut, and no bidirectional controls, for every string inside a JSON-like value (the machine-readable form of a message). */
export function cutLongStrings(value: unknown, max = MAX_VALUE_CHARS): unknown {
  if (typeof value === 'string') return cutLongValue(value.replace(BIDI_CONTROLS, ''), max);
  if (Array.isArray(value)) return value.map((item) => cutLongStrings(item, max));
  if (value && typeof value === 'object') {
    return Object.fromEntries(Object.entries(value).map(([key, item]) => [key, cutLongStrings(item, max)]));
  }
  return value;
}

/** East Asian wide and fullwidth characters (CJK, kana, hangul, fullwidth forms, most emoji): two columns on a terminal or in a code block. */
const WIDE =
  /[\u1100-\u115f\u2e80-\u303e\u3041-\u33ff\u3400-\u4dbf\u4e00-\u9fff\ua000-\ua4cf\uac00-\ud7a3\uf900-\ufaff\ufe30-\ufe4f\uff00-\uff60\uffe0-\uffe6]|[\u{1f300}-\u{1f64f}\u{1f900}-\u{1f9ff}\u{20000}-\u{3fffd}]/u;

/** How many columns text takes in a fixed-width font: a full-width Japanese character takes two. */
export function displayWidth(value: string): number {
  let width = 0;
  for (const char of value) width += WIDE.test(char) ? 2 : 1;
  return width;
}

/** Pads text with spaces to a display width, at the end (or the start, for numbers). */
export function padToWidth(value: string, width: number, side: 'end' | 'start' = 'end'): string {
  const padding = ' '.repeat(Math.max(0, width - displayWidth(value)));
  return side === 'end' ? value + padding : padding + value;
}
