import { homedir } from 'node:os';
import { join } from 'node:path';
import { createInterface } from 'node:readline/promises';
import { parseArgs } from 'node:util';
import { readStageSettings } from '../deploy/settings-file.js';
import { isStageName, STAGE_NAME_RULE } from '../src/lib/aws-names.js';
import { closestName, isKnownRegion, SETTINGS, type SettingName, SettingProblem } from '../src/lib/settings.js';

/**
 * What every script does with its command line, so each behaves like a tool: `--help` prints the
 * usage and exits 0; a bad option or value prints one line and the usage and exits 2, never a stack trace.
 */

/** Prints one line and the usage to stderr, then exits 2. */
export function fail(message: string, usage: string): never {
  console.error(`${message}\n${usage}`);
  process.exit(2);
}

/**
 * One option of a script: whether it takes a value, and how its text (undefined when not given) becomes
 * the value the script reads. A parse that throws becomes "--name …" on one line and exit 2.
 */
export interface CliOption<T> {
  readonly takesValue: boolean;
  readonly multiple?: boolean;
  parse(raw: string | string[] | undefined, flag: string): T;
}

/**
 * Checks a value of a deploy setting with the settings registry's own parser (as the deploy will); the
 * problem is thrown as one line, after `prefix` (the option typed, or nothing at a prompt).
 */
export function checkSetting(name: SettingName, text: string, prefix = ''): void {
  try {
    SETTINGS[name].parse(text.trim(), { region: 'us-east-1', now: new Date() });
  } catch (error) {
    if (error instanceof SettingProblem) throw new Error(prefix ? `${prefix} ${error.message}` : error.message);
    throw error;
  }
}

type Given<O, T> = O extends { default: unknown } | { required: true } ? T : T | undefined;

/**
 * An option that takes a value: left out, it is its default (or an error when required); given, `check`
 * turns the text into the value, or throws the one line that says what is wrong with it.
 */
function valued<T, O extends { default?: T; required?: boolean } = Record<never, never>>(
  options: O | undefined,
  check: (text: string, flag: string) => T,
): CliOption<Given<O, T>> {
  return {
    takesValue: true,
    parse: (raw, flag) => {
      const text = Array.isArray(raw) ? raw.at(-1) : raw;
      if (text !== undefined) return check(text, flag) as Given<O, T>;
      if (options?.required) throw new Error(`${flag} is required`);
      return options?.default as Given<O, T>;
    },
  };
}

const knownRegion = (region: string, flag: string): string => {
  if (!isKnownRegion(region)) throw new Error(`${flag} "${region}" is not an AWS region such as ap-northeast-1`);
  return region;
};

/** The kinds of option the scripts take; each checks its value the same way in every script. */
export const option = {
  flag(): CliOption<boolean> {
    return { takesValue: false, parse: (raw) => raw !== undefined && raw.length > 0 };
  },
  text<O extends { default?: string; required?: boolean; oneOf?: readonly string[] }>(options?: O) {
    return valued(options, (text, flag) => {
      if (!options?.oneOf || options.oneOf.includes(text)) return text;
      const near = closestName(text, options.oneOf);
      throw new Error(
        `${flag} "${text}" is not one of ${options.oneOf.join(', ')}${near ? ` (did you mean ${near}?)` : ''}`,
      );
    });
  },
  /** Every --name given, in order (`--event a.json --event b.json`). */
  texts(): CliOption<string[]> {
    return { takesValue: true, multiple: true, parse: (raw) => [raw ?? []].flat() };
  },
  /** A number in plain decimal notation; negative numbers too (`--min -5`), refused below `min`. */
  number<O extends { default?: number; required?: boolean; min?: number; integer?: boolean }>(options?: O) {
    return valued(options, (text, flag) => {
      const number = /^-?\d+(\.\d+)?$/.test(text) ? Number(text) : Number.NaN;
      const kind = options?.integer ? 'a whole number' : 'a number';
      if (Number.isNaN(number) || (options?.integer && !Number.isInteger(number)))
        throw new Error(`${flag} "${text}" is not ${kind}`);
      if (options?.min !== undefined && number < options.min)
        throw new Error(`${flag} "${text}" is not ${kind} of at least ${options.min}`);
      return number;
    });
  },
  /** A region the SDK knows, such as ap-northeast-1. */
  region<O extends { default?: string; required?: boolean }>(options?: O) {
    return valued(options, knownRegion);
  },
  /** A comma-separated list of regions the SDK knows; empty when not given. */
  regions() {
    return valued({ default: [] as string[] }, (text, flag) =>
      text
        .split(',')
        .map((region) => region.trim())
        .filter(Boolean)
        .map((region) => knownRegion(region, `${flag}:`)),
    );
  },
  /** The stage of the stack (default prod), checked as the deploy checks it. */
  stage() {
    return valued({ default: 'prod' }, (text, flag) => {
      if (!isStageName(text)) throw new Error(`${flag} "${text}" is not a stage name: ${STAGE_NAME_RULE}`);
      return text;
    });
  },
  /**
   * A value of a deploy setting (--locale, --time-zone, --min-severity …), checked by the settings registry's
   * own parser, so the tools accept exactly what the deploy does and the error names the option typed.
   */
  setting(name: SettingName) {
    return valued(undefined, (text, flag) => {
      checkSetting(name, text, flag);
      return text;
    });
  },
  /** An ISO 8601 time, or a date meaning its midnight UTC. */
  time() {
    return valued(undefined, (text, flag) => {
      const date = new Date(/^\d{4}-\d{2}-\d{2}$/.test(text) ? `${text}T00:00:00Z` : text);
      if (Number.isNaN(date.getTime()))
        throw new Error(`${flag} "${text}" is not a time such as 2023-07-10T11:00:00Z or 2023-07-10`);
      return date;
    });
  },
};

type Values<S extends Record<string, CliOption<unknown>>> = {
  [K in keyof S]: S[K] extends CliOption<infer T> ? T : never;
};

/**
 * The one option parser of every script. Unknown options (with the closest known one), a missing value, a
 * value that does not parse, a required option left out and more words than the script takes each throw an
 * Error of one line. A value may start with "-" when it is a number (`--min -5`), so negative numbers pass.
 */
export function parseOptions<S extends Record<string, CliOption<unknown>>>(
  spec: S,
  words: { max: number; describe?: string },
  argv: readonly string[],
): { values: Values<S>; positionals: string[] } {
  const names = Object.keys(spec);
  const args: string[] = [];
  for (let index = 0; index < argv.length; index++) {
    const argument = argv[index] ?? '';
    if (argument === '--') {
      args.push(...argv.slice(index));
      break;
    }
    const name = argument.startsWith('--') ? (argument.slice(2).split('=')[0] ?? '') : undefined;
    if (name !== undefined && !names.includes(name)) {
      const near = closestName(name, names);
      throw new Error(`Unknown option --${name}${near ? ` (did you mean --${near}?)` : ''}`);
    }
    if (argument.startsWith('-') && !argument.startsWith('--') && !/^-\d/.test(argument))
      throw new Error(`Unknown option ${argument}`);
    const definition = name === undefined ? undefined : spec[name];
    const next = argv[index + 1];
    if (definition?.takesValue && !argument.includes('=')) {
      if (next === undefined || (next.startsWith('-') && !/^-\d/.test(next)))
        throw new Error(`--${name} needs a value`);
      args.push(`${argument}=${next}`);
      index++;
      continue;
    }
    args.push(argument);
  }
  const { values, positionals } = parseArgs({
    args,
    allowPositionals: true,
    strict: true,
    options: Object.fromEntries(
      Object.entries(spec).map(([name, definition]) => [
        name,
        { type: definition.takesValue ? 'string' : 'boolean', multiple: definition.multiple === true },
      ]),
    ) as Record<string, { type: 'string' | 'boolean'; multiple: boolean }>,
  });
  if (positionals.length > words.max) {
    const extra = positionals.slice(words.max).map((word) => `"${word}"`);
    throw new Error(
      `Unexpected ${extra.join(' ')}${words.describe ? `: ${words.describe}` : words.max === 0 ? ': this command takes options only' : ''}`,
    );
  }
  const parsed = Object.fromEntries(
    Object.entries(spec).map(([name, definition]) => {
      const raw = values[name] as string | string[] | boolean | undefined;
      const text = typeof raw === 'boolean' ? (raw ? 'true' : undefined) : raw;
      return [name, definition.parse(text, `--${name}`)];
    }),
  );
  return { values: parsed as Values<S>, positionals };
}

/** parseOptions for a script's own command line: `--help` prints the usage, a problem is one line and exit 2. */
export function parseCommandLine<S extends Record<string, CliOption<unknown>>>(
  usage: string,
  spec: S,
  words: { max: number; describe?: string } = { max: 0 },
  argv: readonly string[] = process.argv.slice(2),
): { values: Values<S>; positionals: string[] } {
  return commandLine(usage, () => parseOptions(spec, words, argv));
}

/** `--help` prints the usage and exits 0; otherwise parses, turning a parse error into one line and exit 2. */
export function commandLine<T>(usage: string, parse: () => T): T {
  if (process.argv.slice(2).some((argument) => argument === '--help' || argument === '-h')) {
    console.log(usage);
    process.exit(0);
  }
  try {
    return parse();
  } catch (error) {
    return fail(error instanceof Error ? error.message : String(error), usage);
  }
}

/** Runs a script's main part; an error it did not expect is one line on stderr and exit 1, not a stack trace. */
export async function runTool(main: () => Promise<void> | void): Promise<void> {
  try {
    await main();
  } catch (error) {
    console.error(
      error instanceof Error ? `${error.name === 'Error' ? '' : `${error.name}: `}${error.message}` : String(error),
    );
    process.exitCode = 1;
  }
}

/**
 * Asks a yes/no question on the terminal (default no). Without a terminal there is nobody to ask: the
 * answer is no, and the caller says which flag (usually --yes) answers for the user.
 */
export async function confirm(question: string): Promise<boolean> {
  if (!process.stdin.isTTY) return false;
  const prompt = createInterface({ input: process.stdin, output: process.stderr });
  try {
    return /^y(es)?$/i.test((await prompt.question(`${question} [y/N] `)).trim());
  } finally {
    prompt.close();
  }
}

/**
 * The home region of a stage for the tools that talk to the deployed stack: --region, else the region
 * `npm run setup` kept for the stage, else $AWS_REGION, else us-east-1. So deploy, test-alert, doctor,
 * redrive and forwarding all talk to the same region without it being typed twice.
 */
export function stageRegion(
  stage: string,
  given: string | undefined,
  env: Record<string, string | undefined> = process.env,
): string {
  if (given) return given;
  let kept: string | undefined;
  try {
    kept = readStageSettings(join(import.meta.dirname, '..'), stage)?.region;
  } catch {
    // A malformed settings file is the deploy's to explain; the tools fall back to the environment.
  }
  return kept ?? env.AWS_REGION ?? env.AWS_DEFAULT_REGION ?? 'us-east-1';
}

/**
 * A progress line on stderr. On a terminal it is rewritten in place (`\r`) at most four times a second; in
 * a log or a pipe, where `\r` would pile up into one unreadable line, it is a plain line every 10 seconds.
 * Nothing shows in the first second (short runs stay quiet); the last state is always written when done.
 */
export function progressReporter(stream: { write(text: string): unknown; isTTY?: boolean } = process.stderr): {
  update(text: string, done?: boolean): void;
} {
  const started = Date.now();
  let shown = Number.NEGATIVE_INFINITY;
  let wrote = false;
  const terminal = stream.isTTY === true;
  return {
    update(text, done = false) {
      const now = Date.now();
      if (!done && (now - started < 1_000 || now - shown < (terminal ? 250 : 10_000))) return;
      if (done && !wrote && now - started < 1_000) return;
      shown = now;
      wrote = true;
      stream.write(terminal ? `\r${text}\u001b[K${done ? '\n' : ''}` : `${text}\n`);
    },
  };
}

/**
 * The user's cache folder for what the tools keep between runs (never inside the evidence they read):
 * $XDG_CACHE_HOME, else ~/Library/Caches on macOS, %LOCALAPPDATA% on Windows, ~/.cache elsewhere.
 */
export function cacheFolder(...parts: string[]): string {
  const base =
    process.env.XDG_CACHE_HOME ||
    (process.platform === 'darwin'
      ? join(homedir(), 'Library', 'Caches')
      : process.platform === 'win32'
        ? (process.env.LOCALAPPDATA ?? join(homedir(), 'AppData', 'Local'))
        : join(homedir(), '.cache'));
  return join(base, 'account-watch', ...parts);
}
