import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { dirname, join, relative } from 'node:path';
import { DeployParameterError } from './parameters.js';

/**
 * The settings a deploy of one stage keeps: `settings/<stage>.json`, written by `npm run setup` and read by
 * every `serverless deploy` and `package` of that stage (serverless.yml reads its region, deploy/plugin.ts
 * its parameters), so adding Slack later never drops the budget. A `--param` on the command line still wins.
 *
 *   { "region": "ap-northeast-1", "parameters": { "email": "you@example.com", "monthlyBudget": "20" } }
 */
export interface StageSettings {
  region?: string;
  parameters: Record<string, string>;
}

export function stageSettingsPath(projectDir: string, stage: string): string {
  return join(projectDir, 'settings', `${stage}.json`);
}

/** The stage's settings file, or undefined when there is none; a malformed one is an error naming the file. */
export function readStageSettings(projectDir: string, stage: string): StageSettings | undefined {
  const path = stageSettingsPath(projectDir, stage);
  if (!existsSync(path)) return undefined;
  const shown = relative(projectDir, path);
  let content: unknown;
  try {
    content = JSON.parse(readFileSync(path, 'utf8'));
  } catch (error) {
    throw new DeployParameterError(
      `${shown} is not JSON (${error instanceof Error ? error.message : String(error)}); fix it or run npm run setup again`,
    );
  }
  if (!content || typeof content !== 'object' || Array.isArray(content))
    throw new DeployParameterError(`${shown} must hold an object such as {"region": "…", "parameters": {…}}`);
  const { region, parameters = {}, ...rest } = content as { region?: unknown; parameters?: unknown };
  const extra = Object.keys(rest);
  if (extra.length > 0)
    throw new DeployParameterError(
      `${shown}: unknown key ${extra.map((key) => `"${key}"`).join(', ')}; it holds region and parameters`,
    );
  if (region !== undefined && typeof region !== 'string')
    throw new DeployParameterError(`${shown}: region must be a string`);
  if (!parameters || typeof parameters !== 'object' || Array.isArray(parameters))
    throw new DeployParameterError(`${shown}: parameters must be an object of name: "value"`);
  for (const [name, value] of Object.entries(parameters)) {
    if (typeof value !== 'string')
      throw new DeployParameterError(`${shown}: parameter ${name} must be a string, such as "${String(value)}"`);
  }
  return { ...(region ? { region } : {}), parameters: parameters as Record<string, string> };
}

/** Writes the stage's settings file (the folder is made when missing); returns its path. */
export function writeStageSettings(projectDir: string, stage: string, settings: StageSettings): string {
  const path = stageSettingsPath(projectDir, stage);
  mkdirSync(dirname(path), { recursive: true });
  writeFileSync(path, `${JSON.stringify(settings, null, 2)}\n`);
  return path;
}
