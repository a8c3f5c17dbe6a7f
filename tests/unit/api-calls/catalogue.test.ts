import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { apiCallRulePatterns, apiCallRules } from '../../../deploy/api-calls.js';
import {
  COVERAGE_DOC,
  coverageOf,
  coverageSentence,
  coverageTotals,
  loadRuleSets,
  renderCoverageDoc,
} from '../../../dev/coverage.js';
import { COVERAGE_NOTES } from '../../../dev/coverage-notes.js';
import { DETECTIONS_DOC, renderDetectionsDoc } from '../../../dev/detections-doc.js';
import { DETECTIONS } from '../../../src/lib/api-calls/catalogue.js';
import { detectApiCall } from '../../../src/lib/api-calls/detect.js';
import {
  EVENT_PATTERN_LIMIT,
  matchesPattern,
  packRulePatterns,
  rulePattern,
} from '../../../src/lib/api-calls/pattern.js';
import { extractApiCalls } from '../../../src/lib/api-calls/process.js';
import { loadApiCallSettings } from '../../../src/lib/config.js';
import { loadSavedQueries } from '../../../src/lib/security-digest/catalog.js';
import { localEngine, openLocalTrail } from '../../../src/lib/security-digest/local.js';
import { burstPositives, positives } from '../../helpers/attack-cases.js';

const ROOT = join(import.meta.dirname, '..', '..', '..');
const settings = loadApiCallSettings(
  { ALLOWED_REGIONS: 'us-east-1,ap-northeast-1', TRAIL_BUCKET: 'sample-cloudtrail-bucket-name' },
  DETECTIONS.map((detection) => detection.id),
);

describe('the detection catalogue', () => {
  it('has unique ids', () => {
    const ids = DETECTIONS.map((detection) => detection.id);
    expect(new Set(ids).size).toBe(ids.length);
  });

  it('packs every pattern into rules within EventBridge\u2019s size limit, each pattern in exactly one rule', () => {
    const rules = apiCallRules();
    for (const rule of rules) expect(JSON.stringify(rule.pattern).length).toBeLessThanOrEqual(EVENT_PATTERN_LIMIT);
    const holding = (detection: (typeof DETECTIONS)[number], state: string) =>
      rules.filter(
        (rule) => rule.state === state && JSON.stringify(rule.pattern).includes(JSON.stringify(detection.pattern)),
      ).length;
    for (const detection of DETECTIONS) {
      // The detections that need read-only calls delivered are packed into rules of their own state; the watch's
      // own are in one rule of each; the opt-in ones (apiCallReads) are left out unless asked for.
      const reads = (detection.readOnlyEvents || detection.watchesItself) && !detection.optIn ? 1 : 0;
      expect(holding(detection, 'ENABLED'), detection.id).toBe(detection.readOnlyEvents ? 0 : 1);
      expect(holding(detection, 'ENABLED_WITH_ALL_CLOUDTRAIL_MANAGEMENT_EVENTS'), detection.id).toBe(reads);
    }
  });

  it('adds the read-only detections\u2019 patterns to the read rules only when apiCallReads is chosen', () => {
    const optIn = DETECTIONS.filter((detection) => detection.optIn === 'reads');
    expect(optIn.map((detection) => detection.id).sort()).toEqual([
      'enumeration-burst',
      'instance-credentials-elsewhere',
      'key-from-new-country',
      'key-from-new-network',
    ]);
    const text = (reads: boolean) => JSON.stringify(apiCallRules({ reads }));
    for (const detection of optIn) {
      expect(text(false)).not.toContain(JSON.stringify(detection.pattern));
      expect(text(true)).toContain(JSON.stringify(detection.pattern));
    }
    const withReads = apiCallRules({ reads: true });
    for (const rule of withReads) expect(JSON.stringify(rule.pattern).length).toBeLessThanOrEqual(EVENT_PATTERN_LIMIT);
    const keyRules = withReads.filter((rule) => JSON.stringify(rule.pattern).includes('"prefix":"AKIA"'));
    expect(keyRules.length).toBeGreaterThan(0);
    for (const rule of keyRules) expect(rule.state).toBe('ENABLED_WITH_ALL_CLOUDTRAIL_MANAGEMENT_EVENTS');
  });

  it('puts each pattern that watches this stack into two different rules, so a rule disabled is reported by another', () => {
    const rules = apiCallRulePatterns().map((rule) => JSON.stringify(rule));
    const watching = DETECTIONS.filter((detection) => detection.watchesItself);
    expect(watching.map((detection) => detection.id).sort()).toEqual([
      'watch-delivery-removed',
      'watch-functions-changed',
      'watch-rules-changed',
    ]);
    for (const detection of watching) {
      const holding = rules.filter((rule) => rule.includes(JSON.stringify(detection.pattern).slice(1, -1)));
      expect(holding.length, detection.id).toBe(2);
    }
    // And the rules they watch are this stack's: a disable of any API-call rule matches a watch pattern.
    const disable = {
      'detail-type': 'AWS API Call via CloudTrail',
      detail: {
        eventSource: 'events.amazonaws.com',
        eventName: 'DisableRule',
        requestParameters: { name: 'account-watch-prod-api-calls-3' },
      },
    };
    expect(apiCallRulePatterns().filter((rule) => matchesPattern(rule, disable))).toHaveLength(2);
  });

  it('refuses a pattern too long for any rule rather than dropping it', () => {
    const huge = { eventSource: ['iam.amazonaws.com'], eventName: Array.from({ length: 200 }, (_, i) => `Event${i}`) };
    expect(() => packRulePatterns([huge])).toThrow(/longer than one EventBridge rule allows/);
  });

  it('agrees with the daily digest: each detection\u2019s saved query finds its attack cases (DuckDB)', async () => {
    const queries = new Map(loadSavedQueries(join(ROOT, 'queries')).map((query) => [query.name, query]));
    for (const detection of DETECTIONS.filter((candidate) => candidate.savedQuery)) {
      const query = queries.get(detection.savedQuery ?? '');
      if (!query) throw new Error(`${detection.id}: no saved query ${detection.savedQuery}`);
      // Only the calls this detection fires on: the query must find them, not their neighbours.
      const records = [
        ...positives.filter(([, , expected]) => expected.includes(detection.id)).map(([, input]) => input),
        ...burstPositives.filter(([, , id]) => id === detection.id).map(([, input]) => input),
      ]
        .flatMap((input) => extractApiCalls(input()))
        .filter(({ call, detail }) => detectApiCall(call, detail, settings).hits.some((hit) => hit.id === detection.id))
        .map(({ detail }, index): Record<string, unknown> => ({ ...detail, eventID: `${detection.id}-${index}` }));
      expect(records.length, detection.id).toBeGreaterThan(0);
      const folder = mkdtempSync(join(tmpdir(), 'detections-'));
      writeFileSync(join(folder, 'cases.json'), JSON.stringify({ Records: records }));
      const trail = await openLocalTrail(folder);
      try {
        const times = records.map((record) => Date.parse(String(record.eventTime)));
        const window = { start: new Date(Math.min(...times) - 60_000), end: new Date(Math.max(...times) + 60_000) };
        const [outcome] = await localEngine(trail, ['us-east-1']).run([query], window);
        expect(outcome?.status, `${detection.id} → ${query.name}`).toBe('succeeded');
        expect(
          outcome?.status === 'succeeded' ? outcome.rowCount : 0,
          `${detection.id} → ${query.name}`,
        ).toBeGreaterThan(0);
      } finally {
        trail.close();
      }
    }
  });

  it('is documented in docs/detections.md, which `npm run docs` generates from it', () => {
    expect(readFileSync(DETECTIONS_DOC, 'utf8')).toBe(renderDetectionsDoc());
  });

  it('accounts for every rule of the five public rule sets in docs/coverage.md, generated and current', () => {
    const { rules } = loadRuleSets();
    // The rule counts of the sets as read at their pinned commits.
    expect(coverageTotals().map(({ set, rules: count }) => [set, count])).toEqual([
      ['sigma', 57],
      ['elastic', 194],
      ['tailpipe', 86],
      ['falco', 22],
      ['fivexl', 9],
    ]);
    // Each rule is covered by something that exists, or says why not; none is left unexplained (coverageOf throws).
    const known = new Set([...DETECTIONS.map((detection) => detection.id), 'sign-in alerts']);
    const queries = new Set(loadSavedQueries(join(ROOT, 'queries')).map((query) => query.name));
    for (const rule of rules) {
      const coverage = coverageOf(rule);
      if (coverage.status === 'not covered') continue;
      for (const by of coverage.by) {
        if (by.startsWith('query:')) expect(queries.has(by.slice(6)), `${rule.id}: ${by}`).toBe(true);
        else expect(known.has(by), `${rule.id}: ${by}`).toBe(true);
      }
    }
    // Every note is about a rule that exists (a renamed rule would leave a stale note behind).
    const keys = new Set(rules.map((rule) => `${rule.set}:${rule.id}`));
    expect(Object.keys(COVERAGE_NOTES).filter((key) => !keys.has(key))).toEqual([]);
    expect(readFileSync(COVERAGE_DOC, 'utf8')).toBe(renderCoverageDoc());
    // The README's totals are the generated ones.
    expect(readFileSync(join(ROOT, 'README.md'), 'utf8').replace(/\s+/g, ' ')).toContain(coverageSentence());
  });

  it('finds the detections a public rule\u2019s events reach, and nothing for events it does not watch', () => {
    const rule = (events: string[]) => ({ set: 'test', id: 'x', title: 'x', events });
    expect(coverageOf(rule(['StopLogging']))).toEqual({ status: 'covered', by: ['cloudtrail-stopped'] });
    expect(coverageOf(rule(['ConsoleLogin']))).toEqual({ status: 'covered', by: ['sign-in alerts'] });
    expect(coverageOf(rule(['StopLogging', 'CreateVpc']))).toMatchObject({ status: 'partly' });
    expect(() => coverageOf(rule(['CreateVpc']))).toThrow(/covered by nothing and has no note/);
  });
});

describe('matchesPattern (EventBridge semantics)', () => {
  const event = {
    'detail-type': 'AWS API Call via CloudTrail',
    detail: {
      eventSource: 'lambda.amazonaws.com',
      eventName: 'AddPermission20150331v2',
      userIdentity: { type: 'IAMUser' },
      resources: [{ type: 'AWS::Lambda::Function' }, { type: 'AWS::IAM::Role' }],
      readOnly: false,
    },
  };

  it('matches values, prefixes, nested fields, arrays of objects and $or like EventBridge', () => {
    expect(matchesPattern(rulePattern([{ eventName: [{ prefix: 'AddPermission' }] }]), event)).toBe(true);
    expect(matchesPattern(rulePattern([{ resources: { type: ['AWS::IAM::Role'] } }]), event)).toBe(true);
    expect(matchesPattern(rulePattern([{ readOnly: [false] }]), event)).toBe(true);
    expect(matchesPattern(rulePattern([{ errorCode: [{ exists: false }] }]), event)).toBe(true);
    expect(
      matchesPattern(
        rulePattern([{ eventSource: ['iam.amazonaws.com'] }, { userIdentity: { type: ['IAMUser'] } }]),
        event,
      ),
    ).toBe(true);
  });

  it('does not match what EventBridge would not', () => {
    expect(matchesPattern(rulePattern([{ eventName: ['AddPermission'] }]), event)).toBe(false);
    expect(matchesPattern(rulePattern([{ errorCode: [{ exists: true }] }]), event)).toBe(false);
    expect(matchesPattern(rulePattern([{ userIdentity: { type: ['Root'] } }]), event)).toBe(false);
    expect(
      matchesPattern(rulePattern([{ eventSource: ['lambda.amazonaws.com'] }]), {
        ...event,
        'detail-type': 'AWS Console Sign In via CloudTrail',
      }),
    ).toBe(false);
    expect(matchesPattern(rulePattern([{ eventName: [{ 'anything-but': ['AddPermission20150331v2'] }] }]), event)).toBe(
      false,
    );
  });
});
