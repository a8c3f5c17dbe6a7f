/** npm run docs: regenerates the README's configuration table from the settings registry (src/lib/settings.ts). */
import { updateReadmeSettingsTable } from '../dev/settings-table.js';

console.log(
  updateReadmeSettingsTable() ? 'README.md: settings table updated.' : 'README.md: settings table already current.',
);
