/** Where a CLI command writes; injected so tests and embedders can capture output. */
export interface CliIo {
  stdout: (text: string) => void;
  stderr: (text: string) => void;
  /** Reads all of standard input (used by `check --batch` and `check` without TEXT). */
  readStdin: () => Promise<string>;
  /** True when stderr is a terminal (progress lines are shown only then). */
  isTTY: boolean;
}

/** The process's own stdio. */
export function processIo(): CliIo {
  return {
    stdout: (t) => process.stdout.write(t),
    stderr: (t) => process.stderr.write(t),
    readStdin: async () => {
      // A terminal gives no end of input by itself: say what is awaited instead of waiting silently.
      if (process.stdin.isTTY)
        process.stderr.write('railguard: reading the input from the terminal; end it with Ctrl-D\n');
      const chunks: Buffer[] = [];
      for await (const c of process.stdin) chunks.push(c as Buffer);
      return Buffer.concat(chunks).toString('utf8');
    },
    isTTY: Boolean(process.stderr.isTTY),
  };
}

/** Exit codes of the `railguard` CLI (documented in README and `--help`). */
export const EXIT = {
  ok: 0,
  /** lint: at least one error-severity finding. */
  findings: 1,
  usage: 2,
  /** check: the decision is `ask`. */
  ask: 10,
  /** check: the decision is `deny`. */
  deny: 20,
  /**
   * check/explain: a policy file does not load (broken YAML, schema or lint error, bad
   * signature); the decision printed was made failing closed. Fix the file named on stderr.
   */
  policyError: 3,
} as const;

/** Thrown for bad command-line usage; main prints the message and exits 2. */
export class UsageError extends Error {}
