'use strict';
// osls loads plugins as CommonJS; the plugin itself is TypeScript (deploy/plugin.ts), type-checked and linted with src/.
module.exports = require('tsx/cjs/api').require('../deploy/plugin.ts', __filename).AccountWatchPlugin;
