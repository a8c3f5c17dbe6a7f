import { en, type Messages } from './en.js';
import { ja } from './ja.js';

export type { Messages };

/**
 * Every language, by its code. Adding a language is one dictionary file with en.ts's keys (the
 * compiler checks them) and one line here: the locale setting, its allowed values and the Intl
 * formatting follow from this map. The strings only one feature uses live in that feature's dictionary
 * beside this one (cost.ts, security.ts, health.ts, history.ts, api-calls.ts), keyed by language, so each function
 * bundles only its own; the compiler asks each of them for the new language too.
 */
const DICTIONARIES = { en, ja } satisfies Record<string, Messages>;

export type Locale = keyof typeof DICTIONARIES;

/** The language codes the locale setting accepts, in the order the docs list them. */
export const LOCALES = Object.keys(DICTIONARIES) as Locale[];

export function isLocale(value: string): value is Locale {
  return Object.hasOwn(DICTIONARIES, value);
}

/** The strings of one language. */
export function messagesFor(locale: Locale): Messages {
  return DICTIONARIES[locale];
}
