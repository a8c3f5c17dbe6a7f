import type { Locale } from './i18n/index.js';

/** What every message is shown in: its language and time zone (the locale and timeZone settings). */

export interface DisplaySettings {
  locale: Locale;
  timeZone: string;
}
