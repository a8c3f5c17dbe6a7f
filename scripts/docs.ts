/**
 * npm run docs: regenerates docs/configuration.md's table (settings registry), docs/detections.md (detection
 * catalogue) and docs/coverage.md (the public rule sets against the catalogue).
 */
import { existsSync } from 'node:fs';
import { screenshotActionPages, updateActionPages } from '../dev/action-pictures.js';
import { CHROMIUM, screenshotChannelPages, updateChannelPages } from '../dev/channel-pictures.js';
import { updateCoverageDoc } from '../dev/coverage.js';
import { updateDetectionsDoc } from '../dev/detections-doc.js';
import { updatePictures } from '../dev/readme-pictures.js';
import { updateSettingsTable } from '../dev/settings-table.js';
import { parseCommandLine } from './cli.js';

parseCommandLine(
  "Usage: npm run docs\n  Regenerates the configuration table in docs/configuration.md from the settings registry (src/lib/settings.ts)\n  docs/detections.md from the detection catalogue (src/lib/api-calls/catalogue.ts),\n  and docs/coverage.md from docs/coverage/rule-sets.json and dev/coverage-notes.ts,\n  and the README's pictures (docs/images/) from the golden files; the channels' screenshots\n  (docs/images/channels/) in headless Chromium (apt-get install chromium).",
  {},
);

console.log(updateSettingsTable() ? 'docs/configuration.md updated.' : 'docs/configuration.md already current.');
console.log(updateDetectionsDoc() ? 'docs/detections.md updated.' : 'docs/detections.md already current.');
console.log(updateCoverageDoc() ? 'docs/coverage.md updated.' : 'docs/coverage.md already current.');
const pictures = updatePictures();
console.log(pictures.length > 0 ? `docs/images: ${pictures.join(', ')} redrawn.` : 'docs/images already current.');
const pages = await updateChannelPages();
if (pages.length === 0) console.log('docs/images/channels already current.');
else if (!existsSync(CHROMIUM)) {
  console.log(
    `docs/images/channels: ${pages.join(', ')} changed; install Chromium (apt-get install chromium) to take their screenshots.`,
  );
  process.exitCode = 1;
} else {
  await screenshotChannelPages(pages);
  console.log(`docs/images/channels: ${pages.join(', ')} redrawn.`);
}
const actionPages = updateActionPages();
if (actionPages.length === 0) console.log('docs/images/actions already current.');
else if (!existsSync(CHROMIUM)) {
  console.log(`docs/images/actions: ${actionPages.join(', ')} changed; install Chromium to take their screenshots.`);
  process.exitCode = 1;
} else {
  await screenshotActionPages(actionPages);
  console.log(`docs/images/actions: ${actionPages.join(', ')} redrawn.`);
}
