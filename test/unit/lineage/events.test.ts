import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { analyzeAction } from '../../../server/src/core/engine';
import { eventIdOf, isUuid, uuidV5 } from '../../../server/src/lineage/ids';
import { lineageEventsFor } from '../../../server/src/lineage/events';
import { datasetName, datasetNamespace } from '../../../server/src/lineage/naming';
import { RUN_EVENT_SCHEMA_URL, type RunEvent } from '../../../server/src/lineage/openlineage';
import { createRunEventValidator } from '../../../server/src/lineage/schema';
import { parsers } from '../../helpers/parsers';
import { decisionOf } from './helpers';

const validate = createRunEventValidator();
const agent = { type: 'agent' as const, name: 'claude-code', sessionId: 's-1', onBehalfOf: 'alice' };
const target = { host: 'db.prod.internal', port: 5432, database: 'shop', dialect: 'postgresql' as const };

async function eventsFor(
  text: string,
  effect: 'allow' | 'ask' | 'deny' = 'allow',
  extra = {},
): Promise<RunEvent[]> {
  const p = await parsers();
  const analysis = analyzeAction(p, { kind: 'sql', text, dialect: 'postgresql' });
  return lineageEventsFor(
    analysis,
    decisionOf(effect, agent),
    {
      startedAt: new Date('2025-01-01T00:00:00Z'),
      endedAt: new Date('2025-01-01T00:00:01Z'),
      target,
      decisionId: 'd-1',
      ...extra,
    },
    { parsers: p },
  );
}

void describe('uuidV5', () => {
  void it('matches the RFC 9562 appendix test vector', () => {
    assert.equal(
      uuidV5('www.example.com', '6ba7b810-9dad-11d1-80b4-00c04fd430c8'),
      '2ed6657d-e927-568b-95e1-2665a8aea6a2',
    );
  });
  void it('event ids are deterministic per run and type, and differ across types', () => {
    const run = { runId: '0b5d4a5e-1c1a-4b7e-9f43-5d1e3a2b9c10' };
    const a = eventIdOf({ eventType: 'START', eventTime: 't1', run });
    assert.equal(a, eventIdOf({ eventType: 'START', eventTime: 't2', run }));
    assert.notEqual(a, eventIdOf({ eventType: 'COMPLETE', eventTime: 't1', run }));
    assert.notEqual(
      eventIdOf({ eventType: 'RUNNING', eventTime: 't1', run }),
      eventIdOf({ eventType: 'RUNNING', eventTime: 't2', run }),
    );
    assert.ok(isUuid(a));
  });
});

void describe('dataset naming', () => {
  void it('follows the OpenLineage conventions per dialect', () => {
    assert.equal(datasetNamespace(target), 'postgres://db.prod.internal:5432');
    assert.equal(datasetName('users', target), 'shop.public.users');
    assert.equal(datasetName('billing.invoices', target), 'shop.billing.invoices');
    assert.equal(datasetName('"Odd.Schema".t', target), 'shop.Odd.Schema.t');
    assert.equal(datasetName('users', { host: 'h', dialect: 'postgresql' }), 'public.users');
    assert.equal(datasetNamespace({ host: 'm', dialect: 'mysql' }), 'mysql://m:3306');
    assert.equal(datasetName('orders', { host: 'm', database: 'app', dialect: 'mysql' }), 'app.orders');
    assert.equal(datasetNamespace({ host: '::1', dialect: 'postgresql' }), 'postgres://[::1]:5432');
  });
});

void describe('lineageEventsFor', () => {
  void it('produces START and COMPLETE events valid against the 2-0-2 schema, with inputs and outputs', async () => {
    const events = await eventsFor(
      "INSERT INTO billing.invoices (id, email) SELECT id, 'bob@example.com' FROM users WHERE total > 100",
    );
    assert.deepEqual(
      events.map((e) => e.eventType),
      ['START', 'COMPLETE'],
    );
    for (const e of events) {
      const v = validate(e);
      assert.ok(v.ok, v.ok ? '' : v.errors.join('\n'));
      assert.equal(e.schemaURL, RUN_EVENT_SCHEMA_URL);
    }
    const [start, complete] = events as [RunEvent, RunEvent];
    assert.equal(start.run.runId, complete.run.runId);
    assert.notEqual(eventIdOf(start), eventIdOf(complete));
    assert.deepEqual(start.inputs, [
      { namespace: 'postgres://db.prod.internal:5432', name: 'shop.public.users' },
    ]);
    assert.deepEqual(start.outputs, [
      { namespace: 'postgres://db.prod.internal:5432', name: 'shop.billing.invoices' },
    ]);
    const query = String(start.job.facets?.['sql']?.['query']);
    assert.ok(!query.includes('bob@example.com') && !query.includes('100'), query);
    assert.match(query, /INSERT INTO billing\.invoices/);
    const actor = start.run.facets?.['railguard_actor'];
    assert.equal(actor?.['agent'], 'claude-code');
    assert.equal(actor?.['sessionId'], 's-1');
    assert.equal(actor?.['decisionId'], 'd-1');
    assert.equal(actor?.['environment'], 'production');
    assert.match(start.job.name, /^sql\.insert\.[0-9a-f]{12}$/);
  });

  void it('makes the terminal event FAIL with an errorMessage facet on a non-zero exit code', async () => {
    const events = await eventsFor('DELETE FROM users WHERE id = 7', 'allow', { exitCode: 3 });
    assert.deepEqual(
      events.map((e) => e.eventType),
      ['START', 'FAIL'],
    );
    assert.equal(events[1]?.run.facets?.['errorMessage']?.['message'], 'exited with code 3');
    assert.ok(validate(events[1]).ok);
  });

  void it('emits nothing for denied or unapproved actions, and events for approved ones', async () => {
    assert.deepEqual(await eventsFor('DROP TABLE users', 'deny'), []);
    assert.deepEqual(await eventsFor('DROP TABLE users', 'ask'), []);
    const approved = await eventsFor('DROP TABLE users', 'ask', { approved: true });
    assert.equal(approved.length, 2);
    assert.equal(approved[0]?.run.facets?.['railguard_actor']?.['approved'], true);
  });

  void it('masks PII in the actor facet (an actor name that is an email)', async () => {
    const p = await parsers();
    const analysis = analyzeAction(p, { kind: 'sql', text: 'SELECT 1 FROM t' });
    const [e] = lineageEventsFor(
      analysis,
      decisionOf('allow', { type: 'human', name: 'carol@example.com' }),
      {
        startedAt: new Date(),
      },
    );
    assert.ok(e);
    assert.equal(e.run.facets?.['railguard_actor']?.['actor'], '[PII:email]');
  });

  void it('the schema rejects malformed events', () => {
    assert.equal(validate({}).ok, false);
    const bad = {
      eventTime: 'yesterday',
      producer: 'x:y',
      schemaURL: 'x:y',
      run: { runId: 'nope' },
      job: { namespace: 'a', name: 'b' },
    };
    const v = validate(bad);
    assert.equal(v.ok, false);
    assert.equal(
      validate({
        ...bad,
        eventTime: '2025-01-01T00:00:00Z',
        run: { runId: '0b5d4a5e-1c1a-4b7e-9f43-5d1e3a2b9c10' },
      }).ok,
      true,
    );
    assert.equal(
      validate({
        ...bad,
        eventTime: '2025-01-01T00:00:00Z',
        run: { runId: '0b5d4a5e-1c1a-4b7e-9f43-5d1e3a2b9c10', facets: { x: {} } },
      }).ok,
      false,
    );
  });
});
