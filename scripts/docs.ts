/** npm run docs: regenerates the README's configuration table from the settings registry (src/lib/settings.ts). */
import { parseArgs } from 'node:util';
import { updateReadmeSettingsTable } from '../dev/settings-table.js';
import { commandLine } from './cli.js';

commandLine(
  'Usage: npm run docs\n  Regenerates the configuration table in README.md from the settings registry (src/lib/settings.ts).',
  () => parseArgs({ options: {} }),
);

console.log(
  updateReadmeSettingsTable() ? 'README.md: settings table updated.' : 'README.md: settings table already current.',
);
