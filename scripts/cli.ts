/**
 * What every script does with its command line, so each behaves like a tool: `--help` prints the
 * usage and exits 0; a bad option or value prints one line and the usage and exits 2, never a stack trace.
 */

/** Prints one line and the usage to stderr, then exits 2. */
export function fail(message: string, usage: string): never {
  console.error(`${message}\n${usage}`);
  process.exit(2);
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
 * A --from/--to style option: an ISO 8601 time, or a date meaning its midnight UTC; undefined when absent.
 * A value that is neither is one line and the usage, exit 2.
 */
export function timeOption(value: string | undefined, name: string, usage: string): Date | undefined {
  if (value === undefined) return undefined;
  const date = new Date(/^\d{4}-\d{2}-\d{2}$/.test(value) ? `${value}T00:00:00Z` : value);
  if (Number.isNaN(date.getTime()))
    fail(`--${name} "${value}" is not a time such as 2023-07-10T11:00:00Z or 2023-07-10`, usage);
  return date;
}
