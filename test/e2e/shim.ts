/**
 * A stand-in for the desktop VS Code executable, passed to `@vscode/test-electron`'s
 * `runTests({ vscodeExecutablePath })` on machines where desktop VS Code cannot be downloaded.
 *
 * It accepts the desktop CLI arguments `runTests()` passes (`--extensionDevelopmentPath=`,
 * `--extensionTestsPath=`, `--user-data-dir=`, `--extensions-dir=`, a folder), starts the real
 * VS Code server shipped in code-server's `lib/vscode` (a Node extension host with the desktop
 * API), opens the web workbench in headless Debian chromium through `playwright-core`, and exits
 * with the code the extension tests report through the workbench's `codeAutomationExit` hook.
 * Recipe: `../shared/vscode-e2e/README.md`.
 *
 * The development extension and the tests reach the workbench through its web configuration
 * (`developmentOptions.extensions` / `.extensionTestsPath`, patched into the page before its
 * scripts read it), not through the `payload` URL parameter with `--enable-smoke-test-driver`:
 * VS Code 1.139 reads that payload only with the smoke-test driver on, and with the driver on it
 * shows no notification toasts, which the approval tests click. Both ways work in 1.100. (The web
 * extension scanner then logs "Cannot add 'Railguard' because this extension is not a web
 * extension": harmless, it runs in the remote Node extension host.)
 *
 * While the tests run it serves `POST /screenshot?path=<abs .png>&waitFor=<selector>` on a local port (given to the
 * extension host as `RAILGUARD_E2E_SCREENSHOT_URL`), so tests can capture the workbench UI, and
 * `POST /click?text=<button text>` on the same port, so tests can press a notification's button.
 *
 * Environment: `VSCODE_SERVER_DIR` (required: …/code-server/lib/vscode), `VSCODE_SERVER_NODE`
 * (default `node`), `CHROMIUM_BIN` (default `/usr/bin/chromium`), `VSCODE_TEST_TIMEOUT_MS`
 * (default 300000). Built to `.vscode-test/bin/vscode-shim.js` by `test/e2e/run.ts`.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import * as fs from 'node:fs';
import * as http from 'node:http';
import * as net from 'node:net';
import * as path from 'node:path';
import { format } from 'node:util';
import { chromium, type Page } from 'playwright-core';

/** Parsed desktop-CLI arguments: `--key=value` options (repeatable) and positional paths. */
interface CliArgs {
  options: Map<string, string[]>;
  positional: string[];
}

function parseArgs(argv: string[]): CliArgs {
  const options = new Map<string, string[]>();
  const positional: string[] = [];
  for (const a of argv) {
    const m = /^--([^=]+)=(.*)$/.exec(a);
    if (m?.[1] !== undefined && m[2] !== undefined) options.set(m[1], [...(options.get(m[1]) ?? []), m[2]]);
    else if (!a.startsWith('-')) positional.push(a);
  }
  return { options, positional };
}

function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const s = net.createServer();
    s.once('error', reject);
    s.listen(0, '127.0.0.1', () => {
      const addr = s.address();
      const port = typeof addr === 'object' && addr ? addr.port : 0;
      s.close(() => resolve(port));
    });
  });
}

async function waitForServer(host: string, timeoutMs: number): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    try {
      await fetch(`http://${host}/version`);
      return;
    } catch (err) {
      if (Date.now() > deadline) throw new Error(`VS Code server did not start on ${host}: ${String(err)}`);
    }
    await new Promise((r) => setTimeout(r, 100));
  }
}

/**
 * `POST /click?text=<button text>[&timeoutMs=N]`: waits (default 15 s) for a visible workbench
 * button (notification, modal dialog) whose accessible name is exactly `text`, clicks it, 200 `ok`.
 */
function clickButton(page: Page, url: URL, res: http.ServerResponse): void {
  const text = url.searchParams.get('text');
  if (!text) {
    res.writeHead(400).end('expected POST /click?text=<button text>');
    return;
  }
  const timeout = Number(url.searchParams.get('timeoutMs') ?? 15_000);
  const button = page.getByRole('button', { name: text, exact: true }).first();
  button
    .waitFor({ state: 'visible', timeout })
    .then(() => button.click({ timeout }))
    .then(() => res.writeHead(200).end('ok'))
    .catch((err: unknown) => res.writeHead(500).end(String(err)));
}

/**
 * Serves `POST /screenshot?path=<abs .png>[&waitFor=<css selector>]`: waits (up to 15 s) for the
 * selector to be visible, then captures the page. Resolves to the listening server.
 */
function startScreenshotService(page: Page, port: number): Promise<http.Server> {
  const server = http.createServer((req, res) => {
    const url = new URL(req.url ?? '/', 'http://127.0.0.1');
    if (req.method === 'POST' && url.pathname === '/click') return clickButton(page, url, res);
    const target = url.searchParams.get('path');
    if (req.method !== 'POST' || url.pathname !== '/screenshot' || !target || !path.isAbsolute(target)) {
      res.writeHead(400).end('expected POST /screenshot?path=<absolute .png path>');
      return;
    }
    fs.mkdirSync(path.dirname(target), { recursive: true });
    // Every `waitFor` (repeatable) must be visible; CSS transitions are finished before capture.
    const selectors = url.searchParams.getAll('waitFor');
    Promise.all(selectors.map((sel) => page.waitForSelector(sel, { state: 'visible', timeout: 15_000 })))
      .then(() => page.screenshot({ path: target, animations: 'disabled' }))
      .then(() => res.writeHead(200).end('ok'))
      .catch((err: unknown) => res.writeHead(500).end(String(err)));
  });
  return new Promise((resolve) => server.listen(port, '127.0.0.1', () => resolve(server)));
}

/** VS Code's `UriComponents` (`vs/base/common/uri.ts`), as `URI.revive` reads them. */
interface Uri {
  scheme: string;
  authority: string;
  path: string;
}

/** The parts of the web workbench's `IDevelopmentOptions` (`vs/workbench/browser/web.api.ts`) set here. */
interface DevelopmentOptions {
  extensions?: Uri[];
  extensionTestsPath?: Uri;
}

/** Set on the page's `window` once {@link developmentOptionsScript} has patched the configuration. */
const PATCHED_FLAG = '__railguardDevelopmentOptions';

/**
 * A script for `page.addInitScript` (it runs before the page's own scripts) that merges
 * `development` into the `developmentOptions` of the workbench's web configuration, the JSON in
 * `<meta id="vscode-workbench-web-configuration" data-settings>` (`lib/vscode/out/vs/code/browser/
 * workbench/workbench.html`), as soon as the parser inserts that element and before the
 * workbench's scripts read it, then sets `window[PATCHED_FLAG]`. Top-level page only.
 */
function developmentOptionsScript(development: DevelopmentOptions): string {
  return `(() => {
  if (window !== window.top) return;
  const development = ${JSON.stringify(development)};
  new MutationObserver((_records, observer) => {
    const meta = document.getElementById('vscode-workbench-web-configuration');
    if (!meta) return;
    observer.disconnect();
    const config = JSON.parse(meta.getAttribute('data-settings'));
    config.developmentOptions = { ...config.developmentOptions, ...development };
    meta.setAttribute('data-settings', JSON.stringify(config));
    window[${JSON.stringify(PATCHED_FLAG)}] = true;
  }).observe(document, { childList: true, subtree: true });
})();`;
}

function writeDefaultSettings(userDataDir: string): void {
  const file = path.join(userDataDir, 'User', 'settings.json');
  fs.mkdirSync(path.dirname(file), { recursive: true });
  if (fs.existsSync(file)) return;
  const settings = {
    'workbench.startupEditor': 'none',
    'telemetry.telemetryLevel': 'off',
    'update.mode': 'none',
    'extensions.autoCheckUpdates': false,
    'extensions.autoUpdate': false,
    'workbench.enableExperiments': false,
    'chat.disableAIFeatures': true,
    'workbench.tips.enabled': false,
    // VS Code 1.139 opens an (empty, AI features off) chat side bar on the right otherwise.
    'workbench.secondarySideBar.defaultVisibility': 'hidden',
  };
  fs.writeFileSync(file, JSON.stringify(settings, null, 2));
}

async function main(): Promise<number> {
  const serverDir = process.env.VSCODE_SERVER_DIR;
  if (!serverDir) throw new Error('VSCODE_SERVER_DIR is not set (run test/e2e/setup.sh)');
  const { options, positional } = parseArgs(process.argv.slice(2));
  const one = (k: string): string | undefined => options.get(k)?.[0];
  const userDataDir = path.resolve(one('user-data-dir') ?? '.vscode-test/user-data');
  const extensionsDir = path.resolve(one('extensions-dir') ?? '.vscode-test/extensions');
  fs.mkdirSync(extensionsDir, { recursive: true });
  writeDefaultSettings(userDataDir);

  const port = await freePort();
  const shotPort = await freePort();
  const host = `127.0.0.1:${port}`;
  const serverArgs = [
    path.join(serverDir, 'out', 'server-main.js'),
    ...['--host', '127.0.0.1', '--port', String(port), '--without-connection-token'],
    ...['--accept-server-license-terms', '--disable-telemetry'],
    '--disable-workspace-trust',
    ...['--server-data-dir', userDataDir, '--user-data-dir', userDataDir, '--extensions-dir', extensionsDir],
  ];
  const env = { ...process.env, RAILGUARD_E2E_SCREENSHOT_URL: `http://127.0.0.1:${shotPort}/screenshot` };
  const server: ChildProcess = spawn(process.env.VSCODE_SERVER_NODE ?? 'node', serverArgs, {
    env,
    detached: true,
    stdio: ['ignore', 'ignore', 'pipe'],
  });
  const stopServer = (): void => {
    try {
      if (server.pid) process.kill(-server.pid, 'SIGTERM');
    } catch {
      // already gone
    }
  };
  process.on('exit', stopServer);
  server.stderr?.on('data', (d: Buffer) => process.stderr.write(`[vscode-server] ${d.toString()}`));
  await waitForServer(host, 60_000);

  const browser = await chromium.launch({
    executablePath: process.env.CHROMIUM_BIN ?? '/usr/bin/chromium',
    headless: true,
    args: [
      ...['--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run'],
      ...['--disable-background-networking', '--disable-component-update', '--disable-sync'],
      '--disable-dev-shm-usage',
    ],
  });
  try {
    const page = await (await browser.newContext({ viewport: { width: 1400, height: 900 } })).newPage();
    const shots = await startScreenshotService(page, shotPort);
    const exitCode = new Promise<unknown>((resolve) => {
      void page.exposeFunction('codeAutomationLog', (type: string, args: unknown[] = []) =>
        (type === 'error' ? process.stderr : process.stdout).write(format(...args) + '\n'),
      );
      void page.exposeFunction('codeAutomationExit', (code: unknown) => resolve(code));
    });
    const remote = (p: string): Uri => ({ scheme: 'vscode-remote', authority: host, path: path.resolve(p) });
    const development: DevelopmentOptions = {
      extensions: (options.get('extensionDevelopmentPath') ?? []).map(remote),
    };
    const testsPath = one('extensionTestsPath');
    if (testsPath) development.extensionTestsPath = remote(testsPath);
    await page.addInitScript({ content: developmentOptionsScript(development) });
    const payload = [
      ['skipWelcome', 'true'],
      ['skipReleaseNotes', 'true'],
    ];
    const target = positional[0] ? path.resolve(positional[0]) : undefined;
    const open = !target
      ? 'ew=true'
      : `${target.endsWith('.code-workspace') ? 'workspace' : 'folder'}=${encodeURIComponent(target)}`;
    await page.goto(`http://${host}/?${open}&payload=${encodeURIComponent(JSON.stringify(payload))}`);
    if ((await page.evaluate(`window.${PATCHED_FLAG} === true`)) !== true) {
      throw new Error('the workbench page has no vscode-workbench-web-configuration to add the tests to');
    }
    const timeoutMs = Number(process.env.VSCODE_TEST_TIMEOUT_MS ?? 300_000);
    let timer: NodeJS.Timeout | undefined;
    const code = await Promise.race([
      exitCode,
      new Promise((r) => (timer = setTimeout(() => r('timeout'), timeoutMs))),
    ]);
    clearTimeout(timer);
    shots.close();
    if (code === 'timeout') console.error(`Timed out after ${timeoutMs} ms waiting for the extension tests`);
    return code === 0 ? 0 : typeof code === 'number' ? code : 1;
  } finally {
    await browser.close();
    stopServer();
  }
}

main().then(
  (code) => process.exit(code),
  (err: unknown) => {
    console.error(err);
    process.exit(1);
  },
);
