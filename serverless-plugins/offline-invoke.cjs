'use strict';

/**
 * `serverless invoke local` resolves every CloudFormation reference in the environment by calling
 * CloudFormation, which needs an AWS account and a deployed stack. This plugin drops those
 * references for local invokes only, so a local run stays offline and the function renders a
 * preview (or posts to SLACK_WEBHOOK_URL when one is given) instead of publishing to SNS.
 */
class OfflineInvokeLocal {
  constructor(serverless, _options, { log }) {
    this.serverless = serverless;
    this.log = log;
    this.hooks = { initialize: () => this.dropStackReferences() };
  }

  dropStackReferences() {
    const commands = this.serverless.processedInput?.commands ?? [];
    if (commands[0] !== 'invoke' || commands[1] !== 'local') return;
    const { service } = this.serverless;
    const environments = [
      service.provider.environment,
      ...service.getAllFunctions().map((name) => service.getFunction(name).environment),
    ];
    const dropped = new Set();
    for (const environment of environments) {
      if (!environment) continue;
      for (const [name, value] of Object.entries(environment)) {
        if (value !== null && typeof value === 'object') {
          delete environment[name];
          dropped.add(name);
        }
      }
    }
    if (dropped.size > 0) {
      this.log.notice(`Local invoke: left out ${[...dropped].join(', ')} (stack references; the run stays offline)`);
    }
  }
}

module.exports = OfflineInvokeLocal;
