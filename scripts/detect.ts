/**
 * npm run detect: the real-time detection catalogue over downloaded CloudTrail logs (the same rules'
 * patterns, predicates, allowlists and bursts as apiCallAlert), to replay an incident on a laptop and see
 * exactly the alerts that would have fired. Offline: reads files only.
 *
 *   npm run detect -- --logs <dir|file> [--from <time>] [--to <time>] [--json] [--time-zone Asia/Tokyo]
 *                     [--allowed-regions a,b] [--min-severity low]
 */
import { existsSync } from 'node:fs';
import { fail, option, parseCommandLine, progressReporter, runTool } from './cli.js';

// The pipeline logs for CloudWatch; on a terminal the table is the output.
process.env.POWERTOOLS_LOG_LEVEL ??= 'SILENT';

const USAGE = `Usage: npm run detect -- --logs <dir|file> [--from <time>] [--to <time>] [--json] [--time-zone ZONE]
                      [--allowed-regions a,b] [--min-severity info|low|medium|high|critical] [--reads]
  Replays the real-time API-call detections (docs/detections.md) over CloudTrail log files (*.json, *.json.gz,
  any layout) and prints the alerts that would have fired, in order. Times are ISO 8601 or dates (UTC).
  --allowed-regions  regions you use (default: ALLOWED_REGIONS, else the home region and us-east-1)
  --reads            also the detections of read-only calls, as deployed with apiCallReads=true
  --json             one JSON object per alert, for scripts`;

const { values } = parseCommandLine(USAGE, {
  logs: option.text({ required: true }),
  from: option.time(),
  to: option.time(),
  json: option.flag(),
  'time-zone': option.setting('timeZone'),
  'allowed-regions': option.setting('allowedRegions'),
  'min-severity': option.setting('minSeverity'),
  reads: option.flag(),
});

if (!existsSync(values.logs)) fail(`--logs ${values.logs}: no such file or folder`, USAGE);
const { from, to } = values;
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
    // The options were checked as typed; what is left is a setting from the environment, named as such.
    fail(error instanceof Error ? error.message : String(error), USAGE);
  }
  const files = findLogFiles(values.logs ?? '.');
  const started = performance.now();
  const progress = values.json ? undefined : progressReporter();
  const result = await replayLogs(files, settings, {
    from,
    to,
    country: lazyCountryLookup(process.env).lookup,
    ...(progress
      ? {
          onFile: (done: number, total: number, records: number) =>
            progress.update(
              `reading: files ${done}/${total} · ${records.toLocaleString('en-US')} records`,
              done === total,
            ),
        }
      : {}),
  });
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
  // Every candidate call is counted once, so the parts add up to the candidates.
  const { calls } = result;
  const parts = [
    `${calls.alerted} raised ${result.alerts.length} alert(s)`,
    `${calls.quiet} detected but quiet (folded into a burst, seen before or below --min-severity)`,
    `${calls.undetected} matched a rule's pattern but no detection`,
    ...(calls.skipped > 0 ? [`${calls.skipped} not readable as a call or repeated`] : []),
  ];
  console.error(
    `${result.records} record(s) in ${result.files} file(s)${result.skippedFiles.length > 0 ? ` (${result.skippedFiles.length} file(s) skipped)` : ''}; ` +
      `${result.candidates} candidate call(s): ${parts.join(', ')} (${seconds.toFixed(1)} s).`,
  );
});
