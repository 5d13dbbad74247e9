/**
 * Group commit (issue 10 "No decision without a record", ≥ 20,000 records/s): the lines of the
 * records a commit covers reach the segment in one `write` and one `fsync`, in order and in the
 * unchanged on-disk format; a failed write keeps its records and is retried, never leaving a gap
 * in the chain. Throughput itself is measured by `npm run bench -- audit`.
 */
import assert from 'node:assert/strict';
import { createPrivateKey } from 'node:crypto';
// The module object itself (the writer reads its functions at call time), so calls can be counted.
import fs from 'node:fs';
import * as path from 'node:path';
import { afterEach, describe, it, mock } from 'node:test';
import { listSegments } from '../../../server/src/audit/files';
import type { AuditRecord } from '../../../server/src/audit/model';
import { recordLine, seal, sealLine, type Unsealed } from '../../../server/src/audit/records';
import { verifyAudit } from '../../../server/src/audit/verify';
import { AuditLog } from '../../../server/src/audit/writer';
import { input, quickMasker, readAll, tempDir } from './helpers';

/** Counts `write` and `fsync` calls (sync or not) from here on. */
function countCalls(): { writes: () => number; fsyncs: () => number } {
  let writes = 0;
  let fsyncs = 0;
  const write = fs.writeSync;
  const fsync = fs.fsyncSync;
  mock.method(fs, 'writeSync', (...args: Parameters<typeof fs.writeSync>) => {
    writes++;
    return (write as (...a: unknown[]) => number)(...args);
  });
  const fsyncAsync = fs.fsync;
  mock.method(fs, 'fsyncSync', (fd: number) => {
    fsyncs++;
    fsync(fd);
  });
  mock.method(fs, 'fsync', (fd: number, cb: (err: NodeJS.ErrnoException | null) => void) => {
    fsyncs++;
    fsyncAsync(fd, cb);
  });
  return { writes: () => writes, fsyncs: () => fsyncs };
}

const nextTurn = (): Promise<void> => new Promise((r) => setImmediate(r));

describe('AuditLog group commit', () => {
  afterEach(() => mock.restoreAll());

  it('100 concurrent decisions made durable by one commit cost one write and one fsync', async () => {
    const dir = tempDir();
    const log = await AuditLog.open(dir, { masker: quickMasker, fsync: 'batch', fsyncBatch: 1 << 30 });
    await log.append(input(0));
    await log.commit();
    const calls = countCalls();
    const appended = await Promise.all(
      Array.from({ length: 100 }, async (_, i) => {
        const r = await log.append(input(i + 1));
        await log.commit();
        return r;
      }),
    );
    assert.equal(calls.writes(), 1, 'one write for the whole group');
    assert.equal(calls.fsyncs(), 1, 'one fsync for the whole group');
    // On disk already (before close): every line, in order, byte for byte the record's JCS line.
    const lines = readAll(dir).map((l) => `${l.text}\n`);
    assert.deepEqual(lines.slice(1), appended.map(recordLine));
    mock.restoreAll();
    await log.close();
    assert.deepEqual((await verifyAudit(dir)).problems, []);
  });

  it('a record not committed is written by the end of the next event-loop turn', async () => {
    const dir = tempDir();
    const log = await AuditLog.open(dir, { masker: quickMasker, fsync: 'batch' });
    const record = await log.append(input(1));
    await nextTurn();
    assert.deepEqual(
      readAll(dir).map((l) => `${l.text}\n`),
      [recordLine(record)],
    );
    await log.close();
  });

  it('a failed write keeps its records: reported, retried by the next commit, chain intact', async () => {
    const dir = tempDir();
    const log = await AuditLog.open(dir, { masker: quickMasker, fsync: 'batch', fsyncBatch: 1 << 30 });
    await log.append(input(0));
    await log.commit();
    const write = fs.writeSync;
    let fail = true;
    mock.method(fs, 'writeSync', (...args: Parameters<typeof fs.writeSync>) => {
      if (fail) throw Object.assign(new Error('ENOSPC: no space left on device, write'), { code: 'ENOSPC' });
      return (write as (...a: unknown[]) => number)(...args);
    });
    await log.append(input(1));
    await log.append(input(2));
    await assert.rejects(log.commit(), /ENOSPC/);
    assert.match(log.problem() ?? '', /failed.*ENOSPC/);
    fail = false;
    await log.append(input(3));
    await log.commit();
    assert.equal(log.problem(), undefined);
    mock.restoreAll();
    await log.close();
    const seg = path.join(dir, listSegments(dir)[0] ?? '');
    assert.ok(fs.statSync(seg).size > 0);
    const v = await verifyAudit(dir);
    assert.deepEqual(v.problems, []);
    assert.equal(v.records, 5, 'four events and the closing checkpoint');
  });
});

describe('sealLine', () => {
  it('gives the bytes of recordLine(seal(record)) for events, checkpoints and recovery records', async () => {
    const dir = tempDir();
    const log = await AuditLog.open(dir, { masker: quickMasker, fsync: 'batch', checkpointEvery: 3 });
    for (let i = 0; i < 10; i++) await log.append(input(i));
    await log.close();
    const lines = readAll(dir).map((l) => `${l.text}\n`);
    assert.ok(lines.length > 10);
    for (const text of lines) {
      const { hash: _h, ...unsealed } = JSON.parse(text) as AuditRecord;
      const sealed = seal<AuditRecord>(unsealed as Unsealed<AuditRecord>);
      const both = sealLine<AuditRecord>(unsealed as Unsealed<AuditRecord>);
      assert.deepEqual(both.record, sealed);
      assert.equal(both.line, recordLine(sealed));
      assert.equal(both.line, text, 'the line written is the canonical line');
    }
    const odd = {
      v: 1,
      type: 'recovery',
      seq: 0,
      time: 't',
      prevHash: 'p',
      torn: { file: 'a', line: 1, bytes: 2, sha256: 'é\u2028' },
    };
    assert.equal(sealLine(odd as Unsealed<AuditRecord>).line, recordLine(seal(odd as Unsealed<AuditRecord>)));
  });
});

describe('the on-disk format is unchanged by group commit', () => {
  it('writes byte for byte the log the writer before group commit wrote (fixed key, clock and host)', async () => {
    // RFC 8032 §7.1 test 1 secret key (public test vector), as PKCS#8 DER.
    const seed = '9d61b19deffd5a60ba844af492ec2cc44449c5697b326919703bac031cae7f60';
    const der = Buffer.from(`302e020100300506032b657004220420${seed}`, 'hex');
    const key = createPrivateKey({ key: der, format: 'der', type: 'pkcs8' });
    const base = tempDir();
    const keyDir = path.join(base, 'keys');
    fs.mkdirSync(keyDir, { mode: 0o700 });
    fs.writeFileSync(path.join(keyDir, 'audit-key.pem'), key.export({ type: 'pkcs8', format: 'pem' }), {
      mode: 0o600,
    });
    const dir = path.join(base, 'audit');
    let t = Date.UTC(2025, 0, 1);
    const log = await AuditLog.open(dir, {
      masker: quickMasker,
      keyDir,
      host: 'golden',
      checkpointEvery: 4,
      fsync: 'batch',
      now: () => new Date(t++),
    });
    for (let i = 0; i < 10; i++) await log.append(input(i));
    await log.close();
    // Written by the writer of main 47563e1 (one writeSync per record) with the same inputs.
    const golden = path.join(__dirname, '../../fixtures/audit/golden-before-group-commit');
    assert.equal(
      fs.readFileSync(path.join(dir, listSegments(dir)[0] ?? ''), 'utf8'),
      fs.readFileSync(`${golden}.jsonl`, 'utf8'),
    );
    // The old log itself still verifies, with its public key pinned.
    const old = tempDir();
    fs.copyFileSync(`${golden}.jsonl`, path.join(old, 'audit-000001.jsonl'));
    const v = await verifyAudit(old, { publicKeyPem: fs.readFileSync(`${golden}.pub.pem`, 'utf8') });
    assert.deepEqual(v.problems, []);
    assert.equal(v.checkpoints, 3);
  });
});
