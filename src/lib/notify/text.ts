// biome-ignore lint/suspicious/noControlCharactersInRegex: matching control characters is the point.
const CONTROL_CHARACTERS = /[\u0000-\u001f\u007f-\u009f\u2028\u2029]+/g;

/** Replaces line breaks, tabs and other control characters with spaces, so a value can never start a new line. */
export function toOneLine(value: string): string {
  return value.replace(CONTROL_CHARACTERS, ' ').replace(/ {2,}/g, ' ').trim();
}

/** Replaces control characters with spaces but keeps runs of spaces, so aligned columns stay aligned. */
export function withoutControls(value: string): string {
  return value.replace(CONTROL_CHARACTERS, ' ');
}

/** Cuts text to at most `max` characters (code points), ending in "…" when cut. */
export function truncate(value: string, max: number, ellipsis = '…'): string {
  const chars = Array.from(value);
  if (chars.length <= max) return value;
  return chars.slice(0, Math.max(0, max - Array.from(ellipsis).length)).join('') + ellipsis;
}
