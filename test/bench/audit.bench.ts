/**
 * Audit log benchmark: appends/s through the real writer (secretlint + PII masking, fsync per
 * record and batched; group commit with 64 and 256 decisions in flight, as the daemon commits,
 * in records/s of wall clock and per CPU second), masking rates (`mask.bench.ts`), then verify
 * time and memory for a 1,000,000-record log. The big log is
 * generated directly (records sealed and chained, checkpoints signed every 1,000, 64 MiB
 * segments) without masking or fsync per record, so generating it takes seconds, not hours.
 * Run alone: `node --import tsx test/bench/audit.bench.ts [RECORDS]`.
 */
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { segmentName } from '../../server/src/audit/files';
import { loadOrCreateKey } from '../../server/src/audit/keys';
import { MerkleAccumulator } from '../../server/src/audit/merkle';
import { GENESIS_HASH, type EventRecord } from '../../server/src/audit/model';
import { recordLine, seal, signCheckpoint } from '../../server/src/audit/records';
import { verifyAudit } from '../../server/src/audit/verify';
import { AuditLog } from '../../server/src/audit/writer';
import { createMasker } from '../../server/src/core/mask';
import type { AuditInput } from '../../server/src/audit/model';
import { ordinaryTexts, run as maskBench } from './mask.bench';

const sample = (i: number): AuditInput => ({
  what: {
    kind: 'shell',
    text: `PGPASSWORD=pw${i} psql -h db.prod.internal -U app -c "DELETE FROM orders WHERE customer_email = 'c${i}@example.com'"`,
    tables: ['orders'],
  },
  where: { environment: 'production', workspace: '/repo' },
  source: 'terminal',
  outcome: { effect: 'ask', approval: 'approved' },
  identity: { user: 'alice', agent: { name: 'claude-code', sessionId: 's1' } },
  decisionId: `d${i}`,
  rules: ['delete-without-where'],
  controls: ['SOC2:CC8.1'],
});

/** Appends `n` records (or for at most `ms`) and returns records per second. */
async function appendRate(
  fsync: 'always' | 'batch',
  n: number,
  ms: number,
): Promise<{ records: number; perSecond: number }> {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'rg-bench-append-'));
  const log = await AuditLog.open(dir, { masker: await createMasker(), fsync });
  const t0 = performance.now();
  let i = 0;
  while (i < n && performance.now() - t0 < ms) await log.append(sample(i++));
  const secs = (performance.now() - t0) / 1000;
  await log.close();
  fs.rmSync(dir, { recursive: true, force: true });
  return { records: i, perSecond: Math.round(i / secs) };
}

/**
 * Records/s as the daemon writes them: `writers` decisions in flight at once, each appended then
 * made durable by the shared group commit (`AuditLog.commit`: one write and one fsync per group)
 * before it would be answered; texts from `texts` in turn.
 */
async function groupCommitRate(
  texts: readonly string[],
  writers: number,
  ms: number,
): Promise<{ writers: number; records: number; perSecond: number; perCpuSecond: number; fsyncs: number }> {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'rg-bench-group-'));
  const log = await AuditLog.open(dir, { masker: await createMasker(), fsync: 'batch', fsyncBatch: 1 << 30 });
  const c0 = process.cpuUsage();
  const t0 = performance.now();
  let i = 0;
  const writer = async (): Promise<void> => {
    while (performance.now() - t0 < ms) {
      const n = i++;
      const s = sample(n);
      await log.append({ ...s, what: { ...s.what, text: texts[n % texts.length] ?? '' } });
      await log.commit();
    }
  };
  await Promise.all(Array.from({ length: writers }, writer));
  const secs = (performance.now() - t0) / 1000;
  const cpu = process.cpuUsage(c0);
  const fsyncs = log.groupCommits;
  await log.close();
  fs.rmSync(dir, { recursive: true, force: true });
  return {
    writers,
    records: i,
    perSecond: Math.round(i / secs),
    perCpuSecond: Math.round(i / ((cpu.user + cpu.system) / 1e6)),
    fsyncs,
  };
}

/** Writes a valid `n`-record log quickly (no masking, one fsync at the end of each segment). */
function generate(dir: string, n: number): void {
  const key = loadOrCreateKey(dir);
  const acc = new MerkleAccumulator();
  let prevHash = GENESIS_HASH;
  let segment = 1;
  let fd = fs.openSync(path.join(dir, segmentName(segment)), 'a');
  let bytes = 0;
  let buffer: string[] = [];
  const flush = () => {
    fs.writeSync(fd, buffer.join(''));
    buffer = [];
  };
  const base = Date.UTC(2025, 0, 1);
  for (let seq = 0; seq < n; seq++) {
    const time = new Date(base + seq * 1000).toISOString();
    const record =
      seq > 0 && seq % 1001 === 1000
        ? signCheckpoint(
            {
              v: 1,
              type: 'checkpoint',
              seq,
              time,
              prevHash,
              treeSize: acc.treeSize,
              rootHash: acc.root(),
              merkle: acc.state(),
              keyId: key.keyId,
            },
            key.privateKey,
          )
        : seal<EventRecord>({
            v: 1,
            type: 'event',
            seq,
            time,
            prevHash,
            what: {
              kind: 'sql',
              text: `DELETE FROM orders WHERE id = [PII:x]`,
              fingerprint: 'DELETE FROM orders WHERE id = $1',
              tables: ['orders'],
            },
            where: { host: 'bench', environment: 'production' },
            source: 'terminal',
            outcome: { effect: 'ask', approval: 'approved' },
            identity: { user: 'alice', agent: { name: 'claude-code', sessionId: 's1' } },
            decisionId: `d${seq}`,
            rules: ['delete-without-where'],
            controls: ['SOC2:CC8.1'],
          });
    const line = recordLine(record);
    if (bytes + line.length > 64 * 1024 * 1024) {
      flush();
      fs.fsyncSync(fd);
      fs.closeSync(fd);
      fd = fs.openSync(path.join(dir, segmentName(++segment)), 'a');
      bytes = 0;
    }
    buffer.push(line);
    bytes += line.length;
    if (buffer.length >= 4096) flush();
    acc.push(record.hash);
    prevHash = record.hash;
  }
  flush();
  fs.fsyncSync(fd);
  fs.closeSync(fd);
}

/** The benchmark; resolves to the figures. */
export async function run(records = 1_000_000): Promise<Record<string, unknown>> {
  const progress = (m: string) => process.stderr.write(`audit bench: ${m}\n`);
  progress('appends, fsync per record');
  const always = await appendRate('always', 2000, 10_000);
  progress('appends, fsync batched');
  const batch = await appendRate('batch', 5000, 10_000);
  const corpus = ordinaryTexts();
  progress('masking');
  const masking = await maskBench();
  progress('appends, group commit (64 and 256 decisions in flight)');
  await groupCommitRate(corpus, 64, 1000); // warm-up (JIT, heap after the masking bench)
  const group = await groupCommitRate(corpus, 64, 5000);
  const group256 = await groupCommitRate(corpus, 256, 5000);
  progress(`generating ${records} records`);
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'rg-bench-verify-'));
  const g0 = performance.now();
  generate(dir, records);
  const generateMs = Math.round(performance.now() - g0);
  const sizeMiB = Math.round(
    fs.readdirSync(dir).reduce((s, f) => s + fs.statSync(path.join(dir, f)).size, 0) / 2 ** 20,
  );
  progress('verifying');
  let peakVerifyRss = 0;
  const sampler = setInterval(() => (peakVerifyRss = Math.max(peakVerifyRss, process.memoryUsage().rss)), 50);
  const rssBefore = process.memoryUsage().rss;
  const v0 = performance.now();
  const result = await verifyAudit(dir);
  const verifyMs = Math.round(performance.now() - v0);
  clearInterval(sampler);
  fs.rmSync(dir, { recursive: true, force: true });
  return {
    appendsPerSecond: {
      fsyncPerRecord: always,
      fsyncBatched256: batch,
      groupCommit64InFlight: group,
      groupCommit256InFlight: group256,
      groupCommitTexts: 'ordinary texts of mask.bench (shared shell corpus + eval agent actions)',
      target: '>= 20000 records/s with group commit (issue 10)',
      masking: 'secretlint recommended preset + PII',
    },
    masking,
    verify: {
      records: result.records,
      files: result.files,
      checkpoints: result.checkpoints,
      ok: result.ok,
      logMiB: sizeMiB,
      generateMs,
      verifyMs,
      recordsPerSecond: Math.round(result.records / (verifyMs / 1000)),
      rssBeforeMiB: Math.round(rssBefore / 2 ** 20),
      peakRssDuringVerifyMiB: Math.round(peakVerifyRss / 2 ** 20),
    },
    processPeakRssMiB: Math.round(process.resourceUsage().maxRSS / 1024),
  };
}

if (require.main === module) {
  const n = Number(process.argv[2] ?? 1_000_000);
  run(n).then(
    (r) => process.stdout.write(`${JSON.stringify(r, null, 2)}\n`),
    (err: unknown) => {
      process.stderr.write(`${err instanceof Error ? err.stack : String(err)}\n`);
      process.exitCode = 1;
    },
  );
}
