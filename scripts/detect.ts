/**
 * npm run detect: the real-time detection catalogue over downloaded CloudTrail logs (the same rules'
 * patterns, predicates, allowlists and bursts as apiCallAlert), to replay an incident on a laptop and see
 * exactly the alerts that would have fired. Offline: reads files only.
 *
 *   npm run detect -- --logs <dir|file> [--from <time>] [--to <time>] [--json] [--time-zone Asia/Tokyo]
 *                     [--allowed-regions a,b] [--min-severity low]
 */
import { existsSync } from 'node:fs';
import { parseArgs } from 'node:util';
import { commandLine, fail, runTool, timeOption } from './cli.js';

// The pipeline logs for CloudWatch; on a terminal the table is the output.
process.env.POWERTOOLS_LOG_LEVEL ??= 'SILENT';

const USAGE = `Usage: npm run detect -- --logs <dir|file> [--from <time>] [--to <time>] [--json] [--time-zone ZONE]
                      [--allowed-regions a,b] [--min-severity info|low|medium|high|critical] [--reads]
  Replays the real-time API-call detections (docs/detections.md) over CloudTrail log files (*.json, *.json.gz,
  any layout) and prints the alerts that would have fired, in order. Times are ISO 8601 or dates (UTC).
  --allowed-regions  regions you use (default: ALLOWED_REGIONS, else the home region and us-east-1)
  --reads            also the detections of read-only calls, as deployed with apiCallReads=true
  --json             one JSON object per alert, for scripts`;

const { values } = commandLine(USAGE, () =>
  parseArgs({
    options: {
      logs: { type: 'string' },
      from: { type: 'string' },
      to: { type: 'string' },
      json: { type: 'boolean', default: false },
      'time-zone': { type: 'string' },
      'allowed-regions': { type: 'string' },
      'min-severity': { type: 'string' },
      reads: { type: 'boolean', default: false },
    },
  }),
);

if (!values.logs) fail('--logs is required: the folder (or file) with CloudTrail log files.', USAGE);
if (!existsSync(values.logs)) fail(`--logs ${values.logs}: no such file or folder`, USAGE);
const from = timeOption(values.from, 'from', USAGE);
const to = timeOption(values.to, 'to', USAGE);
if (from && to && from >= to) fail('--from must be before --to.', USAGE);

await runTool(async () => {
  const { DETECTIONS } = await import('../src/lib/api-calls/catalogue.js');
  const { replayLogs } = await import('../src/lib/api-calls/replay.js');
  const { loadApiCallSettings } = await import('../src/lib/config.js');
  const { lazyCountryLookup } = await import('../src/lib/geo/locate.js');
  const { findLogFiles } = await import('../src/lib/security-digest/local.js');
  const { formatLocalAndUtc } = await import('../src/lib/time.js');
  const env: Record<string, string | undefined> = { ...process.env };
  if (values['time-zone']) env.TIME_ZONE = values['time-zone'];
  if (values['allowed-regions']) env.ALLOWED_REGIONS = values['allowed-regions'];
  if (values['min-severity']) env.MIN_SEVERITY = values['min-severity'];
  if (values.reads) env.API_CALL_READS = 'true';
  let settings: ReturnType<typeof loadApiCallSettings>;
  try {
    settings = loadApiCallSettings(
      env,
      DETECTIONS.map((detection) => detection.id),
    );
  } catch (error) {
    fail(error instanceof Error ? error.message : String(error), USAGE);
  }
  const files = findLogFiles(values.logs ?? '.');
  const started = performance.now();
  const result = await replayLogs(files, settings, { from, to, country: lazyCountryLookup(process.env).lookup });
  const seconds = (performance.now() - started) / 1000;
  for (const skipped of result.skippedFiles) console.error(`skipped ${skipped.file}: ${skipped.reason}`);
  if (values.json) {
    for (const { notification, assessed } of result.alerts) {
      console.log(
        JSON.stringify({
          time: assessed.call.eventTime,
          severity: notification.severity,
          detections: assessed.hits.map((hit) => hit.id),
          title: notification.title,
          principal: assessed.call.principal.arn ?? assessed.call.principal.displayName,
          eventName: assessed.call.eventName,
          eventId: assessed.call.eventId,
          region: assessed.call.region,
          outcome: assessed.call.outcome.status,
        }),
      );
    }
  } else {
    for (const { notification, assessed } of result.alerts) {
      const time = assessed.call.eventTime
        ? formatLocalAndUtc(new Date(assessed.call.eventTime), settings.timeZone)
        : '-';
      console.log(`${time}  [${notification.severityLabel}] ${notification.title}`);
      console.log(
        `    ${assessed.hits.map((hit) => hit.id).join(', ')} · ${assessed.call.principal.displayName} · ${assessed.call.eventSource} ${assessed.call.eventName} · ${assessed.call.region ?? '-'}`,
      );
    }
  }
  console.error(
    `${result.alerts.length} alert(s) from ${result.candidates} candidate call(s) in ${result.records} record(s) of ${result.files} file(s)` +
      `${result.quiet > 0 ? `; ${result.quiet} folded into bursts or below --min-severity` : ''}` +
      `${result.skippedFiles.length > 0 ? `; ${result.skippedFiles.length} file(s) skipped` : ''} (${seconds.toFixed(1)} s).`,
  );
});
