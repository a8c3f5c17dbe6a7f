'use strict';
// osls loads plugins as CommonJS; the plugin itself is TypeScript (deploy/forwarding-plugin.ts), type-checked and linted with src/.
module.exports = require('tsx/cjs/api').require('../deploy/forwarding-plugin.ts', __filename).ForwardingPlugin;
