import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { DeployParameterError, resolveDeployParameters } from '../../deploy/parameters.js';
import { functionEnvironment } from '../../deploy/stack.js';
import { CONFIGURATION_DOC, renderSettingsTable, withSettingsTable } from '../../dev/settings-table.js';
import {
  loadCostSettings,
  loadHygieneSettings,
  loadSecurityDigestSettings,
  loadSigninSettings,
} from '../../src/lib/config.js';
import { LOCALES } from '../../src/lib/i18n/index.js';
import { closestName, FUNCTION_NAMES, SETTING_NAMES, SETTINGS } from '../../src/lib/settings.js';

const context = { region: 'ap-northeast-1', now: new Date('2026-11-28T00:00:00Z') };

function deployError(given: Record<string, string>): string {
  try {
    resolveDeployParameters(given, context);
  } catch (error) {
    expect(error).toBeInstanceOf(DeployParameterError);
    return (error as Error).message;
  }
  throw new Error(`accepted ${JSON.stringify(given)}`);
}

describe('the settings registry', () => {
  it('declares each parameter and environment variable once', () => {
    const parameters = SETTING_NAMES.map((name) => SETTINGS[name].parameter);
    expect(parameters).toEqual(SETTING_NAMES);
    const variables = SETTING_NAMES.flatMap((name) => {
      const env = (SETTINGS[name] as { env?: string }).env;
      return env ? [env] : [];
    });
    expect(new Set(variables).size).toBe(variables.length);
  });

  it('gives every environment variable to a function, and a deploy-only setting to none', () => {
    for (const name of SETTING_NAMES) {
      const definition = SETTINGS[name] as { env?: string; functions: readonly string[] };
      expect(definition.functions.length > 0, name).toBe(definition.env !== undefined);
      for (const fn of definition.functions) expect(FUNCTION_NAMES, name).toContain(fn);
    }
  });

  it('matches the table of docs/configuration.md, which `npm run docs` generates from it', () => {
    const readme = readFileSync(CONFIGURATION_DOC, 'utf8');
    expect(withSettingsTable(readme)).toBe(readme);
    for (const name of SETTING_NAMES) expect(renderSettingsTable()).toContain(`| \`${name}\` |`);
  });

  it('takes the allowed languages from the dictionaries', () => {
    expect(LOCALES).toEqual(['en', 'ja']);
    expect(() => loadSigninSettings({ LOCALE: 'fr' })).toThrow('"fr" is not one of en, ja');
  });

  it('suggests the closest known name, ignoring case', () => {
    expect(closestName('timezone', SETTING_NAMES)).toBe('timeZone');
    expect(closestName('emial', SETTING_NAMES)).toBe('email');
    expect(closestName('completelyDifferent', SETTING_NAMES)).toBeUndefined();
    expect(closestName('fr', ['en', 'ja'])).toBeUndefined();
    expect(closestName('Credits', ['Credit', 'Refund'])).toBe('Credit');
  });
});

describe('resolveDeployParameters', () => {
  it('fills every default from the registry, some from the home region', () => {
    const { values, text, warnings } = resolveDeployParameters({}, context);
    expect(values).toMatchObject({ locale: 'en', timeZone: 'UTC', logRetentionDays: 30, queryDeliveryLagMinutes: 20 });
    expect(values.allowedRegions).toEqual(['ap-northeast-1', 'us-east-1']);
    expect(text.excludedRecordTypes).toBe('Credit,Refund,Upfront,Support');
    expect(values.queryRegions).toHaveLength(17);
    expect(warnings).toEqual([]);
  });

  it.each([
    [{ timezone: 'Asia/Tokyo' }, 'Unknown deploy parameter "timezone": did you mean timeZone?'],
    [{ emial: 'a@b.co' }, 'Unknown deploy parameter "emial": did you mean email?'],
    [
      { queryWindowHours: '24' },
      'Deploy parameter queryWindowHours is no longer used: each security digest now covers',
    ],
    [
      { queryDeliveryLagMinutes: 'abc' },
      'Invalid deploy parameter queryDeliveryLagMinutes: "abc" is not a whole number from 0 to 180',
    ],
    [{ securityDigestTime: '24:00' }, 'Invalid deploy parameter securityDigestTime: "24:00" is not a time of day'],
    [{ trailPrefix: 'cloudtrail' }, 'Invalid deploy parameter trailPrefix: a prefix belongs to an existing trail'],
    [{ trailBucket: 'my-logs', trailPrefix: '*' }, 'Invalid deploy parameter trailPrefix: "*" is not an S3 key prefix'],
    [{ excludedRecordTypes: 'Credits' }, '"Credits" is not a Cost Explorer RECORD_TYPE (did you mean Credit?)'],
    [{ excludedRecordTypes: 'credit' }, '"credit" is not a Cost Explorer RECORD_TYPE (did you mean Credit?)'],
    [{ excludedRecordTypes: 'Credit;Refund' }, 'must be separated by commas'],
    [{ displayCurrency: 'yen', displayRate: '150' }, '"yen" is not an ISO 4217 currency code'],
    [{ displayCurrency: 'JPY' }, 'Invalid deploy parameter displayRate: displayCurrency and displayRate go together'],
    [{ queryRegions: 'us-east-9' }, 'Invalid deploy parameter queryRegions: "us-east-9" is not an AWS region'],
    [{ allowedRegions: 'tokyo' }, 'Invalid deploy parameter allowedRegions: "tokyo" is not an AWS region'],
    [{ monthlyBudget: '0x14' }, 'Invalid deploy parameter monthlyBudget: "0x14" is not a number above 0'],
    [{ monthlyBudget: '1e3' }, '"1e3" is not a number above 0'],
    [{ monthlyBudget: '20.' }, '"20." is not a number above 0'],
    [{ monthlyBudget: '0' }, '"0" is not a number above 0'],
    [{ timeZone: 'Tokio' }, 'Invalid deploy parameter timeZone: "Tokio" is not an IANA time zone such as Asia/Tokyo'],
    [{ queryStartDate: '2024/13/45' }, 'Invalid deploy parameter queryStartDate: "2024/13/45" is not a date'],
    [{ queryStartDate: '2027/01/01' }, 'Invalid deploy parameter queryStartDate: "2027/01/01" is in the future'],
    [
      { logRetentionDays: '31' },
      'Invalid deploy parameter logRetentionDays: "31" is not a CloudWatch Logs retention period: one of 1, 3, 5',
    ],
    [{ digestTime: '9am' }, 'Invalid deploy parameter digestTime: "9am" is not a time of day such as 09:00'],
    [
      { hygieneDay: 'Funday' },
      'Invalid deploy parameter hygieneDay: "FUNDAY" is not one of MON, TUE, WED, THU, FRI, SAT, SUN',
    ],
    [{ forwardingScope: 'signn' }, '"signn" is not one of all, signin, none (did you mean signin?)'],
    [{ email: 'owner' }, 'Invalid deploy parameter email: "owner" is not an email address'],
    [
      { organizationId: 'o-a1b2c3d4e5' },
      'Invalid deploy parameter organizationId: an organization trail is read from its existing bucket',
    ],
    [{ trustedPrincipals: '*' }, 'Invalid deploy parameter trustedPrincipals: "*" is not an ARN pattern'],
    [{ minSeverity: 'hihg' }, '"hihg" is not one of info, low, medium, high, critical (did you mean high?)'],
  ])('refuses %o: %s', (given, message) => {
    expect(deployError(given)).toContain(message);
  });

  it('accepts and normalises what AWS would accept', () => {
    const { values, text } = resolveDeployParameters(
      {
        timeZone: 'asia/tokyo',
        monthlyBudget: '20.50',
        excludedRecordTypes: 'Credit, Refund, SavingsPlanCoveredUsage',
        displayCurrency: 'jpy',
        displayRate: '150',
        trailBucket: 'org-trail',
        trailPrefix: '/security/',
        digestTime: '7:05',
        hygieneDay: 'sat',
        hygieneTime: '7:30',
      },
      context,
    );
    expect(values.hygieneDay).toBe('SAT');
    expect(text.hygieneTime).toBe('07:30');
    expect(text.timeZone).toBe('Asia/Tokyo');
    expect(values.monthlyBudget).toBe(20.5);
    expect(text.excludedRecordTypes).toBe('Credit,Refund,SavingsPlanCoveredUsage');
    expect(text.displayCurrency).toBe('JPY');
    expect(values.trailPrefix).toBe('security');
    expect(text.digestTime).toBe('07:05');
  });

  it('warns about valid but risky allowlists, more strongly when they silence', () => {
    expect(resolveDeployParameters({ trustedCidrs: '0.0.0.0/0' }, context).warnings).toEqual([
      'trustedCidrs contains 0.0.0.0/0, which trusts every address: every matching sign-in except root is lowered one step.',
    ]);
    const silenced = resolveDeployParameters(
      { trustedCidrs: '::/0', trustedPrincipals: 'arn:*', trustedAction: 'silence' },
      context,
    ).warnings;
    expect(silenced).toHaveLength(2);
    for (const warning of silenced) expect(warning).toContain('is silenced');
  });

  it('gives each function the environment its loader reads back to the same values', () => {
    const parameters = resolveDeployParameters(
      {
        timeZone: 'asia/tokyo',
        locale: 'ja',
        monthlyBudget: '20',
        trustedCidrs: '203.0.113.0/24',
        securityDigestTime: '7:45',
        queryDeliveryLagMinutes: '10',
      },
      context,
    );
    const environment = functionEnvironment(parameters);
    expect(loadSigninSettings(environment.signinAlert)).toMatchObject({ timeZone: 'Asia/Tokyo', locale: 'ja' });
    expect(loadSigninSettings(environment.signinAlert).trustedNetworks.contains('203.0.113.9')).toBe(true);
    expect(loadCostSettings(environment.costDigest)).toMatchObject({ monthlyBudget: 20, locale: 'ja' });
    const hygiene = { ...environment.hygieneReport, FORWARDING_STACK_NAME: 'account-watch-forwarding-prod' };
    expect(loadHygieneSettings(hygiene)).toMatchObject({
      monthlyBudget: 20,
      forwardingScope: 'all',
      timeZone: 'Asia/Tokyo',
    });
    expect(environment.costDigest.TRUSTED_CIDRS).toBeUndefined();
    const query = { ...environment.securityDigest, ATHENA_WORKGROUP: 'w', ATHENA_DATABASE: 'd', ATHENA_TABLE: 't' };
    expect(loadSecurityDigestSettings(query)).toMatchObject({
      digestTime: { hour: 7, minute: 45 },
      deliveryLagMinutes: 10,
      allowedRegions: ['ap-northeast-1', 'us-east-1'],
    });
  });
});
