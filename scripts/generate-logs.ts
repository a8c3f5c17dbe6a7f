/**
 * npm run generate-logs -- --records 3000000 --out <dir>
 * Writes CloudTrail log files (gzipped, in the S3 layout) by multiplying the recorded attack-simulation
 * logs (tests/fixtures/cloudtrail-logs) with new event IDs and times: test data at any scale, for the
 * query benchmarks. Deterministic: the same count gives the same files.
 */
import { mkdirSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { gzipSync } from 'node:zlib';
import { option, parseCommandLine } from './cli.js';

const SOURCE = join(
  import.meta.dirname,
  '..',
  'tests',
  'fixtures',
  'cloudtrail-logs',
  'invictus-ir-aws-dataset',
  'CloudTrail',
);
const RECORDS_PER_FILE = 1000;

/** The recorded records, the templates every generated record is made from. */
function templates(): Record<string, unknown>[] {
  return readdirSync(SOURCE)
    .filter((name) => name.endsWith('.json'))
    .sort()
    .flatMap(
      (name) =>
        (JSON.parse(readFileSync(join(SOURCE, name), 'utf8')) as { Records: Record<string, unknown>[] }).Records,
    );
}

/**
 * Writes `count` records into `folder`, spread one a second from 2025-01-01T00:00:00Z, `perFile` to a file
 * (CloudTrail writes files of a few hundred to a few thousand; one huge file tests the loader's memory).
 * Returns the files written.
 */
export function generateLogs(folder: string, count: number, perFile = RECORDS_PER_FILE): number {
  const source = templates();
  const start = Date.parse('2025-01-01T00:00:00Z');
  let files = 0;
  for (let first = 0; first < count; first += perFile) {
    const records = [];
    for (let index = first; index < Math.min(count, first + perFile); index++) {
      const template = source[index % source.length] ?? {};
      const time = new Date(start + index * 1000).toISOString().replace('.000Z', 'Z');
      records.push({
        ...template,
        eventTime: time,
        eventID: `00000000-0000-4000-8000-${String(index).padStart(12, '0')}`,
      });
    }
    const day = new Date(start + first * 1000).toISOString().slice(0, 10).replaceAll('-', '/');
    const dir = join(folder, 'AWSLogs', '123456789012', 'CloudTrail', 'us-east-1', day);
    mkdirSync(dir, { recursive: true });
    writeFileSync(
      join(dir, `123456789012_CloudTrail_us-east-1_${String(files).padStart(6, '0')}.json.gz`),
      gzipSync(JSON.stringify({ Records: records })),
    );
    files++;
  }
  return files;
}

if (process.argv[1]?.endsWith('generate-logs.ts')) {
  const USAGE =
    'Usage: npm run generate-logs -- --records N --out <dir>\n  Writes N CloudTrail records as gzipped log files, made from the recorded sample logs.';
  const { values } = parseCommandLine(USAGE, {
    records: option.number({ required: true, min: 1, integer: true }),
    out: option.text({ required: true }),
  });
  console.log(`${generateLogs(values.out, values.records)} file(s) written to ${values.out}`);
}
