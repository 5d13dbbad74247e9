/**
 * The PostgreSQL gateway against the same local PostgreSQL (127.0.0.1:5432, trust auth) directly
 * and through PgBouncer in session mode, in one run: pgbench's select-only workload (`-S`), simple
 * and prepared protocol (`-M simple|prepared`), 1 and 8 clients, `SECONDS` each, on a database it
 * initialises (`pgbench -i -s 5`) and drops after. Prints TPS, latency average and per-transaction
 * p50/p99 (pgbench `-l` logs, microseconds) for each target and the ratios gateway/direct and
 * gateway/pgbouncer, and the same for the floor of a Node.js relay (`node-relay.ts`: the
 * gateway's socket I/O without framing or judging; `gatewayOverNodeRelay`,
 * `nodeRelayOverPgbouncer`). The gateway runs as its own process (`dist/railguard.js gateway
 * --no-daemon`, built by `npm run bench`); PgBouncer comes from `test/setup/pgbouncer.sh`
 * (skipped when absent). `RG_BENCH_RUNS` (default 1) repeats every measurement, targets
 * interleaved, and reports the median of each figure (this machine is shared: single runs vary by
 * a factor of two). The CPU time per transaction of the gateway, the relay and PgBouncer
 * (`…CpuUsPerTxn`, from /proc/PID/stat, all threads) is reported too: steadier than throughput
 * when other processes compete for the cores.
 *
 * Source: pgbench docs ("-S", "-M", "-l" per-transaction logging), PgBouncer docs (pool_mode).
 */
import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import * as fs from 'node:fs';
import * as net from 'node:net';
import * as os from 'node:os';
import * as path from 'node:path';
import { percentile } from './stats';

const ROOT = path.resolve(__dirname, '../..');
const CLI = path.join(ROOT, 'dist', 'railguard.js');
const PG = { host: '127.0.0.1', port: 5432, user: 'postgres' };
const SECONDS = Number(process.env.RG_BENCH_SECONDS ?? 10);
const RUNS = Math.max(1, Number(process.env.RG_BENCH_RUNS ?? 1));

/**
 * CPU time (user + system) a process and all its threads have used, in nanoseconds: `utime` and
 * `stime` of /proc/PID/stat (proc(5), fields 14 and 15, in clock ticks of 10 ms on Linux);
 * 0 when unreadable.
 */
function cpuNs(pid: number | undefined): number {
  try {
    const stat = fs.readFileSync(`/proc/${pid}/stat`, 'utf8');
    // Fields after the command name, which is in parentheses and may hold spaces.
    const f = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
    return (Number(f[11]) + Number(f[12])) * 1e7;
  } catch {
    return 0;
  }
}

/** The median of `xs` (the mean of the middle two for an even count). */
function median(xs: number[]): number {
  const s = [...xs].sort((a, b) => a - b);
  const m = s.length >> 1;
  return s.length % 2 ? (s[m] as number) : ((s[m - 1] as number) + (s[m] as number)) / 2;
}

/** A free loopback port. */
function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const s = net.createServer();
    s.once('error', reject);
    s.listen(0, '127.0.0.1', () => {
      const port = (s.address() as net.AddressInfo).port;
      s.close(() => resolve(port));
    });
  });
}

/** Resolves once `port` accepts connections (or rejects after `ms`). */
async function waitPort(port: number, ms: number): Promise<void> {
  const end = Date.now() + ms;
  for (;;) {
    const ok = await new Promise<boolean>((resolve) => {
      const c = net.connect(port, '127.0.0.1', () => {
        c.destroy();
        resolve(true);
      });
      c.on('error', () => resolve(false));
    });
    if (ok) return;
    if (Date.now() > end) throw new Error(`nothing listens on ${port}`);
    await new Promise((r) => setTimeout(r, 100));
  }
}

/** Runs a command to completion without blocking the event loop. */
function exec(cmd: string, args: string[], opts: { cwd?: string; env?: NodeJS.ProcessEnv } = {}) {
  return new Promise<{ status: number | null; stdout: string; stderr: string }>((resolve) => {
    const p = spawn(cmd, args, { ...opts, stdio: ['ignore', 'pipe', 'pipe'] });
    let stdout = '';
    let stderr = '';
    p.stdout.on('data', (d: Buffer) => (stdout += d.toString()));
    p.stderr.on('data', (d: Buffer) => (stderr += d.toString()));
    p.on('close', (status) => resolve({ status, stdout, stderr }));
  });
}

interface Result {
  tps: number;
  latencyAvgMs: number;
  p50Us: number;
  p99Us: number;
  transactions: number;
}

/** One pgbench run against `port`: select-only, `mode`, `clients` clients, per-transaction log. */
async function pgbench(
  port: number,
  db: string,
  mode: string,
  clients: number,
  seconds = SECONDS,
): Promise<Result> {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'rg-pgbench-'));
  try {
    const args = ['-h', '127.0.0.1', '-p', String(port), '-U', PG.user, '-S', '-M', mode];
    args.push(
      '-c',
      String(clients),
      '-j',
      String(Math.min(clients, 2)),
      '-T',
      String(seconds),
      '-n',
      '-l',
      db,
    );
    const r = await exec('pgbench', args, { cwd: dir });
    if (r.status !== 0) throw new Error(`pgbench failed: ${r.stderr.trim().split('\n').pop()}`);
    const tps = Number(/tps = ([\d.]+) \(without initial/.exec(r.stdout)?.[1] ?? NaN);
    const avg = Number(/latency average = ([\d.]+) ms/.exec(r.stdout)?.[1] ?? NaN);
    const lat: number[] = [];
    for (const f of fs.readdirSync(dir).filter((n) => n.startsWith('pgbench_log'))) {
      for (const line of fs.readFileSync(path.join(dir, f), 'utf8').split('\n')) {
        const us = Number(line.split(' ')[2]);
        if (Number.isFinite(us) && line) lat.push(us);
      }
    }
    lat.sort((a, b) => a - b);
    return {
      tps,
      latencyAvgMs: avg,
      p50Us: percentile(lat, 50),
      p99Us: percentile(lat, 99),
      transactions: lat.length,
    };
  } finally {
    fs.rmSync(dir, { recursive: true, force: true });
  }
}

/** Starts PgBouncer (session mode, trust) on a free port, as `postgres` when this runs as root. */
async function startPgBouncer(): Promise<
  { port: number; proc: ChildProcess; dir: string; pid: number | undefined } | string
> {
  const setup = spawnSync('bash', [path.join(ROOT, 'test/setup/pgbouncer.sh')], { encoding: 'utf8' });
  if (setup.status !== 0) return `skipped: ${setup.stderr.trim().split('\n').pop()}`;
  const bin = setup.stdout.trim().split('\n').pop() ?? 'pgbouncer';
  const port = await freePort();
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'rg-pgbouncer-'));
  fs.chmodSync(dir, 0o755);
  fs.writeFileSync(path.join(dir, 'users.txt'), `"${PG.user}" ""\n`);
  const ini = [
    '[databases]',
    `* = host=${PG.host} port=${PG.port}`,
    '[pgbouncer]',
    'listen_addr = 127.0.0.1',
    `listen_port = ${port}`,
    'unix_socket_dir =',
    'auth_type = trust',
    `auth_file = ${path.join(dir, 'users.txt')}`,
    'pool_mode = session',
    'max_client_conn = 100',
    'default_pool_size = 20',
    '',
  ].join('\n');
  fs.writeFileSync(path.join(dir, 'pgbouncer.ini'), ini);
  for (const f of fs.readdirSync(dir)) fs.chmodSync(path.join(dir, f), 0o644);
  const root = process.getuid?.() === 0;
  const cfg = path.join(dir, 'pgbouncer.ini');
  // PgBouncer refuses to run as root.
  const [cmd, args] = root ? ['runuser', ['-u', 'postgres', '--', bin, cfg]] : [bin, [cfg]];
  const proc = spawn(cmd as string, args as string[], { stdio: 'ignore' });
  await waitPort(port, 10_000);
  // Under runuser, PgBouncer is runuser's child: its CPU time is read from that process.
  let pid = proc.pid;
  if (root && proc.pid !== undefined) {
    const child = spawnSync('pgrep', ['-P', String(proc.pid)], { encoding: 'utf8' })
      .stdout.trim()
      .split('\n')[0];
    pid = child ? Number(child) : undefined;
  }
  return { port, proc, dir, pid };
}

export async function run(): Promise<Record<string, unknown>> {
  if (spawnSync('pgbench', ['--version']).status !== 0) return { skipped: 'pgbench is not installed' };
  if (!fs.existsSync(CLI)) return { skipped: 'dist/railguard.js is missing (npm run build)' };
  const db = `rg_bench_gw_${process.pid}`;
  const psql = (sql: string) => exec('psql', ['-h', PG.host, '-U', PG.user, '-d', 'postgres', '-Atc', sql]);
  const created = await psql(`CREATE DATABASE ${db}`);
  if (created.status !== 0) return { skipped: `PostgreSQL is not reachable: ${created.stderr.trim()}` };
  const children: ChildProcess[] = [];
  let bouncerDir: string | undefined;
  try {
    const init = await exec('pgbench', ['-h', PG.host, '-U', PG.user, '-i', '-q', '-s', '5', db]);
    if (init.status !== 0) throw new Error(`pgbench -i failed: ${init.stderr}`);
    const gwPort = await freePort();
    const gw = spawn(
      process.execPath,
      [
        CLI,
        'gateway',
        '--no-daemon',
        '--upstream',
        `postgres://${PG.host}:${PG.port}`,
        '--listen',
        `127.0.0.1:${gwPort}`,
      ],
      { stdio: ['ignore', 'ignore', 'inherit'] },
    );
    children.push(gw);
    await waitPort(gwPort, 15_000);
    // The floor of a Node.js relay (the gateway's I/O without framing or judging): see node-relay.ts.
    const relayPort = await freePort();
    const relay = spawn(
      process.execPath,
      ['--import', 'tsx', path.join(__dirname, 'node-relay.ts'), String(relayPort), PG.host, String(PG.port)],
      { stdio: ['ignore', 'ignore', 'inherit'], cwd: ROOT },
    );
    children.push(relay);
    await waitPort(relayPort, 15_000);
    const bouncer = await startPgBouncer();
    const targets: Record<string, number> = { direct: PG.port, gateway: gwPort, nodeRelay: relayPort };
    if (typeof bouncer !== 'string') {
      children.push(bouncer.proc);
      bouncerDir = bouncer.dir;
      targets.pgbouncer = bouncer.port;
    }
    // Warm-up, not recorded: JIT compilation and the first judging of each statement shape would
    // otherwise fall into whichever measurement comes first.
    for (const [name, port] of Object.entries(targets))
      if (name !== 'direct') for (const mode of ['simple', 'prepared']) await pgbench(port, db, mode, 2, 2);
    const out: Record<string, unknown> = { seconds: SECONDS, runs: RUNS, scale: 5 };
    if (typeof bouncer === 'string') out.pgbouncer = bouncer;
    for (const mode of ['simple', 'prepared']) {
      for (const clients of [1, 8]) {
        const key = `${mode}-c${clients}`;
        const row: Record<string, unknown> = {};
        const runs: Record<string, Result[]> = {};
        /** CPU µs per transaction of the process in the middle (gateway, PgBouncer), per run. */
        const cpu: Record<string, number[]> = {};
        const pids: Record<string, number | undefined> = {
          gateway: gw.pid,
          nodeRelay: relay.pid,
          pgbouncer: typeof bouncer === 'string' ? undefined : bouncer.pid,
        };
        for (let r = 0; r < RUNS; r++)
          for (const [name, port] of Object.entries(targets)) {
            process.stderr.write(`  ${key} ${name} ${r + 1}/${RUNS}…\n`);
            const pid = pids[name];
            const before = cpuNs(pid);
            const res = await pgbench(port, db, mode, clients);
            if (before && res.transactions)
              (cpu[name] ??= []).push((cpuNs(pid) - before) / 1000 / res.transactions);
            (runs[name] ??= []).push(res);
          }
        for (const [name, rs] of Object.entries(runs))
          row[name] = {
            tps: median(rs.map((x) => x.tps)),
            latencyAvgMs: median(rs.map((x) => x.latencyAvgMs)),
            p50Us: median(rs.map((x) => x.p50Us)),
            p99Us: median(rs.map((x) => x.p99Us)),
            transactions: median(rs.map((x) => x.transactions)),
            ...(RUNS > 1 ? { tpsRuns: rs.map((x) => Math.round(x.tps)) } : {}),
          };
        if (cpu.gateway?.length) row.gatewayCpuUsPerTxn = Number(median(cpu.gateway).toFixed(1));
        if (cpu.pgbouncer?.length) row.pgbouncerCpuUsPerTxn = Number(median(cpu.pgbouncer).toFixed(1));
        if (cpu.nodeRelay?.length) row.nodeRelayCpuUsPerTxn = Number(median(cpu.nodeRelay).toFixed(1));
        const g = row.gateway as Result;
        const d = row.direct as Result;
        const b = row.pgbouncer as Result | undefined;
        row.gatewayOverDirect = Number((g.tps / d.tps).toFixed(3));
        if (b) row.gatewayOverPgbouncer = Number((g.tps / b.tps).toFixed(3));
        if (b) row.pgbouncerOverDirect = Number((b.tps / d.tps).toFixed(3));
        const n = row.nodeRelay as Result;
        row.gatewayOverNodeRelay = Number((g.tps / n.tps).toFixed(3));
        if (b) row.nodeRelayOverPgbouncer = Number((n.tps / b.tps).toFixed(3));
        row.gatewayAddedP50Us = Number((g.p50Us - d.p50Us).toFixed(1));
        out[key] = row;
      }
    }
    return out;
  } finally {
    for (const c of children) c.kill('SIGTERM');
    await new Promise((r) => setTimeout(r, 300));
    await psql(`DROP DATABASE IF EXISTS ${db} WITH (FORCE)`);
    if (bouncerDir) fs.rmSync(bouncerDir, { recursive: true, force: true });
  }
}
