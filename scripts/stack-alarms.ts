import { spawnSync } from 'node:child_process';
import { join } from 'node:path';
import { countAlarms, type StackAlarms } from '../src/lib/forwarding-plan.js';

const ROOT = join(import.meta.dirname, '..');

/**
 * The CloudWatch alarms the main stack and one forwarding stack hold, counted in their resources as
 * `serverless print` resolves them (the project's plugins included; the same resources `serverless package`
 * puts in the templates, which the package test checks), so a price follows the stacks instead of a
 * constant kept beside them. Offline, about five seconds, and without esbuild, so it can run beside a build.
 */
export function stackAlarms(options: { homeRegion: string; forwardingRegion?: string; stage: string }): StackAlarms {
  const resolve = (name: string, args: string[]) => {
    const result = spawnSync('npx', ['serverless', 'print', '--format', 'json', '--stage', options.stage, ...args], {
      cwd: ROOT,
      encoding: 'utf8',
      env: { ...process.env, SLS_TELEMETRY_DISABLED: '1' },
    });
    if (result.status !== 0) {
      const why = `${result.stdout}\n${result.stderr}`
        .split('\n')
        .map((line) => line.trim())
        .find((line) => line && !/^(Error:|Environment:|Docs:|Support:|Bugs:|Issues:)/.test(line));
      throw new Error(`Could not resolve the ${name} stack to count its alarms: ${why ?? 'run npx serverless print'}`);
    }
    const configuration = JSON.parse(result.stdout) as {
      resources?: { Resources?: Record<string, { Type?: unknown }> };
    };
    return countAlarms({ Resources: configuration.resources?.Resources ?? {} });
  };
  return {
    // The email only lets the main stack resolve; no alarm depends on it.
    home: resolve('main', ['--region', options.homeRegion, '--param', 'email=alarm-count@example.com']),
    perForwardingRegion: resolve('forwarding', [
      '--config',
      'serverless-forwarding.yml',
      '--region',
      options.forwardingRegion ?? 'us-east-2',
      '--param',
      `homeRegion=${options.homeRegion}`,
    ]),
  };
}
