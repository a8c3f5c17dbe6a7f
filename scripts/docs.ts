/**
 * npm run docs: regenerates the README's configuration table (settings registry), docs/detections.md (detection
 * catalogue) and docs/coverage.md (the public rule sets against the catalogue).
 */
import { updateCoverageDoc } from '../dev/coverage.js';
import { updateDetectionsDoc } from '../dev/detections-doc.js';
import { updateReadmeSettingsTable } from '../dev/settings-table.js';
import { parseCommandLine } from './cli.js';

parseCommandLine(
  'Usage: npm run docs\n  Regenerates the configuration table in README.md from the settings registry (src/lib/settings.ts)\n  docs/detections.md from the detection catalogue (src/lib/api-calls/catalogue.ts),\n  and docs/coverage.md from docs/coverage/rule-sets.json and dev/coverage-notes.ts.',
  {},
);

console.log(
  updateReadmeSettingsTable() ? 'README.md: settings table updated.' : 'README.md: settings table already current.',
);
console.log(updateDetectionsDoc() ? 'docs/detections.md updated.' : 'docs/detections.md already current.');
console.log(updateCoverageDoc() ? 'docs/coverage.md updated.' : 'docs/coverage.md already current.');
