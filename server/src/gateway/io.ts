/**
 * Writing relayed bytes with as little work per message as the kernel allows. A relay's hot path
 * is one read and one write per message in each direction; `net.Socket#write` spends most of its
 * time in the stream machinery around the write(2) (queue state, a write request object, a
 * `nextTick` per call). {@link DirectWriter} writes to the socket's file descriptor at once
 * (`fs.writeSync`/`fs.writevSync`: one write(2)/writev(2)) whenever nothing is queued in the
 * socket, and hands the rest to `socket.write` (which queues it and waits for the socket to drain)
 * when the kernel takes only part, refuses (EAGAIN) or fails (the socket then reports the error).
 * Order is kept: once anything is queued in the socket, every later write queues behind it.
 *
 * Only for plain sockets (TCP or Unix): a TLS socket's bytes must go through TLS, and a socket
 * without a descriptor (another runtime) is written through `socket.write` alone.
 */
import * as fs from 'node:fs';
import type * as net from 'node:net';

/** The file descriptor under a connected plain socket, or -1 (`net.Socket#_handle.fd`, Linux/macOS). */
export function socketFd(sock: net.Socket): number {
  const fd = (sock as unknown as { _handle?: { fd?: unknown } })._handle?.fd;
  return typeof fd === 'number' && fd >= 0 ? fd : -1;
}

/** A sink for relayed bytes (a socket, or the gateway's queue while the upstream's TLS is set up). */
export interface ByteSink {
  /** Writes `b` now or queues it in order; true (the relay does not apply backpressure per write). */
  write(b: Buffer): boolean;
  /** Writes `parts` in order, as one write where the kernel allows. */
  writev(parts: Buffer[]): void;
}

/** Writes to one socket directly when it can (see the module comment). */
export class DirectWriter implements ByteSink {
  /** The descriptor once known (-1: unknown yet; -2: write through the socket only). */
  private fd = -1;

  /** `plain`: the socket carries no TLS (its descriptor may be written to directly). */
  constructor(
    private readonly sock: net.Socket,
    plain: boolean,
  ) {
    if (!plain) this.fd = -2;
  }

  /** The descriptor to write to now, or -1 when the write must go through the socket. */
  private ready(): number {
    const s = this.sock;
    if (this.fd === -2 || s.connecting || s.destroyed || s.writableEnded || s.writableLength > 0) return -1;
    if (this.fd === -1) this.fd = socketFd(s);
    return this.fd;
  }

  write(b: Buffer): boolean {
    const fd = this.ready();
    if (fd >= 0) {
      try {
        const n = fs.writeSync(fd, b);
        if (n === b.length) return true;
        b = b.subarray(n);
      } catch {
        // EAGAIN: queued below. Any other error: the socket's own write reports it.
      }
    }
    this.sock.write(b);
    return true;
  }

  writev(parts: Buffer[]): void {
    if (parts.length === 1) {
      this.write(parts[0] as Buffer);
      return;
    }
    const fd = this.ready();
    let at = 0;
    if (fd >= 0) {
      try {
        let n = fs.writevSync(fd, parts);
        // Skip the parts written whole; cut the one written in part.
        while (at < parts.length && n >= (parts[at] as Buffer).length) n -= (parts[at++] as Buffer).length;
        if (at < parts.length && n > 0) parts[at] = (parts[at] as Buffer).subarray(n);
      } catch {
        // as in write()
      }
    }
    if (at >= parts.length) return;
    this.sock.cork();
    for (; at < parts.length; at++) this.sock.write(parts[at] as Buffer);
    this.sock.uncork();
  }
}
