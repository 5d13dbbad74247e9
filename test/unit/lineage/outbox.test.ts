import assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { describe, it } from 'node:test';
import { eventIdOf, newRunId } from '../../../server/src/lineage/ids';
import {
  RAILGUARD_PRODUCER,
  RUN_EVENT_SCHEMA_URL,
  type RunEvent,
} from '../../../server/src/lineage/openlineage';
import { openOutbox } from '../../../server/src/lineage/outbox';

function event(i: number): RunEvent {
  return {
    eventTime: new Date(Date.UTC(2025, 0, 1, 0, 0, i)).toISOString(),
    producer: RAILGUARD_PRODUCER,
    schemaURL: RUN_EVENT_SCHEMA_URL,
    eventType: 'START',
    run: { runId: newRunId() },
    job: { namespace: 'railguard.test', name: `job-${i}` },
  };
}

function tmpDir(): string {
  return fs.mkdtempSync(path.join(os.tmpdir(), 'rg-outbox-'));
}

void describe('outbox', () => {
  void it('keeps pending events across reopen and forgets acked ones', async () => {
    const dir = tmpDir();
    const ob = await openOutbox(dir);
    const events = Array.from({ length: 10 }, (_, i) => event(i));
    const ids = await ob.enqueueMany(events);
    assert.deepEqual(ids, events.map(eventIdOf));
    await ob.ack(ids.slice(0, 4));
    await ob.close();
    const again = await openOutbox(dir);
    assert.deepEqual(
      again.pending().map((e) => e.id),
      ids.slice(4),
    );
    assert.equal(again.recovery.torn, undefined);
  });

  void it('enqueue is idempotent by event id, including ids already acked', async () => {
    const dir = tmpDir();
    const ob = await openOutbox(dir);
    const e = event(1);
    await ob.enqueue(e);
    await ob.enqueue(e);
    assert.equal(ob.size, 1);
    await ob.ack([eventIdOf(e)]);
    await ob.enqueue(e);
    assert.equal(ob.size, 0);
  });

  void it('survives a crash mid-append: the torn last line is reported and quarantined, earlier entries kept', async () => {
    const dir = tmpDir();
    const ob = await openOutbox(dir);
    const ids = await ob.enqueueMany([event(1), event(2), event(3)]);
    // Simulated crash: a partial line written, the process gone before close().
    const partial = `{"id":"${eventIdOf(event(4))}","event":{"eventTime":"2025`;
    fs.appendFileSync(path.join(dir, 'journal.jsonl'), partial);
    const reopened = await openOutbox(dir);
    assert.ok(reopened.recovery.torn, 'torn line reported');
    assert.equal(reopened.recovery.torn.bytes, Buffer.byteLength(partial));
    assert.deepEqual(
      reopened.pending().map((e) => e.id),
      ids,
    );
    const q = fs.readFileSync(path.join(dir, 'quarantine.jsonl'), 'utf8').trim().split('\n');
    assert.equal(q.length, 1);
    assert.equal(Buffer.from(JSON.parse(q[0] ?? '{}').base64, 'base64').toString(), partial);
    // Appending continues on a clean line.
    const more = await reopened.enqueue(event(5));
    const third = await openOutbox(dir);
    assert.equal(third.recovery.torn, undefined);
    assert.deepEqual(
      third.pending().map((e) => e.id),
      [...ids, more],
    );
  });

  void it('compaction keeps exactly the pending entries, and stale acks of the old generation are ignored', async () => {
    const dir = tmpDir();
    const ob = await openOutbox(dir, { compactAfter: 1_000 });
    const ids = await ob.enqueueMany(Array.from({ length: 8 }, (_, i) => event(i)));
    await ob.ack(ids.slice(0, 6));
    const ackedBefore = fs.readFileSync(path.join(dir, 'acked.jsonl'), 'utf8');
    await ob.compact();
    const journal = fs.readFileSync(path.join(dir, 'journal.jsonl'), 'utf8').trim().split('\n');
    assert.equal(journal.length, 1 + 2);
    // A crash after the rename but before acked.jsonl was cleared leaves old-generation offsets,
    // which would point at the wrong lines of the new journal if they were honoured.
    fs.writeFileSync(path.join(dir, 'acked.jsonl'), ackedBefore);
    const reopened = await openOutbox(dir);
    assert.deepEqual(
      reopened.pending().map((e) => e.id),
      ids.slice(6),
    );
  });

  void it('compacts by itself once enough entries are acked', async () => {
    const dir = tmpDir();
    const ob = await openOutbox(dir, { compactAfter: 5 });
    const ids = await ob.enqueueMany(Array.from({ length: 8 }, (_, i) => event(i)));
    await ob.ack(ids.slice(0, 6));
    const journal = fs.readFileSync(path.join(dir, 'journal.jsonl'), 'utf8').trim().split('\n');
    assert.equal(journal.length, 1 + 2);
    assert.deepEqual(
      (await openOutbox(dir)).pending().map((e) => e.id),
      ids.slice(6),
    );
  });

  void it('reports unreadable lines in the middle of the journal instead of dropping them silently', async () => {
    const dir = tmpDir();
    const ob = await openOutbox(dir);
    await ob.enqueue(event(1));
    const e2 = event(2);
    fs.appendFileSync(
      path.join(dir, 'journal.jsonl'),
      `garbage\n${JSON.stringify({ id: eventIdOf(e2), event: e2 })}\n`,
    );
    const reopened = await openOutbox(dir);
    assert.equal(reopened.recovery.corrupt.length, 1);
    assert.equal(reopened.size, 2);
  });
});
