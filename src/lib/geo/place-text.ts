import type { HistoryMessages } from '../i18n/history.js';
import type { Locale } from '../i18n/index.js';
import type { SourcePlace } from './locate.js';

/** A country's name in the reader's language ("Taiwan", "台湾"), its code when Intl has no name. */
export function countryName(code: string, locale: Locale): string {
  try {
    return new Intl.DisplayNames([locale], { type: 'region', fallback: 'code' }).of(code) ?? code;
  } catch {
    return code;
  }
}

/** The source beside what it is: "133.242.0.1 (Japan)", "10.0.0.1 (private address…)", "AWS Internal (…)". */
export function placeText(
  place: SourcePlace,
  m: Pick<HistoryMessages, 'place'>,
  locale: Locale,
  notRecorded: string,
): string {
  switch (place.kind) {
    case 'public':
      return place.country
        ? m.place.withCountry(place.ip, countryName(place.country, locale))
        : m.place.countryUnknown(place.ip);
    case 'private':
      return m.place.private(place.ip);
    case 'reserved':
      return m.place.reserved(place.ip);
    case 'awsInternal':
      return m.place.awsInternal(place.name);
    case 'service':
      return m.place.service(place.name);
    case 'unrecognised':
      return m.place.unrecognised(place.text);
    default:
      return notRecorded;
  }
}
