/**
 * Audited decisions per second through the daemon's HTTP path (issue 10 "No decision without a
 * record"): a real daemon process (`dist/railguard.js daemon`, built by `npm run bench`) judges
 * ordinary shell commands (the shared corpus) posted to `/v1/decide` over its Unix socket by
 * many concurrent keep-alive clients; every answer waits for its record's group commit. Reported
 * per concurrency: answered decisions/s (wall clock), the daemon's CPU time per decision (from
 * /proc, so the figure means something on a shared machine), and a check that every answered
 * decision is in the log, which verifies. Run alone: `npm run build && node --import tsx
 * test/bench/audit-http.bench.ts`.
 */
import { spawn } from 'node:child_process';
import * as fs from 'node:fs';
import * as http from 'node:http';
import * as os from 'node:os';
import * as path from 'node:path';
import { readLog } from '../../server/src/audit/files';
import { verifyAudit } from '../../server/src/audit/verify';
import { readToken, runtimePaths, stateDirs } from '../../server/src/daemon/paths';
import { waitFor } from './process';

const ROOT = path.resolve(__dirname, '../..');
/** The CLI bundle (`RAILGUARD_BENCH_CLI` names another build, e.g. of the main branch, to compare). */
const CLI = process.env.RAILGUARD_BENCH_CLI ?? path.join(ROOT, 'dist', 'railguard.js');
const CORPUS = path.join(ROOT, '../shared/corpus/shell/all.cm');

/** CPU seconds (user + system) a process used so far, from /proc/PID/stat (Linux). */
function cpuSeconds(pid: number): number {
  const stat = fs.readFileSync(`/proc/${pid}/stat`, 'utf8');
  const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
  return (Number(fields[11]) + Number(fields[12])) / 100; // utime, stime in clock ticks (USER_HZ 100)
}

/** One POST /v1/decide; resolves to the answer's decisionId (undefined on a non-200). */
function decide(
  agent: http.Agent,
  socketPath: string,
  token: string,
  text: string,
  cwd: string,
): Promise<string | undefined> {
  const body = JSON.stringify({ action: { kind: 'shell', text, cwd }, source: 'agent-hook' });
  return new Promise((resolve, reject) => {
    const req = http.request(
      {
        agent,
        socketPath,
        method: 'POST',
        path: '/v1/decide',
        headers: {
          authorization: `Bearer ${token}`,
          'content-type': 'application/json',
          'content-length': Buffer.byteLength(body),
        },
      },
      (res) => {
        let t = '';
        res.setEncoding('utf8');
        res.on('data', (c: string) => (t += c));
        res.on('end', () =>
          resolve(
            res.statusCode === 200
              ? String((JSON.parse(t) as { decisionId?: string }).decisionId)
              : undefined,
          ),
        );
      },
    );
    req.on('error', reject);
    req.end(body);
  });
}

/** `clients` concurrent clients for `ms`; the decisionIds answered, failures, daemon CPU. */
async function burst(
  pid: number,
  socketPath: string,
  token: string,
  texts: readonly string[],
  clients: number,
  ms: number,
  cwd: string,
): Promise<{ answered: string[]; failed: number; secs: number; cpu: number }> {
  const agent = new http.Agent({ keepAlive: true, maxSockets: clients });
  const answered: string[] = [];
  let failed = 0;
  let next = 0;
  const cpu0 = cpuSeconds(pid);
  const t0 = performance.now();
  const client = async (): Promise<void> => {
    while (performance.now() - t0 < ms) {
      const n = next++;
      const id = await decide(agent, socketPath, token, texts[n % texts.length] ?? '', cwd);
      if (id === undefined) failed++;
      else answered.push(id);
    }
  };
  await Promise.all(Array.from({ length: clients }, client));
  const secs = (performance.now() - t0) / 1000;
  const cpu = cpuSeconds(pid) - cpu0;
  agent.destroy();
  return { answered, failed, secs, cpu };
}

/** The benchmark; resolves to the figures. */
export async function run(): Promise<Record<string, unknown>> {
  if (!fs.existsSync(CLI)) throw new Error('dist/railguard.js is missing: run `npm run build` first');
  const texts = fs.readFileSync(CORPUS, 'utf8').split('\n').filter(Boolean);
  const out: Record<string, unknown> = { texts: `${texts.length} shell commands of the shared corpus` };
  for (const clients of [16, 64, 200]) {
    const tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'rg-bench-http-'));
    const env = { RAILGUARD_RUNTIME_DIR: path.join(tmp, 'run'), RAILGUARD_HOME: path.join(tmp, 'home') };
    const paths = runtimePaths(env);
    const daemon = spawn(process.execPath, [CLI, 'daemon', '--cwd', tmp], {
      env: { ...process.env, ...env },
      stdio: 'ignore',
    });
    try {
      await waitFor(() => fs.existsSync(paths.socket) && fs.existsSync(paths.endpoint), 60_000);
      const token = readToken(paths) ?? '';
      process.stderr.write(`audit-http bench: ${clients} clients\n`);
      await burst(daemon.pid ?? 0, paths.socket, token, texts, clients, 2000, tmp); // warm-up
      const r = await burst(daemon.pid ?? 0, paths.socket, token, texts, clients, 8000, tmp);
      daemon.kill('SIGTERM');
      await new Promise((resolve) => daemon.once('exit', resolve));
      const logged = new Set<string>();
      for await (const e of readLog(stateDirs(env).audit))
        if (e.record?.type === 'event' && e.record.decisionId) logged.add(e.record.decisionId);
      const missing = r.answered.filter((t) => !logged.has(t)).length;
      const v = await verifyAudit(stateDirs(env).audit);
      out[`clients${clients}`] = {
        answered: r.answered.length,
        failed: r.failed,
        decisionsPerSecond: Math.round(r.answered.length / r.secs),
        daemonCpuMicrosPerDecision: Math.round((r.cpu * 1e6) / Math.max(1, r.answered.length)),
        decisionsPerDaemonCpuSecond: Math.round(r.answered.length / Math.max(0.01, r.cpu)),
        answeredNotInLog: missing,
        verifyOk: v.ok,
      };
    } finally {
      if (daemon.exitCode === null) daemon.kill('SIGKILL');
      fs.rmSync(tmp, { recursive: true, force: true });
    }
  }
  out.loadAverage = os.loadavg().map((x) => Number(x.toFixed(2)));
  return out;
}

if (require.main === module) {
  run().then(
    (r) => process.stdout.write(`${JSON.stringify(r, null, 2)}\n`),
    (err: unknown) => {
      process.stderr.write(`${err instanceof Error ? err.stack : String(err)}\n`);
      process.exitCode = 1;
    },
  );
}
