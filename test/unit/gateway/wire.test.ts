/**
 * The gateway's framing: messages relayed unread (FrameSkipper) and read (FrameReader) together
 * give back the byte stream exactly, in order, whatever the read boundaries.
 */
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { FrameReader, FrameSkipper } from '../../../server/src/gateway/wire';

/** A typed message: type byte, Int32 length, `body`. */
function msg(type: string, body: string): Buffer {
  const b = Buffer.from(body, 'utf8');
  const out = Buffer.alloc(5 + b.length);
  out.write(type, 0, 'latin1');
  out.writeInt32BE(4 + b.length, 1);
  b.copy(out, 5);
  return out;
}

/** A deterministic pseudo-random sequence (xorshift32). */
function rng(seed: number): () => number {
  let x = seed || 1;
  return () => {
    x ^= x << 13;
    x ^= x >>> 17;
    x ^= x << 5;
    return (x >>> 0) / 2 ** 32;
  };
}

describe('gateway framing', () => {
  it('passes whole messages the predicate accepts and stops before the first it refuses', () => {
    const stream = Buffer.concat([msg('B', 'bind'), msg('E', 'exec'), msg('Q', 'SELECT 1'), msg('S', '')]);
    const s = new FrameSkipper();
    const n = s.scan(stream, (t) => t !== 0x51);
    assert.equal(n, msg('B', 'bind').length + msg('E', 'exec').length);
    assert.equal(s.left, 0);
  });

  it('passes the start of a cut message and its remaining bytes in the next reads', () => {
    const m = msg('D', 'x'.repeat(100));
    const s = new FrameSkipper();
    assert.equal(
      s.scan(m.subarray(0, 10), () => true),
      10,
    );
    assert.equal(s.left, 95);
    // The rest of the message passes even when the predicate now refuses everything.
    assert.equal(
      s.scan(m.subarray(10, 50), () => false),
      40,
    );
    assert.equal(
      s.scan(Buffer.concat([m.subarray(50), msg('Q', 'q')]), () => false),
      55,
    );
    assert.equal(s.left, 0);
  });

  it('stops before a header the read cuts, and rejects a broken length', () => {
    const s = new FrameSkipper();
    const two = Buffer.concat([msg('Z', 'I'), msg('D', 'abc').subarray(0, 3)]);
    assert.equal(
      s.scan(two, () => true),
      6,
    );
    const bad = Buffer.from([0x44, 0, 0, 0, 2]);
    assert.throws(() => new FrameSkipper().scan(bad, () => true), /bad message length 2/);
  });

  it('with a reader after it, yields the exact stream in order for any read boundaries', () => {
    const messages: Buffer[] = [];
    const r = rng(42);
    for (let i = 0; i < 300; i++) {
      const type = 'QPBEDSZTCd'[Math.floor(r() * 10)] as string;
      messages.push(msg(type, 'v'.repeat(Math.floor(r() * 300))));
    }
    const stream = Buffer.concat(messages);
    /** Where messages end: peers mostly write whole messages, so reads often end there. */
    const ends: number[] = [];
    messages.reduce((at, m) => (ends.push(at + m.length), at + m.length), 0);
    for (const seed of [1, 2, 3, 4, 5]) {
      const cut = rng(seed);
      const skip = new FrameSkipper();
      const reader = new FrameReader(false);
      reader.typed();
      const out: Buffer[] = [];
      let relayed = 0;
      let read = 0;
      for (let at = 0; at < stream.length;) {
        const boundary =
          ends[Math.min(ends.length - 1, ends.findIndex((e) => e > at) + Math.floor(cut() * 3))];
        const end = cut() < 0.5 ? (boundary as number) : at + 1 + Math.floor(cut() * 700);
        let chunk = stream.subarray(at, end);
        at += chunk.length;
        // As the gateway does: unread while nothing waits in the reader, then the reader.
        const plain = cut() < 0.7;
        if (skip.left > 0 || (reader.empty() && plain)) {
          const n = skip.scan(chunk, plain ? (t) => t !== 0x51 && t !== 0x50 : () => false);
          out.push(chunk.subarray(0, n));
          relayed += n;
          chunk = chunk.subarray(n);
        }
        if (chunk.length)
          for (const f of reader.push(chunk)) {
            out.push(f.raw);
            read++;
          }
      }
      assert.ok(reader.empty());
      assert.equal(skip.left, 0);
      assert.ok(relayed > 0 && read > 0, `both paths were taken: ${relayed} bytes unread, ${read} read`);
      assert.deepEqual(Buffer.concat(out), stream);
    }
  });
});
