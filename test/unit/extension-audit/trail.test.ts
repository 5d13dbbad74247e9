import assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { describe, it } from 'node:test';
import { AuditLog } from '../../../server/src/audit/writer';
import { maskerWith } from '../../../server/src/core/mask/masker';
import { readOutbox, localLineage, parseDataset, datasetsOf } from '../../../extension/src/audit/lineage';
import { syncStatus } from '../../../extension/src/audit/sync-state';
import { auditDirOf, eventDescription, latestEvents, recentTables } from '../../../extension/src/audit/trail';
import type { RunEvent } from '../../../server/src/lineage/openlineage';

const tmp = (): string => fs.mkdtempSync(path.join(os.tmpdir(), 'rg-ext-audit-'));

describe('audit trail model', () => {
  it('returns the latest N events newest first, skipping checkpoints, filtered by effect', async () => {
    const dir = tmp();
    const log = await AuditLog.open(dir, {
      masker: maskerWith(() => Promise.resolve([])),
      checkpointEvery: 2,
    });
    for (let i = 0; i < 5; i++) {
      await log.append({
        what: { kind: 'sql', text: `SELECT ${i}`, tables: [`public.t${i}`] },
        source: 'cli',
        outcome: { effect: i % 2 ? 'deny' : 'allow' },
        identity: { user: 'u', ...(i === 4 ? { agent: { name: 'bot' } } : {}) },
        where: { environment: 'staging' },
        decisionId: `d${i}`,
      });
    }
    await log.close();
    const last3 = await latestEvents(dir, 3);
    assert.deepEqual(
      last3.map((r) => r.decisionId),
      ['d4', 'd3', 'd2'],
    );
    assert.deepEqual(
      (await latestEvents(dir, 10, { effect: 'deny' })).map((r) => r.decisionId),
      ['d3', 'd1'],
    );
    assert.equal(
      eventDescription(last3[0]!).split(' · ').slice(1).join(' · '),
      'allow · bot (for u) · staging',
    );
    assert.deepEqual(recentTables(last3), ['public.t4', 'public.t3', 'public.t2']);
    assert.deepEqual(await latestEvents(path.join(dir, 'missing'), 3), []);
    fs.rmSync(dir, { recursive: true, force: true });
  });

  it('resolves the audit folder from the setting, RAILGUARD_HOME, then the home folder', () => {
    assert.equal(auditDirOf('/x/audit', {}), '/x/audit');
    assert.equal(auditDirOf('', { RAILGUARD_HOME: '/h' }), '/h/audit');
    assert.equal(auditDirOf(undefined, {}), path.join(os.homedir(), '.railguard', 'audit'));
  });
});

function ev(job: string, input: string, output: string): RunEvent {
  return {
    eventType: 'COMPLETE',
    eventTime: '2026-01-01T00:00:00.000Z',
    run: { runId: '01900000-0000-7000-8000-000000000001' },
    job: { namespace: 'railguard', name: job },
    inputs: [{ namespace: 'pg://db', name: input }],
    outputs: [{ namespace: 'pg://db', name: output }],
    producer: 'p',
    schemaURL: 's',
  } as RunEvent;
}

describe('outbox and lineage model', () => {
  it('counts pending entries of the current generation only, and reports torn lines', () => {
    const dir = tmp();
    const header = JSON.stringify({ outbox: 1, generation: 'g1' });
    const l1 = JSON.stringify({ id: 'a', event: ev('j1', 's.a', 's.b') });
    const l2 = JSON.stringify({ id: 'b', event: ev('j2', 's.b', 's.c') });
    fs.writeFileSync(path.join(dir, 'journal.jsonl'), `${header}\n${l1}\n${l2}\n{"id":"c","ev`);
    const off1 = Buffer.byteLength(header) + 1;
    const off2 = off1 + Buffer.byteLength(l1) + 1;
    fs.writeFileSync(
      path.join(dir, 'acked.jsonl'),
      `${JSON.stringify({ generation: 'g1', offsets: [off1] })}\n${JSON.stringify({ generation: 'old', offsets: [off2] })}\n`,
    );
    const snap = readOutbox(dir);
    assert.equal(snap.pending, 1);
    assert.equal(snap.events.length, 2);
    assert.equal(snap.badLines, 1);
    assert.deepEqual(datasetsOf(snap.events), ['pg://db/s.a', 'pg://db/s.b', 'pg://db/s.c']);
    assert.equal(readOutbox(path.join(dir, 'none')).exists, false);
    fs.rmSync(dir, { recursive: true, force: true });
  });

  it('walks upstream and downstream like the team store', async () => {
    const events = [ev('j1', 's.a', 's.b'), ev('j2', 's.b', 's.c')];
    const down = await localLineage(events, parseDataset('pg://db/s.a'), 'downstream', 1);
    assert.deepEqual(down.nodes.map((n) => n.name).sort(), ['j1', 's.a', 's.b']);
    const up = await localLineage(events, parseDataset('pg://db/s.c'), 'upstream', 5);
    assert.deepEqual(up.nodes.map((n) => n.name).sort(), ['j1', 'j2', 's.a', 's.b', 's.c']);
    assert.throws(() => parseDataset('users'), /NAMESPACE\/NAME/);
  });

  it('describes the sync state', () => {
    assert.equal(
      syncStatus({ outboxPending: 2, teamStoreConfigured: false, daemon: undefined }).text,
      'lineage: not configured (2 local)',
    );
    assert.equal(
      syncStatus({
        outboxPending: 0,
        teamStoreConfigured: false,
        daemon: { pending: 0, teamStore: { url: 'ws://x', state: 'online' } },
      }).kind,
      'synced',
    );
    assert.equal(
      syncStatus({
        outboxPending: 9,
        teamStoreConfigured: true,
        daemon: { pending: 3, teamStore: { url: 'ws://x', state: 'offline' } },
      }).text,
      'lineage: offline (3 pending)',
    );
    assert.equal(
      syncStatus({ outboxPending: 4, teamStoreConfigured: true, daemon: undefined }).text,
      'lineage: 4 pending',
    );
  });
});
