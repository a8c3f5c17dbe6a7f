import { en, type Messages } from './en.js';
import { ja } from './ja.js';

export type Locale = 'en' | 'ja';
export type { Messages };

const MESSAGES: Record<Locale, Messages> = { en, ja };

/** The strings of one language. */
export function messagesFor(locale: Locale): Messages {
  return MESSAGES[locale];
}
