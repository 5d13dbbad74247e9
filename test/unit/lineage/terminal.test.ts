import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { analyzeAction } from '../../../server/src/core/engine';
import { lineageEventsFor, terminalEventFor } from '../../../server/src/lineage/events';
import { eventIdOf } from '../../../server/src/lineage/ids';
import { createRunEventValidator } from '../../../server/src/lineage/schema';
import { parsers } from '../../helpers/parsers';
import { decisionOf } from './helpers';

const validate = createRunEventValidator();
const agent = { type: 'agent' as const, name: 'claude-code' };
const runId = '3f0c1a52-1b7e-4c1e-9f55-0d6a3c1b2e7f';
const ended = new Date('2025-01-01T00:00:05Z');

async function start(text: string): Promise<ReturnType<typeof lineageEventsFor>[number]> {
  const p = await parsers();
  const analysis = analyzeAction(p, { kind: 'sql', text, dialect: 'postgresql' });
  const [s] = lineageEventsFor(
    analysis,
    decisionOf('allow', agent),
    {
      runId,
      startedAt: new Date('2025-01-01T00:00:00Z'),
    },
    { parsers: p },
  );
  assert.ok(s);
  return s;
}

void describe('terminalEventFor', () => {
  void it('derives the same COMPLETE as lineageEventsFor would, from the START alone', async () => {
    const p = await parsers();
    const text = 'UPDATE accounts SET active = false WHERE id = 7';
    const analysis = analyzeAction(p, { kind: 'sql', text, dialect: 'postgresql' });
    const both = lineageEventsFor(
      analysis,
      decisionOf('allow', agent),
      {
        runId,
        startedAt: new Date('2025-01-01T00:00:00Z'),
        endedAt: ended,
        exitCode: 0,
      },
      { parsers: p },
    );
    const s = both[0];
    assert.ok(s);
    assert.deepEqual(terminalEventFor(s, ended, 0), both[1]);
    assert.deepEqual(terminalEventFor(s, ended), both[1], 'unknown exit code counts as success');
  });

  void it('FAIL for a non-zero exit code, with an errorMessage facet; valid against the spec schema', async () => {
    const s = await start('DELETE FROM orders WHERE id = 1');
    const fail = terminalEventFor(s, ended, 2);
    assert.equal(fail.eventType, 'FAIL');
    assert.equal(fail.eventTime, ended.toISOString());
    assert.equal(fail.run.runId, runId);
    assert.match(String((fail.run.facets?.errorMessage as { message?: string }).message), /code 2/);
    assert.equal(s.run.facets?.errorMessage, undefined, 'the START is not modified');
    assert.deepEqual(fail.outputs, s.outputs);
    assert.equal(validate(fail).ok, true);
    assert.notEqual(eventIdOf(fail), eventIdOf(s), 'START and FAIL have distinct idempotent ids');
  });
});
