/**
 * Runs the e2e suite (`test/e2e/suite/*.test.ts`) inside a real VS Code through
 * `@vscode/test-electron`'s `runTests`.
 *
 * Where no desktop VS Code can be downloaded (these machines: only the npm registry and Debian are
 * reachable), `vscodeExecutablePath` is the launcher `test/e2e/shim.ts`, which runs the VS Code
 * server from code-server (installed by `test/e2e/setup.sh`) in headless chromium. Set
 * `RAILGUARD_E2E_DESKTOP=1` to let `runTests` download and use desktop VS Code instead.
 *
 * Expects the extension bundles in `dist/` (`npm run build:ext`). Builds the shim and the suite
 * with esbuild into `.vscode-test/`, creates a fresh workspace folder in the OS temp directory
 * and exits non-zero when any test fails.
 *
 * With `RAILGUARD_E2E_VSIX=<file.vsix>` the same suite runs against the packaged extension
 * instead: the .vsix is installed into a fresh extensions folder with the server's
 * `--install-extension`, and an empty probe is the development extension (no screenshots then).
 */
import { runTests } from '@vscode/test-electron';
import { build } from 'esbuild';
import { execFileSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';

const ROOT = path.resolve(__dirname, '../..');
const OUT = path.join(ROOT, '.vscode-test');

/** Bundles the launcher and the mocha suite; returns their paths. */
async function buildHarness(): Promise<{ shim: string; suite: string }> {
  const shim = path.join(OUT, 'bin', 'vscode-shim.js');
  const suiteDir = path.join(OUT, 'e2e-suite');
  const common = {
    bundle: true,
    platform: 'node',
    target: 'node20',
    format: 'cjs',
    logLevel: 'warning',
  } as const;
  await build({
    ...common,
    entryPoints: [path.join(__dirname, 'shim.ts')],
    outfile: shim,
    external: ['playwright-core'],
    banner: { js: '#!/usr/bin/env node' },
  });
  fs.chmodSync(shim, 0o755);
  const tests = fs
    .readdirSync(path.join(__dirname, 'suite'))
    .filter((f) => f.endsWith('.ts'))
    .map((f) => path.join(__dirname, 'suite', f));
  await build({ ...common, entryPoints: tests, outdir: suiteDir, external: ['vscode', 'mocha'] });
  return { shim, suite: path.join(suiteDir, 'index.js') };
}

/**
 * Where screenshots go: the README's `extension/media/screenshots` with `--update-screenshots`,
 * else `.vscode-test/screenshots` (so a test run leaves the checkout clean).
 */
function screenshotsDir(): string {
  return process.argv.includes('--update-screenshots')
    ? path.join(ROOT, 'extension', 'media', 'screenshots')
    : path.join(OUT, 'screenshots');
}

/** A fresh workspace folder; the suite writes its policy files into it. */
function makeWorkspace(): string {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'railguard-e2e-'));
  fs.mkdirSync(path.join(dir, '.railguard', 'policies'), { recursive: true });
  return dir;
}

/**
 * Installs a .vsix into a fresh extensions folder through the VS Code server's CLI and returns
 * `{ extensionsDir, probe }`, `probe` being an empty development extension to hand to runTests.
 */
function installVsix(vsix: string, serverDir: string): { extensionsDir: string; probe: string } {
  const extensionsDir = path.join(OUT, 'extensions-vsix');
  fs.rmSync(extensionsDir, { recursive: true, force: true });
  const server = path.join(serverDir, 'out', 'server-main.js');
  const node = process.env.VSCODE_SERVER_NODE ?? 'node';
  const args = [server, '--accept-server-license-terms', '--extensions-dir', extensionsDir];
  execFileSync(node, [...args, '--install-extension', path.resolve(vsix)], { stdio: 'inherit' });
  const probe = path.join(OUT, 'vsix-probe');
  fs.mkdirSync(probe, { recursive: true });
  const manifest = {
    name: 'vsix-probe',
    publisher: 'railguard-e2e',
    version: '0.0.0',
    engines: { vscode: '*' },
  };
  fs.writeFileSync(path.join(probe, 'package.json'), JSON.stringify(manifest));
  return { extensionsDir, probe };
}

async function main(): Promise<void> {
  const started = Date.now();
  const { shim, suite } = await buildHarness();
  const workspace = makeWorkspace();
  const desktop = process.env.RAILGUARD_E2E_DESKTOP === '1';
  process.env.VSCODE_SERVER_DIR ??= path.join(
    OUT,
    'code-server',
    'node_modules',
    'code-server',
    'lib',
    'vscode',
  );
  if (!desktop && !fs.existsSync(path.join(process.env.VSCODE_SERVER_DIR, 'out', 'server-main.js'))) {
    throw new Error(`no VS Code server in ${process.env.VSCODE_SERVER_DIR}: run test/e2e/setup.sh`);
  }
  // The approval tests spawn `railguard hook`; the language server's daemon gets a private runtime folder.
  execFileSync('npm', ['run', '-s', 'build:cli'], { cwd: ROOT, stdio: 'inherit' });
  const runtimeDir = fs.mkdtempSync(path.join(os.tmpdir(), 'railguard-e2e-run-'));
  const vsix = process.env.RAILGUARD_E2E_VSIX;
  const installed = vsix ? installVsix(vsix, process.env.VSCODE_SERVER_DIR) : undefined;
  try {
    await runTests({
      ...(desktop ? {} : { vscodeExecutablePath: shim }),
      extensionDevelopmentPath: installed?.probe ?? ROOT,
      extensionTestsPath: suite,
      extensionTestsEnv: {
        RAILGUARD_E2E_CORPUS: path.resolve(ROOT, '../shared/corpus'),
        RAILGUARD_RUNTIME_DIR: runtimeDir,
        // The decision endpoint's audit log and outbox: never the user's ~/.railguard.
        RAILGUARD_HOME: path.join(runtimeDir, 'home'),
        RAILGUARD_E2E_CLI: path.join(ROOT, 'dist', 'railguard.js'),
        ...(installed ? { RAILGUARD_E2E_FROM_VSIX: '1' } : { RAILGUARD_E2E_SCREENSHOTS: screenshotsDir() }),
      },
      launchArgs: [
        workspace,
        `--user-data-dir=${path.join(OUT, 'user-data')}`,
        `--extensions-dir=${installed?.extensionsDir ?? path.join(OUT, 'extensions')}`,
      ],
    });
  } finally {
    fs.rmSync(workspace, { recursive: true, force: true });
    fs.rmSync(runtimeDir, { recursive: true, force: true });
  }
  console.log(`e2e${vsix ? ` (${vsix})` : ''}: passed in ${((Date.now() - started) / 1000).toFixed(1)} s`);
}

main().catch((err: unknown) => {
  console.error('e2e: failed:', err instanceof Error ? err.message : err);
  process.exit(1);
});
