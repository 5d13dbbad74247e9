/**
 * Latency the guard adds on the allow path, in milliseconds:
 * - shell hook round trip: bash `/dev/tcp` to the daemon (what the bash hook does per Enter; also
 *   with the terminal-prompt offer an interactive line carries, `bashDevTcpTtyOffer`),
 *   zsh `ztcp` when zsh is installed, and `curl --unix-socket` (one process per command; the
 *   health route) for comparison; measured inside the shell with $EPOCHREALTIME; each hook
 *   includes its token proof (one `sha256sum` run, see `proof.bench.ts`);
 * - agent hook: the daemon's hook route over its Unix socket (Claude Code's `http` hook type),
 *   the bash agent hook client `agent-hook.bash` as a process (what `hooks install` writes; the
 *   first 20 of 200 runs are warm-up), a `railguard hook claude-code` process with the daemon up,
 *   and with it down (in-process);
 * - the engine alone (judge in process, no I/O).
 * The daemon runs as its own process (`dist/railguard.js daemon`, built by `npm run bench`).
 */
import { spawn, spawnSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { performance } from 'node:perf_hooks';
import { findDaemon, isFailure, postJson } from '../../server/src/daemon/client';
import { createDecisionEngine } from '../../server/src/daemon/engine';
import { runtimePaths } from '../../server/src/daemon/paths';
import { shellInitScript } from '../../server/src/hooks/shell/scripts';
import { summary } from './stats';
import { CLI, shellDurations, waitFor } from './process';

const ROOT = path.resolve(__dirname, '../..');
const ALLOW = 'git status --short';

/** Runs `loop` in a shell that sourced the hook in lib mode; the loop prints one duration (µs) per line. */
function shellSamples(shell: 'bash' | 'zsh', rc: string, loop: string, env: NodeJS.ProcessEnv): number[] {
  const script = `RAILGUARD_HOOK_MODE=lib; source ${JSON.stringify(rc)}\n${loop}`;
  return shellDurations(shell, ['-c', script], env, 120_000);
}

const bashLoop = (n: number, body: string): string =>
  `for ((i=0;i<${n};i++)); do t0=\${EPOCHREALTIME/./}; ${body}; t1=\${EPOCHREALTIME/./}; echo $((t1-t0)); done`;

export async function run(): Promise<Record<string, unknown>> {
  if (!fs.existsSync(CLI)) throw new Error('dist/railguard.js is missing: run `npm run build` first');
  const tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'rg-bench-'));
  const env = {
    ...process.env,
    RAILGUARD_RUNTIME_DIR: path.join(tmp, 'run'),
    RAILGUARD_HOME: path.join(tmp, 'home'),
    RAILGUARD_ACTOR: 'agent:claude-code',
  };
  const paths = runtimePaths(env);
  const daemon = spawn(process.execPath, [CLI, 'daemon', '--cwd', tmp], { env, stdio: 'ignore' });
  const out: Record<string, unknown> = { command: ALLOW };
  try {
    await waitFor(() => findDaemon(paths) !== undefined && fs.existsSync(paths.port), 60_000);
    const target = findDaemon(paths)!;
    const rc = path.join(tmp, 'rc.bash');
    fs.writeFileSync(rc, shellInitScript('bash', paths.dir));

    // Warm up the daemon (JIT) before measuring.
    for (let i = 0; i < 50; i++)
      await postJson(target, '/v1/decide', { action: { kind: 'shell', text: ALLOW } }, 5000);

    out.bashDevTcp = summary(
      shellSamples(
        'bash',
        rc,
        bashLoop(300, `__railguard_judge ${JSON.stringify(ALLOW)} || echo blocked >&2`),
        env,
      ),
    );
    // The same from an interactive line: the hook offers a terminal prompt (approve=tty, issue 12).
    out.bashDevTcpTtyOffer = summary(
      shellSamples(
        'bash',
        rc,
        bashLoop(300, `__railguard_judge ${JSON.stringify(ALLOW)} tty || echo blocked >&2`),
        env,
      ),
    );
    // A curl process and a socket round trip (the health route: the shell route needs a proof,
    // which the fish hook adds with one sha256sum run, see `npm run bench -- proof`).
    const curl = `curl -s --unix-socket ${paths.socket} -H "Authorization: Bearer $(<${paths.token})" http://d/v1/health >/dev/null`;
    out.curlUnixSocket = summary(shellSamples('bash', rc, bashLoop(100, curl), env));
    if (spawnSync('zsh', ['--version']).status === 0) {
      const zrc = path.join(tmp, 'rc.zsh');
      fs.writeFileSync(zrc, shellInitScript('zsh', paths.dir).replace(/^zle -N .*$/m, ''));
      const zloop = `zmodload zsh/datetime zsh/mathfunc; for i in {1..300}; do t0=$EPOCHREALTIME; __railguard_judge ${JSON.stringify(ALLOW)}; t1=$EPOCHREALTIME; echo $(( int((t1-t0)*1000000) )); done`;
      out.zshZtcp = summary(shellSamples('zsh', zrc, zloop, env));
    }

    const hookBody = {
      hook_event_name: 'PreToolUse',
      tool_name: 'Bash',
      tool_input: { command: ALLOW },
      session_id: 'bench',
    };
    const http: number[] = [];
    for (let i = 0; i < 300; i++) {
      const t0 = performance.now();
      const a = await postJson(target, '/v1/hooks/claude-code', hookBody, 5000);
      http.push(performance.now() - t0);
      if (isFailure(a)) throw new Error(a.message);
    }
    out.agentHookHttpRoute = summary(http);

    // What a command hook installed by `hooks install` costs per call: bash starts, sources the
    // hook library, asks the daemon over /dev/tcp and prints the answer (fallback never runs).
    const client = path.join(ROOT, 'server/src/hooks/shell/agent-hook.bash');
    const clientRuns: number[] = [];
    for (let i = 0; i < 200; i++) {
      const t0 = performance.now();
      const r = spawnSync('bash', [client, 'false', 'claude-code'], {
        env,
        input: JSON.stringify(hookBody),
        encoding: 'utf8',
      });
      clientRuns.push(performance.now() - t0);
      if (r.status !== 0) throw new Error(`agent-hook.bash fell back or failed: ${r.stderr}`);
    }
    out.agentHookBashClient = summary(clientRuns.slice(20));
    const bashStart: number[] = [];
    for (let i = 0; i < 100; i++) {
      const t0 = performance.now();
      spawnSync('bash', ['-c', ':']);
      bashStart.push(performance.now() - t0);
    }
    out.bashStartOnly = summary(bashStart);

    const proc = (n: number): number[] => {
      const s: number[] = [];
      for (let i = 0; i < n; i++) {
        const t0 = performance.now();
        spawnSync(process.execPath, [CLI, 'hook', 'claude-code'], {
          env,
          input: JSON.stringify(hookBody),
          encoding: 'utf8',
        });
        s.push(performance.now() - t0);
      }
      return s;
    };
    out.agentHookProcessDaemonUp = summary(proc(20));
    const nodeStart: number[] = [];
    for (let i = 0; i < 20; i++) {
      const t0 = performance.now();
      spawnSync(process.execPath, ['-e', '0']);
      nodeStart.push(performance.now() - t0);
    }
    out.nodeStartOnly = summary(nodeStart);
    daemon.kill('SIGTERM');
    await waitFor(() => !fs.existsSync(paths.endpoint), 10_000);
    out.agentHookProcessDaemonDown = summary(proc(5));

    const engine = await createDecisionEngine({ cwd: tmp, watch: false });
    const inproc: number[] = [];
    for (let i = 0; i < 300; i++) {
      const t0 = performance.now();
      engine.decide({
        action: { kind: 'shell', text: ALLOW },
        env: {},
        hints: {},
        source: 'agent-hook',
        actor: { type: 'agent', name: 'claude-code' },
      });
      inproc.push(performance.now() - t0);
    }
    await engine.close();
    out.engineInProcess = summary(inproc);
    out.loadAverage = os.loadavg().map((x) => Number(x.toFixed(2)));
  } finally {
    if (daemon.exitCode === null) daemon.kill('SIGTERM');
    fs.rmSync(tmp, { recursive: true, force: true });
  }
  return out;
}
