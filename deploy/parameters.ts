import {
  closestName,
  defaultOf,
  SETTING_NAMES,
  SETTING_RULES,
  SETTINGS,
  type SettingContext,
  type SettingDefinition,
  type SettingName,
  SettingProblem,
  type SettingValues,
  serializeSetting,
  settingWarnings,
} from '../src/lib/settings.js';

/** A deploy parameter that cannot be used; the message is one line, the hint at most one more. */
export class DeployParameterError extends Error {
  override name = 'DeployParameterError';
  constructor(
    message: string,
    readonly hint?: string,
  ) {
    super(message);
  }
}

export interface ResolvedParameters {
  /** Every setting, parsed. */
  values: SettingValues;
  /** Every setting in its canonical text form: what the functions' environment and the stack get. */
  text: Record<SettingName, string>;
  /** Valid but risky combinations, for the deploy to print. */
  warnings: string[];
}

const HINT = 'Every parameter is listed in docs/configuration.md.';

/** Parameters that existed once, with what replaced them, so a redeploy with an old command says what to do. */
const RETIRED: Record<string, string> = {
  queryWindowHours:
    'each security digest now covers exactly the time since the previous one; drop it (securityDigestTime and queryDeliveryLagMinutes set the window)',
};

/**
 * Checks the deploy parameters whole, before anything reaches AWS: unknown names (with the closest
 * known one), each setting's own parser, the rules across settings. Unset settings take the registry's
 * default. Throws DeployParameterError naming the parameter.
 */
export function resolveDeployParameters(given: Record<string, string>, context: SettingContext): ResolvedParameters {
  for (const name of Object.keys(given)) {
    if ((SETTING_NAMES as string[]).includes(name)) continue;
    const retired = RETIRED[name];
    if (retired) throw new DeployParameterError(`Deploy parameter ${name} is no longer used: ${retired}`);
    const near = closestName(name, SETTING_NAMES);
    throw new DeployParameterError(
      `Unknown deploy parameter "${name}"${near ? `: did you mean ${near}?` : ''}`,
      near ? undefined : HINT,
    );
  }
  const values: Partial<Record<SettingName, unknown>> = {};
  const text: Partial<Record<SettingName, string>> = {};
  for (const name of SETTING_NAMES) {
    const definition = SETTINGS[name] as SettingDefinition<unknown>;
    const raw = (given[name] ?? defaultOf(name, context)).trim();
    try {
      values[name] = definition.parse(raw, context);
    } catch (error) {
      if (error instanceof SettingProblem) {
        throw new DeployParameterError(`Invalid deploy parameter ${name}: ${error.message}`);
      }
      throw error;
    }
    text[name] = serializeSetting(name, values[name] as never, raw);
  }
  const parsed = values as SettingValues;
  for (const rule of SETTING_RULES) {
    const broken = rule.check(parsed);
    if (broken) throw new DeployParameterError(`Invalid deploy parameter ${broken.setting}: ${broken.problem}`);
  }
  return { values: parsed, text: text as Record<SettingName, string>, warnings: settingWarnings(parsed) };
}

/** The `--param` values as osls reads them: "name=value" items (the value may contain "="). */
export function parseParamOptions(items: readonly string[]): Record<string, string> {
  const given: Record<string, string> = {};
  for (const item of items) {
    const cut = item.indexOf('=');
    if (cut <= 0)
      throw new DeployParameterError(`A --param must be name=value, such as --param="email=you@example.com"`);
    given[item.slice(0, cut).trim()] = item.slice(cut + 1).trim();
  }
  return given;
}
