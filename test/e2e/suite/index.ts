/**
 * Entry point VS Code calls in the extension host (`--extensionTestsPath`): runs every bundled
 * `*.test.js` beside this file with mocha (BDD UI) and rejects when a test fails, which makes
 * `runTests` (and so `npm run e2e`) fail. `$RAILGUARD_E2E_GREP` (a regular expression, set by
 * `run.ts --grep=`) keeps only the tests whose full title matches. Each failing test's title and
 * the head of its error are appended to `$RAILGUARD_E2E_FAILURES` when set.
 */
import * as fs from 'node:fs';
import * as path from 'node:path';

/** Mocha's programmatic API, as much of it as this runner uses (mocha 12 is ESM-only). */
interface MochaRunner {
  addFile(file: string): void;
  loadFilesAsync(): Promise<void>;
  run(done: (failures: number) => void): {
    on(event: 'fail', listener: (test: { fullTitle(): string }, err: unknown) => void): void;
  };
}
type MochaConstructor = new (options: Record<string, unknown>) => MochaRunner;

export async function run(): Promise<void> {
  const mod = (await import('mocha')) as unknown as { default: MochaConstructor };
  const grep = process.env.RAILGUARD_E2E_GREP;
  const mocha = new mod.default({
    ui: 'bdd',
    timeout: 60_000,
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
  const failed: string[] = [];
  const failures = await new Promise<number>((resolve) => {
    mocha.run(resolve).on('fail', (test, err) => {
      const why = err instanceof Error ? (err.stack ?? err.message) : String(err);
      failed.push(`${test.fullTitle()}\n    ${why.split('\n').slice(0, 8).join('\n    ')}`);
    });
  });
  // run.ts prints these after every build has run, so the failures close the log (CI shows its tail).
  const report = process.env.RAILGUARD_E2E_FAILURES;
  if (report && failed.length > 0) fs.appendFileSync(report, failed.map((f) => `${f}\n`).join(''));
  if (failures > 0) throw new Error(`${failures} e2e test(s) failed`);
}
