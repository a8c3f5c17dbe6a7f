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
