import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import {
  COUNTRY_DATABASE,
  countryLookupFrom,
  lazyCountryLookup,
  locateSource,
  networkOf,
} from '../../../src/lib/geo/locate.js';

const ROOT = join(import.meta.dirname, '..', '..', '..');
const country = countryLookupFrom(readFileSync(join(ROOT, COUNTRY_DATABASE)));

describe('locateSource', () => {
  it('gives public IPv4 and IPv6 addresses a country from the shipped database, and their network', () => {
    expect(locateSource('133.242.0.1', country)).toEqual({
      kind: 'public',
      ip: '133.242.0.1',
      country: 'JP',
      network: '133.242.0.0/24',
    });
    expect(locateSource('2001:b011::1', country)).toEqual({
      kind: 'public',
      ip: '2001:b011::1',
      country: 'TW',
      network: '2001:b011::/48',
    });
  });

  it('names private, reserved and documentation addresses, and never asks the database about them', () => {
    const asked: string[] = [];
    const spy = (ip: string) => {
      asked.push(ip);
      return 'ZZ';
    };
    for (const ip of ['10.1.2.3', '172.20.0.1', '192.168.1.1', '100.64.0.1', 'fd00::1']) {
      expect(locateSource(ip, spy), ip).toEqual({ kind: 'private', ip });
    }
    for (const ip of [
      '127.0.0.1',
      '169.254.169.254',
      '192.0.2.0',
      '198.51.100.7',
      '203.0.113.9',
      '::1',
      '2001:db8::1',
      'fe80::1',
    ]) {
      expect(locateSource(ip, spy), ip).toEqual({ kind: 'reserved', ip });
    }
    expect(asked).toEqual([]);
  });

  it('names AWS itself and services acting for the user, with no country', () => {
    expect(locateSource('AWS Internal', country)).toEqual({ kind: 'awsInternal', name: 'AWS Internal' });
    expect(locateSource('signin.amazonaws.com', country)).toEqual({ kind: 'service', name: 'signin.amazonaws.com' });
    expect(locateSource('cloudformation.amazonaws.com', country)).toEqual({
      kind: 'service',
      name: 'cloudformation.amazonaws.com',
    });
    // An anonymised or malformed value is shown as recorded, never called a service or given a country.
    expect(locateSource('06.237.252.245', country)).toEqual({ kind: 'unrecognised', text: '06.237.252.245' });
    expect(locateSource(undefined, country)).toEqual({ kind: 'notRecorded' });
    expect(locateSource('  ', country)).toEqual({ kind: 'notRecorded' });
  });

  it('judges an IPv4 address written as IPv6 as the IPv4 address it is', () => {
    expect(locateSource('::ffff:133.242.0.1', country)).toMatchObject({
      kind: 'public',
      ip: '133.242.0.1',
      country: 'JP',
    });
    expect(locateSource('::ffff:10.0.0.1', country)).toEqual({ kind: 'private', ip: '10.0.0.1' });
  });
});

describe('networkOf', () => {
  it('is the /24 of IPv4 and the /48 of IPv6, whatever the abbreviation', () => {
    expect(networkOf('5.3.0.77')).toBe('5.3.0.0/24');
    expect(networkOf('2400:4050::1')).toBe('2400:4050::/48');
    expect(networkOf('2400:4050:1a2b:ffff::9')).toBe('2400:4050:1a2b::/48');
    expect(networkOf('2400::')).toBe('2400::/48');
  });
});

describe('lazyCountryLookup', () => {
  it('reads the database named by GEO_DATABASE_FILE on the first lookup', () => {
    const lookup = lazyCountryLookup({ GEO_DATABASE_FILE: join(ROOT, COUNTRY_DATABASE) });
    expect(lookup.lookup('5.3.0.1')).toBe('RU');
    expect(lookup.problem()).toBeUndefined();
  });

  it('answers "unknown" and says why when the database is missing, instead of failing the alert', () => {
    const lookup = lazyCountryLookup({ GEO_DATABASE_FILE: '/nonexistent/countries.mmdb' });
    expect(lookup.lookup('5.3.0.1')).toBeUndefined();
    expect(lookup.problem()).toMatch(/no country database at \/nonexistent\/countries\.mmdb/);
  });
});
