import { spawnSync } from 'node:child_process';
import { chmodSync, mkdirSync, mkdtempSync, readFileSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { gzipSync } from 'node:zlib';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type CollectProgress, type LocalTrail, openLocalTrail } from '../../src/lib/security-digest/local.js';

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

  it('does the same when a worker thread writes the slices (many files), into a database file', async () => {
    const database = join(mkdtempSync(join(tmpdir(), 'account-watch-worker-db-')), 'q.duckdb');
    const viaWorker = await openLocalTrail(folder, { workerFromFiles: 1, database });
    try {
      expect(viaWorker.records).toBe(trail.records);
      expect(viaWorker.skipped.map(({ file }) => file).sort()).toEqual(trail.skipped.map(({ file }) => file).sort());
      const rows = await viaWorker.run('SELECT count(DISTINCT eventid) AS n FROM cloudtrail');
      expect(Number(rows[0]?.n)).toBe(trail.records);
    } finally {
      viaWorker.close();
    }
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

describe('openLocalTrail with large files, odd records and progress', () => {
  const good = () => readFileSync(join(LOGS, GOOD));
  const goodRecords = () => (JSON.parse(good().toString('utf8')) as { Records: Record<string, unknown>[] }).Records;
  /** Every column of every record, in a stable order, to compare two ways of loading. */
  const everything = (trail: LocalTrail) => trail.run('SELECT * FROM cloudtrail ORDER BY eventid');

  it('streams a file above the threshold and loads exactly what reading it whole loads, in either layout', async () => {
    const logs = mkdtempSync(join(tmpdir(), 'account-watch-large-'));
    writeFileSync(join(logs, 'whole.json.gz'), gzipSync(good()));
    const whole = await openLocalTrail(logs);
    // The same file streamed (any file of 1 byte or more counts as large here), and as a plain array.
    const streamed = await openLocalTrail(logs, { streamFromBytes: 1 });
    writeFileSync(join(logs, 'whole.json.gz'), gzipSync(JSON.stringify(goodRecords())));
    const array = await openLocalTrail(logs, { streamFromBytes: 1 });
    expect(streamed.records).toBe(goodRecords().length);
    expect(await everything(streamed)).toEqual(await everything(whole));
    expect(await everything(array)).toEqual(await everything(whole));
    for (const trail of [whole, streamed, array]) trail.close();
  });

  it('skips a large file found truncated half-way, or without a Records list, and loads nothing of it', async () => {
    const logs = mkdtempSync(join(tmpdir(), 'account-watch-large-bad-'));
    const zipped = gzipSync(good());
    writeFileSync(join(logs, 'truncated.json.gz'), zipped.subarray(0, Math.floor(zipped.length * 0.8)));
    writeFileSync(join(logs, 'digest.json'), JSON.stringify({ awsAccountId: '1', logFiles: [{ s3Object: 'x' }] }));
    writeFileSync(join(logs, 'text.json'), 'not json at all');
    const trail = await openLocalTrail(logs, { streamFromBytes: 1 });
    expect(trail.records).toBe(0);
    const reasons = Object.fromEntries(trail.skipped.map(({ file, reason }) => [file.replace(`${logs}/`, ''), reason]));
    expect(reasons['truncated.json.gz']).toMatch(/^truncated or not a CloudTrail log file/);
    expect(reasons['digest.json']).toBe('not a CloudTrail log file (no "Records" list)');
    expect(reasons['text.json']).toBe('not JSON');
    trail.close();
  });

  it('keeps a record whose shape differs from the schema (the lenient reader takes over), losing nothing', async () => {
    const logs = mkdtempSync(join(tmpdir(), 'account-watch-odd-'));
    const records = goodRecords();
    const odd = {
      ...records[0],
      eventID: 'odd-record',
      userIdentity: 'a string where an object belongs',
      resources: 'x',
    };
    writeFileSync(join(logs, 'odd.json'), JSON.stringify({ Records: [...records, odd] }));
    // Slices grouped into one statement, written here or by a worker: the group is refused, each slice alone
    // then, and the odd one by the lenient reader.
    for (let copy = 0; copy < 5; copy++)
      writeFileSync(
        join(logs, `plain-${copy}.json`),
        JSON.stringify({ Records: records.map((record, index) => ({ ...record, eventID: `plain-${copy}-${index}` })) }),
      );
    for (const options of [{}, { workerFromFiles: 1 }]) {
      const trail = await openLocalTrail(logs, options);
      expect(trail.records).toBe(6 * records.length + 1);
      const [row] = await trail.run(
        "SELECT eventname, useridentity.arn AS arn FROM cloudtrail WHERE eventid = 'odd-record'",
      );
      expect(row).toEqual({ eventname: records[0]?.eventName, arn: null });
      trail.close();
    }
  });

  it('reports its progress: files and bytes done of all, and records loaded, ending at the totals', async () => {
    const logs = mkdtempSync(join(tmpdir(), 'account-watch-progress-'));
    writeFileSync(join(logs, 'a.json'), good());
    writeFileSync(join(logs, 'b.json.gz'), gzipSync(good()));
    writeFileSync(join(logs, 'bad.json'), '{');
    const seen: CollectProgress[] = [];
    const trail = await openLocalTrail(logs, { onProgress: (progress) => seen.push(progress) });
    const last = seen.at(-1);
    expect(last).toMatchObject({ files: 3, totalFiles: 3, records: trail.records });
    expect(last?.bytes).toBe(last?.totalBytes);
    expect(seen.map((progress) => progress.files)).toEqual([...seen.map((progress) => progress.files)].sort());
    trail.close();
  });
});

describe('openLocalTrail with a file it may not read', () => {
  it('skips it with one line saying so, and loads the rest (without the root capabilities that bypass file modes, when the tests run as root)', async () => {
    const logs = mkdtempSync(join(tmpdir(), 'account-watch-unreadable-'));
    chmodSync(logs, 0o755);
    writeFileSync(join(logs, 'good.json'), readFileSync(join(LOGS, GOOD)), { mode: 0o644 });
    writeFileSync(join(logs, 'secret.json'), readFileSync(join(LOGS, GOOD)));
    chmodSync(join(logs, 'secret.json'), 0o000);
    let result: { records: number; skipped: { file: string; reason: string }[] };
    if (process.getuid?.() === 0) {
      // Root reads any file whatever its mode. The same call runs in a child process that cannot bypass file
      // modes: still root, so it reads a checkout only root may enter (a clone in /root, a mktemp -d folder),
      // but without the capabilities that override permissions (util-linux setpriv drops them).
      const script = join(logs, 'open.mjs');
      writeFileSync(
        script,
        `const { openLocalTrail } = await import(process.argv[2]);
const trail = await openLocalTrail(process.argv[3]);
console.log(JSON.stringify({ records: trail.records, skipped: trail.skipped }));
trail.close();
`,
        { mode: 0o644 },
      );
      const root = join(import.meta.dirname, '..', '..');
      const child = spawnSync(
        'setpriv',
        [
          '--bounding-set',
          '-dac_override,-dac_read_search',
          '--inh-caps',
          '-all',
          '--',
          process.execPath,
          '--import',
          'tsx',
          script,
          join(root, 'src', 'lib', 'security-digest', 'local.ts'),
          logs,
        ],
        { cwd: root, encoding: 'utf8', env: { ...process.env, NODE_NO_WARNINGS: '1' } },
      );
      expect(child.error, 'util-linux setpriv is needed to run this as root').toBeUndefined();
      expect(child.stderr).toBe('');
      result = JSON.parse(child.stdout);
    } else {
      const trail = await openLocalTrail(logs);
      result = { records: trail.records, skipped: trail.skipped };
      trail.close();
    }
    const goodRecords = (JSON.parse(readFileSync(join(LOGS, GOOD), 'utf8')) as { Records: unknown[] }).Records.length;
    expect(result.records).toBe(goodRecords);
    expect(result.skipped).toEqual([
      { file: join(logs, 'secret.json'), reason: expect.stringMatching(/^unreadable: EACCES: permission denied/) },
    ]);
  }, 30_000);
});
