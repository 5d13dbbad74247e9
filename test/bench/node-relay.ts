/**
 * The floor of a Node.js relay, for the gateway benchmark: the gateway's own socket I/O (accepted
 * sockets read into reused `onread` buffers, direct descriptor writes; `server/src/gateway/io.ts`,
 * `listen.ts`) with no framing and no judging: bytes pass both ways as they come. The gap between
 * it and PgBouncer is what Node's per-callback runtime costs; the gap between the gateway and it is
 * what the gateway's own work (framing, judging, masking checks) costs.
 *
 * Usage: `node --import tsx test/bench/node-relay.ts LISTEN_PORT UPSTREAM_HOST UPSTREAM_PORT`.
 */
import * as net from 'node:net';
import { DirectWriter } from '../../server/src/gateway/io';
import { adoptOnread } from '../../server/src/gateway/listen';
import { readBuffer } from '../../server/src/gateway/session';

const [listenPort, upHost, upPort] = process.argv.slice(2);

const server = net.createServer({ pauseOnConnect: true, noDelay: true }, (accepted) => {
  // The read callbacks run after the sockets and writers below exist (reads are asynchronous).
  const clientReads = readBuffer();
  const { socket: client } = adoptOnread(accepted, {
    buffer: clientReads.next,
    callback: (n, buf) => {
      toUp.write(Buffer.from(buf.buffer, buf.byteOffset, n));
      if (up.writableLength > 0 || up.connecting) clientReads.lent();
      return true;
    },
  });
  client.setNoDelay(true);
  const toClient = new DirectWriter(client, true);
  const upReads = readBuffer();
  const up = net.connect({
    host: upHost,
    port: Number(upPort),
    noDelay: true,
    onread: {
      buffer: upReads.next,
      callback: (n, buf) => {
        toClient.write(Buffer.from(buf.buffer, buf.byteOffset, n));
        if (client.writableLength > 0) upReads.lent();
        return true;
      },
    },
  });
  const toUp = new DirectWriter(up, true);
  const close = (): void => {
    client.destroy();
    up.destroy();
  };
  for (const s of [client, up]) {
    s.on('error', close);
    s.on('close', close);
  }
});
server.listen(Number(listenPort), '127.0.0.1');
