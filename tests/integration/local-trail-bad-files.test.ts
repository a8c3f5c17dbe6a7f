import { mkdirSync, mkdtempSync, readFileSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { gzipSync } from 'node:zlib';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type LocalTrail, openLocalTrail } from '../../src/lib/security-digest/local.js';

const LOGS = join(import.meta.dirname, '..', 'fixtures', 'cloudtrail-logs', 'invictus-ir-aws-dataset', 'CloudTrail');
const GOOD = '218007301253_CloudTrail_us-east-1_20230710T1145Z_7xgocspSowgK0Gto.json';

let folder: string;
let trail: LocalTrail;

beforeAll(async () => {
  folder = mkdtempSync(join(tmpdir(), 'account-watch-bad-logs-'));
  const good = readFileSync(join(LOGS, GOOD));
  const goodRecords = (JSON.parse(good.toString('utf8')) as { Records: unknown[] }).Records.length;
  writeFileSync(join(folder, 'good.json'), good);
  const zipped = gzipSync(good);
  writeFileSync(join(folder, 'truncated.json.gz'), zipped.subarray(0, Math.floor(zipped.length / 2)));
  writeFileSync(join(folder, 'not-cloudtrail.json'), JSON.stringify({ hello: 'world' }));
  writeFileSync(join(folder, 'records-not-a-list.json'), JSON.stringify({ Records: { eventName: 'x' } }));
  writeFileSync(join(folder, 'bare-record.json'), JSON.stringify({ eventVersion: '1.08', eventName: 'ConsoleLogin' }));
  writeFileSync(
    join(folder, 'digest.json'),
    JSON.stringify({ awsAccountId: '123456789012', digestStartTime: '2023-07-10T11:00:00Z', logFiles: [] }),
  );
  writeFileSync(join(folder, 'broken.json'), '{"Records": [{"eventName": ');
  mkdirSync(join(folder, 'nested'));
  symlinkSync(folder, join(folder, 'nested', 'loop'));
  trail = await openLocalTrail(folder);
  expect(trail.records).toBe(goodRecords);
});
afterAll(() => trail.close());

describe('openLocalTrail with bad files among the good', () => {
  it('loads every good record and says which files it skipped and why, without stopping', () => {
    const byFile = Object.fromEntries(
      trail.skipped.map(({ file, reason }) => [file.replace(`${folder}/`, ''), reason]),
    );
    expect(Object.keys(byFile).sort()).toEqual([
      'bare-record.json',
      'broken.json',
      'digest.json',
      'not-cloudtrail.json',
      'records-not-a-list.json',
      'truncated.json.gz',
    ]);
    expect(byFile['digest.json']).toBe('not a CloudTrail log file (no "Records" list)');
    expect(byFile['truncated.json.gz']?.length).toBeGreaterThan(5);
    for (const reason of Object.values(byFile)) expect(reason).not.toContain('\n');
  });

  it('follows no symlink loop, and answers queries over what it loaded', async () => {
    expect(trail.files.filter((file) => file.includes('loop'))).toEqual([]);
    const rows = await trail.run('SELECT count(DISTINCT eventid) AS n FROM cloudtrail');
    expect(Number(rows[0]?.n)).toBe(trail.records);
  });
});

describe('openLocalTrail with a database', () => {
  it('collects each file once: a later run reads only the files that are new', async () => {
    const logs = mkdtempSync(join(tmpdir(), 'account-watch-collect-'));
    const names = [GOOD, '218007301253_CloudTrail_us-east-1_20230710T1145Z_s7dpHbl38neqZbm2.json'];
    writeFileSync(join(logs, 'a.json'), readFileSync(join(LOGS, names[0] ?? '')));
    const database = join(logs, '.collected.duckdb');
    const first = await openLocalTrail(logs, { database });
    const firstRecords = first.records;
    expect(first.loadedNow).toBe(1);
    first.close();

    const again = await openLocalTrail(logs, { database });
    expect([again.loadedNow, again.records]).toEqual([0, firstRecords]);
    again.close();

    writeFileSync(join(logs, 'b.json'), readFileSync(join(LOGS, names[1] ?? '')));
    const more = await openLocalTrail(logs, { database });
    expect(more.loadedNow).toBe(1);
    expect(more.records).toBeGreaterThan(firstRecords);
    const [row] = await more.run('SELECT count(DISTINCT eventid) AS n FROM cloudtrail');
    expect(Number(row?.n)).toBe(more.records);
    more.close();
  });
});
