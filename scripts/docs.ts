/** npm run docs: regenerates the README's configuration table (settings registry) and docs/detections.md (detection catalogue). */
import { parseArgs } from 'node:util';
import { updateDetectionsDoc } from '../dev/detections-doc.js';
import { updateReadmeSettingsTable } from '../dev/settings-table.js';
import { commandLine } from './cli.js';

commandLine(
  'Usage: npm run docs\n  Regenerates the configuration table in README.md from the settings registry (src/lib/settings.ts)\n  and docs/detections.md from the detection catalogue (src/lib/api-calls/catalogue.ts).',
  () => parseArgs({ options: {} }),
);

console.log(
  updateReadmeSettingsTable() ? 'README.md: settings table updated.' : 'README.md: settings table already current.',
);
console.log(updateDetectionsDoc() ? 'docs/detections.md updated.' : 'docs/detections.md already current.');
