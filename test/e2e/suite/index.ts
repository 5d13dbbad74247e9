/**
 * Entry point VS Code calls in the extension host (`--extensionTestsPath`): runs every bundled
 * `*.test.js` beside this file with mocha (BDD UI) and rejects when a test fails, which makes
 * `runTests` (and so `npm run e2e`) fail. `$RAILGUARD_E2E_GREP` (a regular expression, set by
 * `run.ts --grep=`) keeps only the tests whose full title matches.
 *
 * A failing test runs once more (`retries: 1`: these tests drive a real VS Code on a shared, loaded
 * machine, where a UI event can come late), and is never hidden: each first failure (`retry`) and
 * each final failure is appended, title and the head of its error, to `$RAILGUARD_E2E_FAILURES`
 * when set, which `run.ts` prints at the end of the run.
 */
import * as fs from 'node:fs';
import * as path from 'node:path';

/** Mocha's programmatic API, as much of it as this runner uses (mocha 12 is ESM-only). */
interface MochaRunner {
  addFile(file: string): void;
  loadFilesAsync(): Promise<void>;
  run(done: (failures: number) => void): {
    on(event: 'fail' | 'retry', listener: (test: { fullTitle(): string }, err: unknown) => void): MochaEvents;
  };
}
interface MochaEvents {
  on(event: 'fail' | 'retry', listener: (test: { fullTitle(): string }, err: unknown) => void): MochaEvents;
}
type MochaConstructor = new (options: Record<string, unknown>) => MochaRunner;

export async function run(): Promise<void> {
  const mod = (await import('mocha')) as unknown as { default: MochaConstructor };
  const grep = process.env.RAILGUARD_E2E_GREP;
  const mocha = new mod.default({
    ui: 'bdd',
    timeout: 60_000,
    retries: 1,
    color: false,
    reporter: 'spec',
    ...(grep ? { grep: new RegExp(grep) } : {}),
  });
  for (const f of fs
    .readdirSync(__dirname)
    .filter((n) => n.endsWith('.test.js'))
    .sort()) {
    mocha.addFile(path.join(__dirname, f));
  }
  await mocha.loadFilesAsync();
  const seen: string[] = [];
  const note = (label: string) => (test: { fullTitle(): string }, err: unknown) => {
    const why = err instanceof Error ? (err.stack ?? err.message) : String(err);
    seen.push(`${label}: ${test.fullTitle()}\n    ${why.split('\n').slice(0, 8).join('\n    ')}`);
  };
  const failures = await new Promise<number>((resolve) => {
    mocha.run(resolve).on('retry', note('failed once, retried')).on('fail', note('FAILED'));
  });
  // run.ts prints these after every build has run, so they close the log (CI shows its tail).
  const report = process.env.RAILGUARD_E2E_FAILURES;
  if (report && seen.length > 0) fs.appendFileSync(report, seen.map((f) => `${f}\n`).join(''));
  if (failures > 0) throw new Error(`${failures} e2e test(s) failed`);
}
