/**
 * Where the gateway listens: loopback TCP, and optionally a Unix-domain socket named as
 * PostgreSQL names its own, `DIR/.s.PGSQL.PORT`, so `psql -h DIR -p PORT` (libpq: a host starting
 * with `/` is a socket directory) reaches the gateway. Sources: PostgreSQL docs, "Connection
 * Parameters" (`host`), "Connections and Authentication" (`unix_socket_directories`).
 */
import * as fs from 'node:fs';
import * as net from 'node:net';
import * as path from 'node:path';

/** The socket path libpq uses for a socket directory and a port: `DIR/.s.PGSQL.PORT`. */
export function socketPath(dir: string, port: number): string {
  return path.join(dir, `.s.PGSQL.${port}`);
}

/** Resolves once `server` listens on `where`; rejects with the listen error. */
export function listenOn(server: net.Server, where: net.ListenOptions): Promise<void> {
  return new Promise((resolve, reject) => {
    server.once('error', reject);
    server.listen(where, () => {
      server.off('error', reject);
      resolve();
    });
  });
}

/** Whether something accepts connections on the Unix socket `file`. */
function inUse(file: string): Promise<boolean> {
  return new Promise((resolve) => {
    const c = net.connect(file, () => {
      c.destroy();
      resolve(true);
    });
    c.on('error', () => resolve(false));
  });
}

/**
 * Listens on the Unix socket `DIR/.s.PGSQL.PORT`. A socket file nobody listens on (left by a
 * gateway that was killed) is removed first, as PostgreSQL does; a live one is not touched.
 * @throws Error when `dir` is missing, the socket is in use, or listening fails.
 */
export async function listenUnix(server: net.Server, dir: string, port: number): Promise<string> {
  if (!fs.statSync(dir).isDirectory()) throw new Error(`${dir} is not a directory`);
  const file = socketPath(dir, port);
  if (fs.existsSync(file)) {
    if (await inUse(file)) throw new Error(`${file} is in use`);
    fs.rmSync(file, { force: true });
  }
  await listenOn(server, { path: file });
  return file;
}

/**
 * The accepted connection `accepted` as a socket whose reads land in `onread`'s buffer (a
 * `net.Server` has no `onread` option for the sockets it accepts; `net.connect` has). `accepted`
 * must come from a server made with `pauseOnConnect: true`, so nothing was read from it yet: its
 * handle moves to a new `net.Socket` made with `onread`, and `accepted` is destroyed without it
 * (which also takes it off the server's connection count). Uses `net.Socket#_handle` and the
 * `handle` constructor option, as Node's own `net` and `child_process` modules do; where the
 * handle is absent (another runtime), `accepted` is resumed and returned: the caller then reads
 * `data` events. Returns the socket to use and whether `onread` is in effect.
 */
export function adoptOnread(
  accepted: net.Socket,
  onread: net.OnReadOpts,
): { socket: net.Socket; onread: boolean } {
  const holder = accepted as unknown as { _handle?: unknown };
  const handle = holder._handle;
  if (!handle || typeof handle !== 'object' || accepted.readableFlowing !== false) {
    accepted.resume();
    return { socket: accepted, onread: false };
  }
  holder._handle = null;
  accepted.destroy();
  const socket = new net.Socket({
    handle,
    onread,
    readable: true,
    writable: true,
  } as net.SocketConstructorOpts);
  return { socket, onread: true };
}
