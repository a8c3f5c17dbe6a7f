import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { FUNCTION_NAMES, SETTING_NAMES, SETTINGS, type SettingDefinition } from '../src/lib/settings.js';
import { SETTING_DOCS } from '../src/lib/settings-docs.js';

/** The configuration table (docs/configuration.md), generated from the settings registry so the two never disagree. */

export const CONFIGURATION_DOC = join(import.meta.dirname, '..', 'docs', 'configuration.md');
const START =
  '<!-- settings table: generated from src/lib/settings.ts by `npm run docs`; edit the registry, not this table -->';
const END = '<!-- end of settings table -->';

/** One row per setting: parameter, default, what it does (and which functions read it). */
export function renderSettingsTable(): string {
  const rows = SETTING_NAMES.map((name) => {
    const definition = SETTINGS[name] as SettingDefinition<unknown>;
    const fallback = typeof definition.default === 'string' ? definition.default : '';
    const { doc, defaultDoc } = SETTING_DOCS[name];
    const shown = defaultDoc ?? (fallback === '' ? '*(none)*' : `\`${fallback}\``);
    const usedBy =
      definition.functions.length === FUNCTION_NAMES.length
        ? 'every function'
        : definition.functions.length > 0
          ? definition.functions.join(', ')
          : 'the stack';
    return `| \`${definition.parameter}\` | ${shown} | ${usedBy} | ${doc.replaceAll('|', '\\|')} |`;
  });
  return [START, '| Parameter | Default | Used by | Meaning |', '|---|---|---|---|', ...rows, END].join('\n');
}

/** docs/configuration.md with its table replaced by the generated one; throws when the markers are missing. */
export function withSettingsTable(readme: string): string {
  const start = readme.indexOf(START);
  const end = readme.indexOf(END);
  if (start < 0 || end < start)
    throw new Error(`docs/configuration.md has no settings table markers (${START} … ${END})`);
  return readme.slice(0, start) + renderSettingsTable() + readme.slice(end + END.length);
}

/** Rewrites docs/configuration.md's table in place; returns whether it changed. */
export function updateSettingsTable(): boolean {
  const readme = readFileSync(CONFIGURATION_DOC, 'utf8');
  const updated = withSettingsTable(readme);
  if (updated !== readme) writeFileSync(CONFIGURATION_DOC, updated);
  return updated !== readme;
}
