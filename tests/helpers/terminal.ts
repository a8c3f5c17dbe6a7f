import { type ChildProcess, spawn } from 'node:child_process';

/**
 * A command run at a real pseudo-terminal (util-linux `script`), so a script sees process.stdin.isTTY and
 * asks its questions; the test answers each one when its prompt has appeared, as a person would.
 */
export interface Terminal {
  /**
   * Waits until the output since the last answer ends with the prompt `text` (so the question is pending:
   * a line typed before it is asked would be lost), then types `answer` and Enter.
   */
  answer(text: string, answer: string): Promise<void>;
  /** Waits for the command to end; its whole output (prompts and answers echoed) and exit code. */
  done(): Promise<{ code: number | null; output: string }>;
}

export function atTerminal(command: string, options: { cwd: string; env?: Record<string, string> }): Terminal {
  const child: ChildProcess = spawn('script', ['-qfec', command, '/dev/null'], {
    cwd: options.cwd,
    env: { ...process.env, NODE_NO_WARNINGS: '1', TERM: 'dumb', ...options.env },
    stdio: ['pipe', 'pipe', 'pipe'],
  });
  let output = '';
  let seen = 0;
  const waiters: (() => void)[] = [];
  const onData = (chunk: Buffer) => {
    output += chunk.toString('utf8');
    for (const waiter of waiters.splice(0)) waiter();
  };
  child.stdout?.on('data', onData);
  child.stderr?.on('data', onData);
  const ended = new Promise<number | null>((resolve) => child.on('close', (code) => resolve(code)));
  return {
    async answer(text, answer) {
      const deadline = Date.now() + 30_000;
      const asked = () => output.slice(seen).replaceAll('\r', '').trimEnd().endsWith(text.trimEnd());
      while (!asked()) {
        if (Date.now() > deadline) throw new Error(`No prompt "${text}" in:\n${output.slice(seen)}`);
        await new Promise<void>((resolve) => {
          waiters.push(resolve);
          setTimeout(resolve, 200);
        });
      }
      seen = output.length;
      child.stdin?.write(`${answer}\r`);
    },
    async done() {
      const code = await ended;
      return { code, output: output.replaceAll('\r', '') };
    },
  };
}
