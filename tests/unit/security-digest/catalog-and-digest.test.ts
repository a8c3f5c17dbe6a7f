import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { loadDisplaySettings, loadSecurityDigestSettings } from '../../../src/lib/config.js';
import { LOCALES } from '../../../src/lib/i18n/index.js';
import { SECURITY_MESSAGES } from '../../../src/lib/i18n/security.js';
import { renderSlack } from '../../../src/lib/notify/slack.js';
import { renderSnsPublish } from '../../../src/lib/notify/sns.js';
import { loadSavedQueries, parseSavedQuery, renderQuery } from '../../../src/lib/security-digest/catalog.js';
import { cutMiddle, mostCommonAccount } from '../../../src/lib/security-digest/cells.js';
import { buildSecurityDigestNotification, formatCell, formatRows } from '../../../src/lib/security-digest/message.js';
import type { QueryOutcome } from '../../../src/lib/security-digest/outcome.js';

const queries = loadSavedQueries(join(import.meta.dirname, '..', '..', '..', 'queries'));
const byName = (name: string) => {
  const query = queries.find((candidate) => candidate.name === name);
  if (!query) throw new Error(name);
  return query;
};
const HEADER = '-- title: T\n-- finds: F\n-- severity: high\n-- alert: true\n';

describe('the saved query files', () => {
  it('each have a title, what they find, a severity and whether rows mean an alert', () => {
    expect(queries.length).toBeGreaterThanOrEqual(11);
    for (const query of queries) {
      expect(query.title.length).toBeGreaterThan(3);
      expect(query.finds.length).toBeGreaterThan(10);
      expect(query.sql).toMatch(/^SELECT/);
    }
    expect(byName('root-activity')).toMatchObject({ severity: 'high', alert: true });
    expect(byName('console-signins')).toMatchObject({ severity: 'info', alert: false });
  });

  it('each filter with the one window placeholder, which restricts the "date" partition before event time, and count distinct events', () => {
    for (const query of queries) {
      expect(query.sql, query.name).toContain('WHERE {{in_window}}');
      expect(query.sql, query.name).not.toContain('"date" BETWEEN');
      const rendered = renderQuery(query, { table: 'cloudtrail', window: 'lastDay', allowedRegions: ['us-east-1'] });
      const partition = rendered.indexOf('"date" BETWEEN');
      const eventTime = rendered.indexOf('from_iso8601_timestamp(eventtime)');
      expect(partition, query.name).toBeGreaterThan(0);
      expect(eventTime, query.name).toBeGreaterThan(partition);
      expect(query.sql, query.name).toContain('count(DISTINCT eventid)');
    }
  });
});

describe('the saved queries in Japanese', () => {
  it('each have a Japanese title, and every column they name has a heading in every language', () => {
    for (const query of queries) {
      expect(query.titles.ja, query.name).toMatch(/[\u3040-\u30ff\u4e00-\u9fff]/);
      for (const [, alias] of query.sql.matchAll(/\bAS ([a-z_]+)/g)) {
        for (const locale of LOCALES) {
          expect(Object.keys(SECURITY_MESSAGES[locale].column), `${query.name}: ${alias}`).toContain(alias);
        }
      }
    }
  });

  it('aligns a table of full-width text by display width', () => {
    const lines = formatRows(
      ['principal', 'events'],
      [
        { principal: 'ユーザー', events: '1' },
        { principal: 'bob', events: '22' },
      ],
    );
    expect(lines).toEqual(['principal  events', 'ユーザー   1', 'bob        22']);
  });
});

describe('parseSavedQuery and renderQuery', () => {
  it('names the file and the problem in a bad header', () => {
    expect(() => parseSavedQuery('x', '-- title: T\nSELECT 1')).toThrow(
      'queries/x.sql: the header has no "-- severity:" line',
    );
    expect(() => parseSavedQuery('x', HEADER.replace('high', 'urgent'))).toThrow('queries/x.sql: severity "urgent"');
    expect(() => parseSavedQuery('x', `${HEADER}SELECT {{tabel}}`)).toThrow(
      'queries/x.sql: unknown placeholder {{tabel}}',
    );
    expect(() => parseSavedQuery('x', `${HEADER}SELECT * FROM {{table}}`)).toThrow(
      'filter with {{in_window}}, which restricts the "date" partition',
    );
  });

  it('renders the rolling window for the console and fixed instants for a run', () => {
    const query = byName('regions-outside-allowlist');
    const rolling = renderQuery(query, {
      table: '"db"."cloudtrail"',
      window: 'lastDay',
      allowedRegions: ['ap-northeast-1', 'us-east-1'],
    });
    expect(rolling).toContain(
      `"date" BETWEEN date_format((current_timestamp - interval '1' day), '%Y/%m/%d') AND date_format(current_timestamp, '%Y/%m/%d')`,
    );
    expect(rolling).toContain(`awsregion NOT IN ('ap-northeast-1', 'us-east-1')`);
    expect(rolling).toContain('FROM "db"."cloudtrail"');
    const fixed = renderQuery(query, {
      table: 'cloudtrail',
      window: { start: new Date('2026-11-27T00:00:00Z'), end: new Date('2026-11-28T00:00:00Z') },
      allowedRegions: [],
    });
    expect(fixed).toContain(
      `BETWEEN from_iso8601_timestamp('2026-11-27T00:00:00.000Z') AND from_iso8601_timestamp('2026-11-28T00:00:00.000Z')`,
    );
    expect(fixed).not.toContain('{{');
  });

  it('refuses a region that could break out of the SQL string', () => {
    expect(() =>
      renderQuery(byName('regions-outside-allowlist'), {
        table: 't',
        window: 'lastDay',
        allowedRegions: ["us-east-1') OR 1=1 --"],
      }),
    ).toThrow('is not an AWS region name');
  });
});

describe('buildSecurityDigestNotification', () => {
  const window = { start: new Date('2026-11-27T00:00:00Z'), end: new Date('2026-11-28T00:00:00Z') };
  const outcomes: QueryOutcome[] = [
    {
      query: byName('access-keys-created'),
      status: 'succeeded',
      executionId: 'q-1',
      consoleUrl: 'https://us-east-1.console.aws.amazon.com/athena/home?region=us-east-1#/query-editor/history/q-1',
      columns: ['for_user', 'keys'],
      rows: [{ for_user: '<!channel> mallory', keys: '1' }],
      rowCount: 1,
      scannedBytes: 104_857_600,
    },
    {
      query: byName('root-activity'),
      status: 'succeeded',
      columns: [],
      rows: [],
      rowCount: 0,
      scannedBytes: 20_971_520,
      executionId: 'q-2',
    },
    { query: byName('iam-changes'), status: 'failed', executionId: 'q-3', reason: 'Bytes scanned limit was exceeded' },
    {
      query: byName('ec2-launches'),
      status: 'timedOut',
      executionId: 'q-4',
      reason: 'still RUNNING when time ran out; stopped',
    },
  ];
  const notification = buildSecurityDigestNotification({ outcomes, window }, loadDisplaySettings({}));
  const email = JSON.parse(renderSnsPublish(notification, 'arn:aws:sns:us-east-1:123456789012:t').Message ?? '{}')
    .email as string;

  it('takes the severity of the worst alerting finding and counts the failures', () => {
    expect(notification.severity).toBe('high');
    expect(notification.subject).toBe('[Security HIGH] 1 of 4 queries found activity | 2 failed | 2026-11-28');
  });

  it('shows each finding as one line a row with its console link, folds empty queries into one line and lists failures', () => {
    expect(email).toContain(
      '[HIGH] Access keys created: 1 row · scanned 100.0 MB (about $0.00052)\nfor_user: <!channel> mallory · keys: 1\nOpen in the Athena console: https://',
    );
    expect(email).toContain('Nothing found\nRoot user activity\n');
    expect(email).toContain(
      'Could not run\nIAM changes: Bytes scanned limit was exceeded\nEC2 instance launches: still RUNNING when time ran out; stopped',
    );
    expect(email).toContain('Data scanned: 120.0 MB (about $0.0006)');
  });

  it('says which results were cut short, in the finding and in the summary', () => {
    const cut: QueryOutcome = {
      query: byName('access-denied-by-principal'),
      status: 'succeeded',
      columns: ['principal'],
      rows: [{ principal: 'arn:aws:iam::123456789012:user/mallory' }],
      rowCount: 5000,
      scannedBytes: 0,
      cut: 'time ran out after 5 page(s) of results',
    };
    const digest = buildSecurityDigestNotification({ outcomes: [cut], window }, loadDisplaySettings({}));
    expect(digest.details?.[0]?.lines).toContain(
      'cut short: time ran out after 5 page(s) of results; the count is of the rows read',
    );
    expect(digest.summary).toContain(
      'Not every row of Access denied, by principal was read: open it in the Athena console for all of them.',
    );
  });

  it('shows times in the reader\u2019s time zone with UTC beside them, and needs no fixed-width font', () => {
    const timed: QueryOutcome = {
      query: byName('root-activity'),
      status: 'succeeded',
      columns: ['service', 'last_seen'],
      rows: [{ service: 'signin.amazonaws.com', last_seen: '2023-07-10T12:24:50Z' }],
      rowCount: 1,
      scannedBytes: 0,
    };
    const tokyo = buildSecurityDigestNotification(
      { outcomes: [timed], window },
      loadDisplaySettings({ TIME_ZONE: 'Asia/Tokyo', LOCALE: 'ja' }),
    );
    expect(tokyo.details?.[0]?.lines).toEqual([
      'サービス: signin.amazonaws.com · 最後: 2023-07-10 21:24:50 (12:24 UTC)',
    ]);
    expect('monospace' in (tokyo.details?.[0] ?? {})).toBe(false);
    expect(JSON.stringify(renderSlack(tokyo))).not.toContain('```');
  });

  it('escapes event values in Slack even inside the table', () => {
    const text = JSON.stringify(renderSlack(notification));
    expect(text).not.toContain('<!channel>');
    expect(text).toContain('&lt;!channel&gt; mallory');
    expect(text).toContain(
      '<https://us-east-1.console.aws.amazon.com/athena/home?region=us-east-1#/query-editor/history/q-1|Open in the Athena console>',
    );
  });

  it('speaks Japanese with local time, and keeps the subject ASCII', () => {
    const ja = buildSecurityDigestNotification(
      { outcomes, window },
      loadDisplaySettings({ LOCALE: 'ja', TIME_ZONE: 'Asia/Tokyo' }),
    );
    const body = JSON.parse(renderSnsPublish(ja, 'arn:aws:sns:us-east-1:123456789012:t').Message ?? '{}')
      .email as string;
    expect(body).toContain('[高] CloudTrail セキュリティダイジェスト');
    expect(body).toContain('期間: 2026-11-27 09:00:00 Asia/Tokyo (2026-11-27 00:00:00 UTC)');
    expect(body).toContain('実行できなかったクエリ');
    expect(ja.subject).toMatch(/^[\x20-\x7e]+$/);
  });

  it('is calm and low when nothing was found', () => {
    const quiet = buildSecurityDigestNotification(
      { outcomes: [outcomes[1] as QueryOutcome], window },
      loadDisplaySettings({}),
    );
    expect(quiet.severity).toBe('info');
    expect(quiet.subject).toBe('[Security] No findings in 1 queries | 2026-11-28');
    expect(quiet.summary).toBe('No saved query found anything in this window.');
  });
});

describe('formatRows and formatCell', () => {
  const roles = [
    'arn:aws:sts::123837392027:assumed-role/stratus-red-team-get-pwd-data-role/aws-go-sdk-1688989290',
    'arn:aws:sts::123837392027:assumed-role/stratus-red-team-ec2-userdata-role/aws-go-sdk-1688989911',
    'arn:aws:sts::123837392027:assumed-role/stratus-red-team-leave-org-role/aws-go-sdk-1688990521',
  ];

  it('shortens ARNs by meaning: the role and session kept, the account said once', () => {
    expect(mostCommonAccount([...roles, 'arn:aws:iam::111122223333:user/x', null])).toBe('123837392027');
    const cells = roles.map((role) => formatCell(role, 'UTC', '123837392027'));
    expect(cells).toEqual([
      'assumed-role/stratus-red-team-get-pwd-data-role/aws-go-sdk-1688989290',
      'assumed-role/stratus-red-team-ec2-userdata-role/aws-go-sdk-1688989911',
      'assumed-role/stratus-red-team-leave-org-role/aws-go-sdk-1688990521',
    ]);
    expect(new Set(cells).size).toBe(3);
    expect(formatCell('arn:aws:iam::111122223333:user/alice', 'UTC', '123837392027')).toBe(
      'user/alice (account 111122223333)',
    );
    expect(formatCell('arn:aws:iam::123837392027:root', 'UTC', '123837392027')).toBe('root');
    expect(formatCell('arn:aws:lambda:us-east-1:123837392027:function:f', 'UTC', '123837392027')).toBe(
      'lambda:us-east-1:function:f',
    );
    expect(formatCell('not an arn', 'UTC')).toBe('not an arn');
  });

  it('keeps cells whole, and fits a terminal by narrowing the widest column, cut in the middle', () => {
    const rows = roles.map((role, index) => ({
      principal: formatCell(role, 'UTC', '123837392027'),
      denied: String(index),
    }));
    const whole = formatRows(['principal', 'denied'], rows);
    expect(whole[1]).toContain('assumed-role/stratus-red-team-get-pwd-data-role/aws-go-sdk-1688989290');
    const narrow = formatRows(['principal', 'denied'], rows, { maxWidth: 50 });
    expect(narrow.every((line) => line.length <= 50)).toBe(true);
    // Both ends stay, so the three rows still differ.
    expect(new Set(narrow.slice(1).map((line) => line.split('  ')[0])).size).toBe(3);
    expect(narrow[1]).toMatch(/^assumed-role\/stratus-.*….*sdk-1688989290 +0$/);
    expect(cutMiddle('abcdefghij', 5)).toBe('abcd…');
    expect(cutMiddle('abcdefghijkl', 9)).toBe('abcd…ijkl');
  });
});

describe('loadSecurityDigestSettings', () => {
  it('requires the workgroup, database and table, and validates regions and the window', () => {
    const env = {
      ATHENA_WORKGROUP: 'account-watch-prod',
      ATHENA_DATABASE: 'account_watch_prod',
      ATHENA_TABLE: 'cloudtrail',
    };
    // The registry's default: the home region (AWS_REGION, us-east-1 when unset) and us-east-1.
    expect(loadSecurityDigestSettings(env)).toMatchObject({
      digestTime: { hour: 8, minute: 30 },
      deliveryLagMinutes: 20,
      allowedRegions: ['us-east-1'],
    });
    expect(loadSecurityDigestSettings({ ...env, AWS_REGION: 'ap-northeast-1' }).allowedRegions).toEqual([
      'ap-northeast-1',
      'us-east-1',
    ]);
    expect(() => loadSecurityDigestSettings({ ...env, ATHENA_WORKGROUP: '' })).toThrow(
      'Environment variable ATHENA_WORKGROUP is required',
    );
    expect(() => loadSecurityDigestSettings({ ...env, ALLOWED_REGIONS: 'tokyo' })).toThrow(
      'ALLOWED_REGIONS (deploy parameter allowedRegions)',
    );
    expect(() => loadSecurityDigestSettings({ ...env, QUERY_DELIVERY_LAG_MINUTES: '600' })).toThrow(
      'QUERY_DELIVERY_LAG_MINUTES (deploy parameter queryDeliveryLagMinutes)',
    );
  });
});
