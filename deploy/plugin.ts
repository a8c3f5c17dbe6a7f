import { join } from 'node:path';
import { isStageName, STAGE_NAME_RULE } from '../src/lib/aws-names.js';
import { FUNCTION_NAMES } from '../src/lib/settings.js';
import {
  DeployParameterError,
  parseParamOptions,
  type ResolvedParameters,
  resolveDeployParameters,
} from './parameters.js';
import { readStageSettings, type StageSettings } from './settings-file.js';
import { buildStack, type StackParts } from './stack.js';

/**
 * The project's osls plugin: checks every deploy parameter before anything else happens (so a bad
 * one stops `serverless package` and `deploy` with one clean line, before AWS is called), then adds
 * what the parameters decide to the service: each function's environment, the roles, the query
 * resources, the optional subscription and budget, and the ${deploy:…} values serverless.yml reads.
 */

/** The parts of the osls instance this plugin touches. */
interface Serverless {
  serviceDir: string;
  classes: { Error: new (message: string) => Error };
  configurationInput?: {
    params?: Record<string, Record<string, unknown> | undefined>;
    provider?: { stage?: unknown; region?: unknown };
  };
  processedInput?: { commands?: string[]; options?: { param?: string[] | string } };
  service: {
    service: string;
    provider: {
      stage: string;
      environment?: Record<string, unknown>;
      compiledCloudFormationTemplate?: {
        Resources: Record<string, { Type: string; Properties: Record<string, unknown> }>;
      };
    };
    functions: Record<string, { environment?: Record<string, unknown>; events?: unknown[] }>;
    resources?: { Resources?: Record<string, unknown>; Outputs?: Record<string, unknown> };
  };
}

interface Log {
  notice(message: string): void;
  warning(message: string): void;
}

type Options = { stage?: string; region?: string; param?: string[] | string };

/** A configured value, or undefined while it is still an unresolved ${…} variable. */
function resolved(value: unknown): string | undefined {
  return typeof value === 'string' && !value.includes('${') ? value : undefined;
}

export class AccountWatchPlugin {
  readonly hooks: Record<string, () => void>;
  readonly configurationVariablesSources: Record<string, { resolve(input: { address?: string }): { value: unknown } }>;
  private readonly stack: StackParts;

  constructor(
    private readonly serverless: Serverless,
    options: Options,
    private readonly utils: { log: Log },
  ) {
    const configuration = serverless.configurationInput ?? {};
    const stage = options.stage ?? resolved(configuration.provider?.stage) ?? 'prod';
    const fromSettingsFile = this.settingsFile(stage);
    const region =
      options.region ?? fromSettingsFile?.region ?? resolved(configuration.provider?.region) ?? 'us-east-1';
    if (!isStageName(stage)) {
      throw new serverless.classes.Error(
        `--stage "${stage}" is not a stage name: ${STAGE_NAME_RULE}; it becomes part of every resource name`,
      );
    }
    const parameters = this.checkParameters(options, stage, region, fromSettingsFile?.parameters ?? {});
    for (const warning of parameters.warnings) utils.log.warning(`Deploy parameter warning: ${warning}`);
    this.stack = buildStack(parameters, {
      service: serverless.service.service,
      stage,
      queriesFolder: join(serverless.serviceDir, 'queries'),
    });
    this.configurationVariablesSources = {
      deploy: {
        resolve: ({ address }) => {
          const value = address === undefined ? undefined : this.stack.variables[address];
          if (value === undefined)
            throw new serverless.classes.Error(`\${deploy:${address ?? ''}} is not a deploy value`);
          return { value };
        },
      },
    };
    this.hooks = {
      initialize: () => this.extendService(),
      'after:package:compileEvents': () => this.setRuleStates(),
    };
  }

  /** settings/<stage>.json (npm run setup), or undefined; a malformed file stops the deploy naming it. */
  private settingsFile(stage: string): StageSettings | undefined {
    try {
      return readStageSettings(this.serverless.serviceDir, stage);
    } catch (error) {
      if (error instanceof DeployParameterError) throw new this.serverless.classes.Error(error.message);
      throw error;
    }
  }

  /**
   * CLI parameters first, then the stage's settings file, then serverless.yml's params for the stage, then
   * its defaults; every one checked.
   */
  private checkParameters(
    options: Options,
    stage: string,
    region: string,
    fromSettingsFile: Record<string, string>,
  ): ResolvedParameters {
    const cli = this.serverless.processedInput?.options?.param ?? options.param ?? [];
    const fromFile = this.serverless.configurationInput?.params ?? {};
    try {
      const given = {
        ...stringValues(fromFile.default),
        ...stringValues(fromFile[stage]),
        ...fromSettingsFile,
        ...parseParamOptions(Array.isArray(cli) ? cli : [cli]),
      };
      return resolveDeployParameters(given, { region, now: new Date() });
    } catch (error) {
      if (error instanceof DeployParameterError) {
        throw new this.serverless.classes.Error(error.hint ? `${error.message}\n${error.hint}` : error.message);
      }
      throw error;
    }
  }

  private extendService(): void {
    const { service } = this.serverless;
    const declared = Object.keys(service.functions).sort();
    if (declared.join() !== [...FUNCTION_NAMES].sort().join()) {
      throw new this.serverless.classes.Error(
        `serverless.yml declares the functions ${declared.join(', ')}, but the settings registry knows ${FUNCTION_NAMES.join(', ')}`,
      );
    }
    for (const name of FUNCTION_NAMES) {
      const fn = service.functions[name];
      if (!fn) continue;
      fn.environment = { ...this.stack.environment[name], ...fn.environment };
      fn.events = [...(fn.events ?? []), ...(this.stack.events[name] ?? [])];
    }
    service.resources ??= {};
    service.resources.Resources = { ...this.stack.resources, ...service.resources.Resources };
    service.resources.Outputs = { ...this.stack.outputs, ...service.resources.Outputs };
    this.dropStackReferencesForLocalInvoke();
  }

  /** Gives the rules osls compiled the states it cannot express (read-only events delivered too). */
  private setRuleStates(): void {
    const resources = this.serverless.service.provider.compiledCloudFormationTemplate?.Resources ?? {};
    const pending = new Map(Object.entries(this.stack.ruleStates));
    for (const resource of Object.values(resources)) {
      const state = resource.Type === 'AWS::Events::Rule' ? pending.get(String(resource.Properties.Name)) : undefined;
      if (!state) continue;
      resource.Properties.State = state;
      pending.delete(String(resource.Properties.Name));
    }
    if (pending.size > 0) {
      throw new this.serverless.classes.Error(`Rules not found to set their state: ${[...pending.keys()].join(', ')}`);
    }
  }

  /**
   * `serverless invoke local` resolves every CloudFormation reference in the environment by calling
   * CloudFormation, which needs an account and a deployed stack. For local invokes only, those
   * references are left out, so the run stays offline and renders a preview (or posts to
   * SLACK_WEBHOOK_URL when one is given) instead of publishing to SNS.
   */
  private dropStackReferencesForLocalInvoke(): void {
    const commands = this.serverless.processedInput?.commands ?? [];
    if (commands[0] !== 'invoke' || commands[1] !== 'local') return;
    const { service } = this.serverless;
    const environments = [
      service.provider.environment,
      ...Object.values(service.functions).map((fn) => fn.environment),
    ];
    const dropped = new Set<string>();
    for (const environment of environments) {
      for (const [name, value] of Object.entries(environment ?? {})) {
        if (value !== null && typeof value === 'object') {
          delete environment?.[name];
          dropped.add(name);
        }
      }
    }
    // Lambda finds the saved queries in its package; a local run finds them in the project.
    const securityDigest = service.functions.securityDigest;
    if (securityDigest) {
      securityDigest.environment = {
        ...securityDigest.environment,
        SAVED_QUERIES_FOLDER: join(this.serverless.serviceDir, 'queries'),
      };
    }
    const costDigest = service.functions.costDigest;
    if (costDigest) {
      costDigest.environment = {
        ...costDigest.environment,
        COST_QUERIES_FOLDER: join(this.serverless.serviceDir, 'queries', 'cost'),
      };
    }
    if (dropped.size > 0) {
      this.utils.log.notice(
        `Local invoke: left out ${[...dropped].join(', ')} (stack references; the run stays offline)`,
      );
    }
  }
}

function stringValues(values: Record<string, unknown> | undefined): Record<string, string> {
  return Object.fromEntries(
    Object.entries(values ?? {})
      .filter(([, value]) => value !== null && value !== undefined)
      .map(([name, value]) => [name, String(value)]),
  );
}
