/**
 * Entry point VS Code calls in the extension host (`--extensionTestsPath`): runs every bundled
 * `*.test.js` beside this file with mocha (BDD UI) and rejects when a test fails, which makes
 * `runTests` (and so `npm run e2e`) fail. `$RAILGUARD_E2E_GREP` (a regular expression, set by
 * `run.ts --grep=`) keeps only the tests whose full title matches.
 */
import * as fs from 'node:fs';
import * as path from 'node:path';

/** Mocha's programmatic API, as much of it as this runner uses (mocha 12 is ESM-only). */
interface MochaRunner {
  addFile(file: string): void;
  loadFilesAsync(): Promise<void>;
  run(done: (failures: number) => void): void;
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
  const failures = await new Promise<number>((resolve) => mocha.run(resolve));
  if (failures > 0) throw new Error(`${failures} e2e test(s) failed`);
}
