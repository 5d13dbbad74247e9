/**
 * The gateway's socket I/O over real loopback sockets: an accepted socket moved to an `onread`
 * buffer, and direct writes that fall back to the socket's queue when the kernel takes only part
 * (the reader is paused), with every byte arriving once and in order.
 */
import assert from 'node:assert/strict';
import * as net from 'node:net';
import { describe, it } from 'node:test';
import { DirectWriter, socketFd } from '../../../server/src/gateway/io';
import { adoptOnread } from '../../../server/src/gateway/listen';

/** A connected pair: `accepted` from a server made with `pauseOnConnect`, and the client side. */
async function pair(): Promise<{ server: net.Server; accepted: net.Socket; client: net.Socket }> {
  const server = net.createServer({ pauseOnConnect: true });
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  const port = (server.address() as net.AddressInfo).port;
  const acceptedP = new Promise<net.Socket>((r) => server.once('connection', r));
  const client = net.connect(port, '127.0.0.1');
  await new Promise<void>((r) => client.once('connect', () => r()));
  return { server, accepted: await acceptedP, client };
}

/** Destroys the sockets and closes the server. */
function close(server: net.Server, ...sockets: net.Socket[]): Promise<void> {
  for (const s of sockets) s.destroy();
  return new Promise<void>((r) => server.close(() => r()));
}

/** Byte `i` of the test stream. */
const byteAt = (i: number): number => (i * 31 + (i >> 13)) & 0xff;

describe('gateway socket I/O', { timeout: 60_000 }, () => {
  it('moves an accepted socket to an onread buffer that every read reuses', async (t) => {
    const { server, accepted, client } = await pair();
    t.after(() => close(server, client));
    const buf = Buffer.alloc(4096);
    const seen: Buffer[] = [];
    let same = true;
    const got = new Promise<void>((resolve) => {
      const { socket, onread } = adoptOnread(accepted, {
        buffer: buf,
        callback: (n, b) => {
          same &&= b === buf;
          seen.push(Buffer.from(b.subarray(0, n)));
          if (Buffer.concat(seen).toString() === 'hello world') resolve();
          return true;
        },
      });
      assert.equal(onread, true);
      assert.equal(socket.remotePort, client.localPort, 'the new socket has the connection');
      assert.ok(accepted.destroyed, 'the accepted socket is let go');
      client.write('hello ');
      setTimeout(() => client.write('world'), 20);
    });
    await got;
    assert.ok(same, 'reads land in the given buffer');
  });

  it('writes in order, directly and through the socket queue when the reader lags', async (t) => {
    const { server, accepted, client } = await pair();
    t.after(() => close(server, client, accepted));
    accepted.pause();
    const total = 24 << 20;
    const w = new DirectWriter(client, true);
    assert.ok(socketFd(client) >= 0);
    // Mixed single writes and runs, far more than the socket buffers hold while nobody reads.
    let at = 0;
    let queued = false;
    let round = 0;
    while (at < total) {
      const sizes = [1 + (at % 70_000), 5, 30_000];
      const parts = sizes.map((size) => {
        const b = Buffer.alloc(Math.min(size, total - at));
        for (let i = 0; i < b.length; i++) b[i] = byteAt(at + i);
        at += b.length;
        return b;
      });
      const nonEmpty = parts.filter((p) => p.length);
      if (round++ % 2) w.writev(nonEmpty);
      else for (const p of nonEmpty) w.write(p);
      queued ||= client.writableLength > 0;
    }
    assert.ok(queued, 'the kernel refused part of it: the socket queue took over');
    let got = 0;
    let bad = -1;
    await new Promise<void>((resolve) => {
      accepted.on('data', (d: Buffer) => {
        for (let i = 0; i < d.length && bad < 0; i++) if (d[i] !== byteAt(got + i)) bad = got + i;
        got += d.length;
        if (got >= total) resolve();
      });
      accepted.resume();
    });
    assert.equal(bad, -1, `first wrong byte at ${bad}`);
    assert.equal(got, total);
  });

  it('writes a TLS-less socket through its queue when told it is not plain', async (t) => {
    const { server, accepted, client } = await pair();
    t.after(() => close(server, client, accepted));
    const w = new DirectWriter(client, false);
    const chunks: Buffer[] = [];
    accepted.on('data', (d: Buffer) => chunks.push(d));
    accepted.resume();
    w.write(Buffer.from('a'));
    w.writev([Buffer.from('b'), Buffer.from('c')]);
    await new Promise((r) => setTimeout(r, 50));
    assert.equal(Buffer.concat(chunks).toString(), 'abc');
  });
});
