import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { describe, it } from 'node:test';
import { listSegments } from '../../../server/src/audit/files';
import { LOCK_FILE } from '../../../server/src/audit/lock';
import { verifyAudit } from '../../../server/src/audit/verify';
import { AuditLog } from '../../../server/src/audit/writer';
import { input, quickMasker, readAll, tempDir, writeLog } from './helpers';

describe('AuditLog writer', () => {
  it('a crash mid-write leaves a torn line that verify reports, and a reopened writer accounts for', async () => {
    const dir = tempDir();
    await writeLog(dir, 10, { checkpointEvery: 4 });
    const seg = path.join(dir, listSegments(dir).at(-1) ?? '');
    const whole = readAll(dir).at(-1)?.text ?? '';
    const partial = whole.slice(0, Math.floor(whole.length / 2));
    fs.appendFileSync(seg, partial);
    const tornLine = readAll(dir).length;

    const before = await verifyAudit(dir);
    assert.equal(before.ok, false);
    assert.deepEqual(
      before.problems.map((p) => [p.kind, p.line, p.recovered ?? false]),
      [['torn', tornLine, false]],
    );

    const log = await AuditLog.open(dir, { masker: quickMasker });
    assert.equal(log.torn?.line, tornLine);
    assert.equal(log.torn?.bytes, Buffer.byteLength(partial));
    for (let i = 10; i < 15; i++) await log.append(input(i));
    await log.close();

    const after = await verifyAudit(dir);
    assert.equal(after.ok, true, JSON.stringify(after.problems));
    assert.deepEqual(
      after.problems.map((p) => [p.kind, p.line, p.recovered]),
      [['torn', tornLine, true]],
    );
    // Earlier records are intact and the chain continued: seqs are gap-free across the recovery.
    const seqs = readAll(dir)
      .filter((l) => l.text !== partial)
      .map((l) => (JSON.parse(l.text) as { seq: number }).seq);
    assert.deepEqual(
      seqs,
      seqs.map((_, i) => i),
    );
  });

  it('a record cut just before its newline is kept, and the writer continues after it', async () => {
    const dir = tempDir();
    await writeLog(dir, 3);
    const seg = path.join(dir, listSegments(dir).at(-1) ?? '');
    fs.writeFileSync(seg, fs.readFileSync(seg, 'utf8').replace(/\n$/, ''));
    const log = await AuditLog.open(dir, { masker: quickMasker });
    assert.equal(log.torn, undefined);
    await log.append(input(3));
    await log.close();
    assert.deepEqual((await verifyAudit(dir)).problems, []);
  });

  it('resumes the chain and the Merkle tree across reopen and rotation', async () => {
    const dir = tempDir();
    for (let round = 0; round < 3; round++) {
      const log = await AuditLog.open(dir, {
        masker: quickMasker,
        checkpointEvery: 7,
        maxFileBytes: 6000,
        fsync: 'batch',
      });
      for (let i = 0; i < 20; i++) await log.append(input(round * 20 + i));
      await log.close();
    }
    const r = await verifyAudit(dir);
    assert.deepEqual(r.problems, []);
    assert.ok(r.files > 3);
    assert.equal(r.lastVerifiedCheckpoint?.treeSize, r.records - 1);
  });

  it('is single-writer: a live lock is refused, a stale one is taken over', async () => {
    const dir = tempDir();
    const log = await AuditLog.open(dir, { masker: quickMasker });
    await assert.rejects(AuditLog.open(dir, { masker: quickMasker }), /already open|locked/);
    await log.close();
    const child = spawnSync(process.execPath, ['-e', 'process.stdout.write(String(process.pid))']);
    const deadPid = Number(child.stdout.toString());
    fs.writeFileSync(path.join(dir, LOCK_FILE), JSON.stringify({ pid: deadPid, host: os.hostname() }));
    const again = await AuditLog.open(dir, { masker: quickMasker });
    await again.append(input(1));
    await again.close();
    assert.equal(fs.existsSync(path.join(dir, LOCK_FILE)), false);
  });

  it('keeps the private key 0600 and exports the public key', async () => {
    const dir = tempDir();
    await writeLog(dir, 1);
    assert.equal(fs.statSync(path.join(dir, 'audit-key.pem')).mode & 0o777, 0o600);
    assert.match(fs.readFileSync(path.join(dir, 'audit-key.pub.pem'), 'utf8'), /BEGIN PUBLIC KEY/);
  });

  it('keeps the private key in keyDir, out of the audit folder, moving one found there (issue 10 repro 4)', async () => {
    const dir = tempDir();
    await writeLog(dir, 2); // the historical layout: the key beside the log
    const oldKey = fs.readFileSync(path.join(dir, 'audit-key.pem'), 'utf8');
    const keyDir = path.join(tempDir(), 'keys');
    const log = await AuditLog.open(dir, { masker: quickMasker, keyDir });
    await log.append(input(3));
    await log.checkpoint();
    await log.close();
    assert.equal(fs.existsSync(path.join(dir, 'audit-key.pem')), false, 'no private key beside the log');
    assert.equal(fs.readFileSync(path.join(keyDir, 'audit-key.pem'), 'utf8'), oldKey, 'the same key, moved');
    assert.equal(fs.statSync(path.join(keyDir, 'audit-key.pem')).mode & 0o777, 0o600);
    assert.equal(fs.statSync(keyDir).mode & 0o777, 0o700);
    assert.equal((await verifyAudit(dir)).ok, true);
  });

  it('writes a checkpoint when T minutes passed even below N records', async () => {
    const dir = tempDir();
    let now = Date.UTC(2025, 0, 1);
    const log = await AuditLog.open(dir, {
      masker: quickMasker,
      checkpointEvery: 1000,
      checkpointIntervalMs: 5 * 60_000,
      now: () => new Date(now),
    });
    await log.append(input(0));
    now += 6 * 60_000;
    await log.append(input(1));
    const types = readAll(dir).map((l) => (JSON.parse(l.text) as { type: string }).type);
    await log.close();
    assert.deepEqual(types, ['event', 'event', 'checkpoint']);
  });
});
