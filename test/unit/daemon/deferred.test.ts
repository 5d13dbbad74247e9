import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { DeferredQueue } from '../../../server/src/daemon/deferred';

const tick = (): Promise<void> => new Promise((r) => setImmediate(r));

void describe('DeferredQueue', () => {
  void it('runs nothing while requests keep coming within the quiet time, then all in push order', async () => {
    const ran: number[] = [];
    let idle = 0;
    const q = new DeferredQueue({ quietMs: 10_000, onIdle: () => void idle++ });
    for (let i = 0; i < 5; i++) void q.push(async () => void ran.push(i));
    for (let i = 0; i < 5; i++) await tick();
    assert.deepEqual(ran, [], 'deferred while not quiet');
    assert.equal(q.size, 5);
    await q.flush();
    assert.deepEqual(ran, [0, 1, 2, 3, 4]);
    assert.equal(idle, 1, 'one idle callback per drain (one fsync per burst)');
  });

  void it('yields to the event loop between tasks', async () => {
    const order: string[] = [];
    const q = new DeferredQueue({ quietMs: 0 });
    void q.push(async () => void order.push('a'));
    void q.push(async () => void order.push('b'));
    setImmediate(() => order.push('io'));
    await q.flush();
    assert.ok(order.indexOf('io') < order.indexOf('b'), order.join(','));
  });

  void it('runs at once when the oldest task is overdue or too many wait', async () => {
    const ran: number[] = [];
    const q = new DeferredQueue({ quietMs: 10_000, maxQueued: 3 });
    const pushed = [1, 2, 3].map((i) => q.push(async () => void ran.push(i)));
    await Promise.all(pushed);
    assert.deepEqual(ran, [1, 2, 3]);
  });

  void it('a failing task is reported and does not stop the rest; close refuses new tasks', async () => {
    const errors: unknown[] = [];
    const ran: number[] = [];
    const q = new DeferredQueue({ quietMs: 0, onError: (e) => errors.push(e) });
    void q.push(() => Promise.reject(new Error('boom')));
    void q.push(async () => void ran.push(2));
    await q.close();
    assert.equal(errors.length, 1);
    assert.deepEqual(ran, [2]);
    assert.throws(() => q.push(async () => undefined), /closed/);
  });
});
