/**
 * What each hook command `hooks install` writes costs per call, in milliseconds, daemon up,
 * Claude Code PreToolUse for `git status --short` (allowed), each run as agents run it (`sh -c
 * COMMAND`, hook JSON on stdin):
 * - `machineBashClient`: the machine command (`bash agent-hook.bash NODE CLI hook claude-code`),
 *   written to `.claude/settings.local.json` and the user files;
 * - `portableOnPath`: the portable command (`portableHookCommand`, issue 12) with a `railguard` on
 *   PATH running `dist/railguard.js` (what an `npm install -g` puts there): a Node start per call;
 * - `portableNotOnPath`: the portable command with no `railguard` on PATH (its fail-closed deny);
 * - `nodeCliDirect`: `NODE CLI hook claude-code` without the `sh` wrapper, to isolate the wrapper.
 * The first 3 runs of each are warm-up. The daemon runs as its own process (`dist/railguard.js`).
 */
import { spawn, spawnSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { performance } from 'node:perf_hooks';
import { findDaemon } from '../../server/src/daemon/client';
import { runtimePaths } from '../../server/src/daemon/paths';
import { AGENT_HOOK_CLIENT, hookCommand, shellQuote } from '../../server/src/hooks/install';
import { findOnPath, portableHookCommand } from '../../server/src/hooks/layout';
import { summary } from './stats';
import { CLI, waitFor } from './process';

const ROOT = path.resolve(__dirname, '../..');
const RUNS = 23;

export async function run(): Promise<Record<string, unknown>> {
  if (!fs.existsSync(CLI)) throw new Error('dist/railguard.js is missing: run `npm run build` first');
  const tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'rg-bench-portable-'));
  const bin = path.join(tmp, 'bin');
  fs.mkdirSync(bin);
  fs.writeFileSync(
    path.join(bin, 'railguard'),
    `#!/bin/sh\nexec ${shellQuote(process.execPath)} ${shellQuote(CLI)} "$@"\n`,
    { mode: 0o755 },
  );
  const basePath = [
    ...new Set(['sh', 'bash', 'cat'].map((t) => path.dirname(findOnPath(t, process.env.PATH) ?? '/bin/x'))),
  ].join(':');
  const env = {
    ...process.env,
    RAILGUARD_RUNTIME_DIR: path.join(tmp, 'run'),
    RAILGUARD_HOME: path.join(tmp, 'home'),
  };
  const paths = runtimePaths(env);
  const daemon = spawn(process.execPath, [CLI, 'daemon', '--cwd', tmp], { env, stdio: 'ignore' });
  const input = JSON.stringify({
    hook_event_name: 'PreToolUse',
    tool_name: 'Bash',
    tool_input: { command: 'git status --short' },
    session_id: 'bench',
    cwd: tmp,
  });
  const time = (command: string, pathVar: string, expect: RegExp): number[] => {
    const s: number[] = [];
    for (let i = 0; i < RUNS; i++) {
      const t0 = performance.now();
      const r = spawnSync('sh', ['-c', command], { env: { ...env, PATH: pathVar }, input, encoding: 'utf8' });
      s.push(performance.now() - t0);
      if (r.status !== 0 || !expect.test(r.stdout)) throw new Error(`${command}: ${r.stdout} ${r.stderr}`);
    }
    return s.slice(3);
  };
  const out: Record<string, unknown> = { command: 'git status --short', runs: RUNS - 3 };
  try {
    await waitFor(() => findDaemon(paths) !== undefined && fs.existsSync(paths.port), 60_000);
    const client = path.join(ROOT, 'server', 'src', 'hooks', 'shell', AGENT_HOOK_CLIENT);
    const machine = `${hookCommand({ client, cli: [process.execPath, CLI] })} claude-code`;
    const direct = `${hookCommand({ cli: [process.execPath, CLI] })} claude-code`;
    const portable = portableHookCommand('claude-code');
    out.machineBashClient = summary(time(machine, basePath, /^\{\}$/m));
    out.portableOnPath = summary(time(portable, `${bin}:${basePath}`, /^\{\}$/m));
    out.nodeCliDirect = summary(time(direct, basePath, /^\{\}$/m));
    out.portableNotOnPath = summary(time(portable, basePath, /"deny"/));
    out.loadAverage = os.loadavg().map((x) => Number(x.toFixed(2)));
  } finally {
    daemon.kill('SIGTERM');
    fs.rmSync(tmp, { recursive: true, force: true });
  }
  return out;
}
