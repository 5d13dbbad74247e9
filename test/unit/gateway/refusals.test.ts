/**
 * How a connection replaces refused statements (`refusals.ts`): a refused Query or Parse becomes
 * the refusal, a Bind with parameters of a refused statement turns the server's error into the
 * refusal, and a Close, an allowed Parse under the same name or a ReadyForQuery ends it.
 * Messages are made with pg-protocol's serializer, as a client sends them.
 */
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { serialize } from 'pg-protocol';
import type { GatewayVerdict } from '../../../server/src/gateway/gateway';
import { Refusals } from '../../../server/src/gateway/refusals';
import { FrameReader, parseMessage, queryText } from '../../../server/src/gateway/wire';

const deny: GatewayVerdict = { effect: 'deny', reason: 'no dropping', matched: ['p/r'] };
const allow: GatewayVerdict = { effect: 'allow', reason: 'ok', matched: [] };

/** The one frame of a serialized client message. */
function frame(raw: Buffer): { type: string | undefined; body: Buffer; raw: Buffer } {
  const [f] = new FrameReader(false).push(raw);
  assert.ok(f);
  return f;
}

/** The message text (`M` field) of an ErrorResponse. */
function errorMessage(raw: Buffer): string {
  const body = frame(raw).body.toString('utf8');
  return (
    body
      .split('\0')
      .find((x) => x.startsWith('M'))
      ?.slice(1) ?? ''
  );
}

describe('gateway refusals', () => {
  it('replaces a refused Query with one raising the refusal, and relays an allowed one as it is', () => {
    let refused = 0;
    const r = new Refusals(() => refused++);
    const q = serialize.query('DROP TABLE users');
    assert.equal(r.query(q, allow), q);
    const out = frame(r.query(q, deny));
    assert.equal(out.type, 'Q');
    assert.match(queryText(out.body), /RAISE EXCEPTION USING ERRCODE = '42501'.*denied by p\/r: no dropping/);
    assert.equal(refused, 1);
  });

  it('turns the error of a Bind with parameters to a refused statement into the refusal', () => {
    const r = new Refusals(() => undefined);
    const raw = serialize.parse({ name: 's1', text: 'UPDATE users SET email = $1', types: [] });
    const sent = frame(r.parse(raw, parseMessage(frame(raw).body), deny));
    assert.equal(parseMessage(sent.body).name, 's1', 'the statement keeps its name');
    assert.equal(r.passes(0x42), false, 'Binds are read while a statement is refused');
    const bind = frame(serialize.bind({ statement: 's1', values: ['x'] }));
    r.other(bind.type, bind.body);
    assert.ok(r.pending());
    assert.match(errorMessage(r.serverError() as Buffer), /denied by p\/r: no dropping/);
    assert.equal(r.serverError(), undefined, 'one error replaced per Bind');
    // A Bind without parameters reaches the substitute itself, which raises the refusal.
    const bare = frame(serialize.bind({ statement: 's1', values: [] }));
    r.other(bare.type, bare.body);
    assert.equal(r.pending(), false);
  });

  it('forgets a refused statement on Close, on an allowed Parse of its name, and errors on ReadyForQuery', () => {
    const r = new Refusals(() => undefined);
    const parse = (name: string, v: GatewayVerdict): void => {
      const raw = serialize.parse({ name, text: 'DELETE FROM t WHERE id = $1', types: [] });
      r.parse(raw, parseMessage(frame(raw).body), v);
    };
    const bind = (statement: string): void => {
      const b = frame(serialize.bind({ statement, values: ['1'] }));
      r.other(b.type, b.body);
    };
    parse('a', deny);
    parse('b', deny);
    bind('a');
    r.ready();
    assert.equal(r.pending(), false, 'ReadyForQuery ends the cycle');
    const close = frame(serialize.close({ type: 'S', name: 'a' }));
    r.other(close.type, close.body);
    bind('a');
    assert.equal(r.pending(), false, 'a closed statement is not refused any more');
    parse('b', allow);
    bind('b');
    assert.equal(r.pending(), false, 'an allowed Parse under the name replaces the refused one');
    assert.equal(r.passes(0x42), true, 'nothing refused: Binds pass unread again');
  });
});
