/**
 * What the token proof costs the shell hooks per command, in milliseconds (issue 10, "clients only
 * trust the real daemon"): each shell starts one `sha256sum` per command to compute the request
 * proof and the expected proofs of `allow` and `warn` (`server/src/daemon/proof.ts`).
 * - `bashJudge`, `zshJudge`, `fishJudge`: a whole judgement of an allowed command by the hook
 *   (nonce, proofs, round trip to the daemon, answer checked), measured inside the shell (bash and
 *   zsh with $EPOCHREALTIME; fish, which has no clock of its own, per process from Node, minus
 *   `fish -c :` alone, see `fishStartOnly`);
 * - `bashSha256`: the proof step alone (`__railguard_sha256` with the three texts), as the hook
 *   runs it now: the process substitution execs `sha256sum` in place;
 * - `bashSha256Subshell`: the same step as the hook ran it before (`eval` inside the process
 *   substitution: a subshell, then a fork for `sha256sum`), for comparison.
 * The daemon runs as its own process (`dist/railguard.js daemon`, built by `npm run bench`).
 */
import { spawn, spawnSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { performance } from 'node:perf_hooks';
import { findDaemon } from '../../server/src/daemon/client';
import { runtimePaths } from '../../server/src/daemon/paths';
import { shellInitScript } from '../../server/src/hooks/shell/scripts';
import { summary } from './stats';
import { CLI, shellDurations, waitFor } from './process';

const ALLOW = 'git status --short';
const N = 300;

/** Runs `script` in `shell`; it prints one duration (µs) per line. */
const samples = (shell: string, args: string[], script: string, env: NodeJS.ProcessEnv): number[] =>
  shellDurations(shell, [...args, script], env, 300_000);

const has = (cmd: string): boolean => spawnSync(cmd, ['--version']).status === 0;

export async function run(): Promise<Record<string, unknown>> {
  if (!fs.existsSync(CLI)) throw new Error('dist/railguard.js is missing: run `npm run build` first');
  const tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'rg-bench-proof-'));
  const env = {
    ...process.env,
    RAILGUARD_RUNTIME_DIR: path.join(tmp, 'run'),
    RAILGUARD_HOME: path.join(tmp, 'home'),
    RAILGUARD_ACTOR: 'agent:claude-code',
  };
  const paths = runtimePaths(env);
  const daemon = spawn(process.execPath, [CLI, 'daemon', '--cwd', tmp], { env, stdio: 'ignore' });
  const out: Record<string, unknown> = { command: ALLOW, runs: N };
  try {
    await waitFor(() => findDaemon(paths) !== undefined && fs.existsSync(paths.port), 60_000);
    const rc = path.join(tmp, 'rc.bash');
    fs.writeFileSync(rc, shellInitScript('bash', paths.dir));
    const loop = (body: string): string =>
      `RAILGUARD_HOOK_MODE=lib; source ${JSON.stringify(rc)}\n` +
      `a="$(<${JSON.stringify(paths.token)}):c:0123456789abcdef0123456789abcdef:cwd=$PWD"$'\\n\\n'${JSON.stringify(ALLOW)}\n` +
      `for ((i=0;i<${N};i++)); do t0=\${EPOCHREALTIME/./}; ${body}; t1=\${EPOCHREALTIME/./}; echo $((t1-t0)); done`;
    // Warm-up: the daemon's JIT and the page cache.
    samples('bash', ['-c'], loop(`__railguard_judge ${JSON.stringify(ALLOW)}`).replace(`<${N}`, '<30'), env);

    out.bashJudge = summary(samples('bash', ['-c'], loop(`__railguard_judge ${JSON.stringify(ALLOW)}`), env));
    out.bashSha256 = summary(samples('bash', ['-c'], loop('__railguard_sha256 "$a" x:allow x:warn'), env));
    const subshell =
      `cmd='"$__rg_sha" /dev/fd/3 /dev/fd/4 /dev/fd/5 3<<<"$a" 4<<<x:allow 5<<<x:warn'; __rg_sums=(); ` +
      `while IFS= read -r line; do __rg_sums+=("\${line:0:64}"); done < <(eval "$cmd" 2>/dev/null)`;
    out.bashSha256Subshell = summary(samples('bash', ['-c'], loop(subshell), env));

    if (has('zsh')) {
      const zrc = path.join(tmp, 'rc.zsh');
      fs.writeFileSync(zrc, shellInitScript('zsh', paths.dir).replace(/^zle -N .*$/gm, ''));
      const zloop = `source ${JSON.stringify(zrc)}; zmodload zsh/datetime zsh/mathfunc; for i in {1..${N}}; do t0=$EPOCHREALTIME; __railguard_judge ${JSON.stringify(ALLOW)}; t1=$EPOCHREALTIME; echo $(( int((t1-t0)*1000000) )); done`;
      out.zshJudge = summary(samples('zsh', ['-f', '-c'], zloop, env));
    }
    if (has('fish')) {
      const frc = path.join(tmp, 'rc.fish');
      fs.writeFileSync(frc, shellInitScript('fish', paths.dir).replace(/^for __rg_mode[\s\S]*$/m, ''));
      const time = (script: string, n: number): number[] => {
        const s: number[] = [];
        for (let i = 0; i < n; i++) {
          const t0 = performance.now();
          const r = spawnSync('fish', ['--no-config', '-c', script], { env, encoding: 'utf8' });
          s.push(performance.now() - t0);
          if (r.status !== 0) throw new Error(`fish failed: ${r.stderr}`);
        }
        return s;
      };
      const start = summary(time(':', 50));
      out.fishStartOnly = start;
      out.fishJudgePlusStart = summary(
        time(`source ${JSON.stringify(frc)}; __railguard_judge ${JSON.stringify(ALLOW)}`, 100),
      );
    }
    out.loadAverage = os.loadavg().map((x) => Number(x.toFixed(2)));
  } finally {
    if (daemon.exitCode === null) daemon.kill('SIGTERM');
    fs.rmSync(tmp, { recursive: true, force: true });
  }
  return out;
}
