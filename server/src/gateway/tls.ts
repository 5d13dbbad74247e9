/**
 * TLS on both sides of the gateway. Clients: an SSLRequest is answered `S` when the gateway has a
 * certificate, and the connection continues inside TLS (node:tls, server side). Upstream: the
 * `sslmode` of the upstream URL, as libpq reads it: `disable` (plain), `prefer` (TLS when the
 * server offers it), `require` (TLS, the certificate not checked), `verify-ca` (signed by
 * `sslrootcert`), `verify-full` (also the host name). The gateway sends its own SSLRequest before
 * relaying the client's StartupMessage.
 *
 * Sources: PostgreSQL docs, "Frontend/Backend Protocol", "SSL Session Encryption" (the one-byte
 * `S`/`N` answer; bytes sent before the handshake are refused, CVE-2021-23214/23222), "libpq SSL
 * Support" (sslmode table), "Connection Parameters" (sslmode, sslrootcert).
 */
import * as fs from 'node:fs';
import * as net from 'node:net';
import * as tls from 'node:tls';
import { SSL_REQUEST } from './wire';

/** libpq's `sslmode` values the gateway accepts for its upstream. */
export type SslMode = 'disable' | 'prefer' | 'require' | 'verify-ca' | 'verify-full';
const MODES: readonly SslMode[] = ['disable', 'prefer', 'require', 'verify-ca', 'verify-full'];

/** How the gateway talks TLS to its upstream. */
export interface UpstreamTls {
  mode: SslMode;
  /** PEM of the trusted roots (`sslrootcert`), for `verify-ca`/`verify-full`; default: Node's. */
  ca?: string;
  /** The name the certificate must carry (`verify-full`): the upstream host. */
  servername: string;
}

/**
 * The upstream TLS of a `postgres://` URL: its `sslmode` (default `disable`, as the gateway has
 * always connected in clear text) and `sslrootcert` (a PEM file, read now).
 * @throws Error for an unknown sslmode or an unreadable sslrootcert.
 */
export function upstreamTlsOf(url: URL): UpstreamTls | undefined {
  const mode = url.searchParams.get('sslmode') ?? 'disable';
  if (!MODES.includes(mode as SslMode)) throw new Error(`sslmode must be one of ${MODES.join(', ')}`);
  if (mode === 'disable') return undefined;
  const root = url.searchParams.get('sslrootcert');
  return {
    mode: mode as SslMode,
    ...(root ? { ca: fs.readFileSync(root, 'utf8') } : {}),
    servername: url.hostname.replace(/^\[|\]$/g, ''),
  };
}

/** An SSLRequest: Int32 length 8, Int32 code 80877103. */
function sslRequest(): Buffer {
  const b = Buffer.alloc(8);
  b.writeInt32BE(8, 0);
  b.writeInt32BE(SSL_REQUEST, 4);
  return b;
}

/**
 * Connects to the upstream, negotiating TLS as `opts` says, and resolves to the socket to relay
 * through (a TLSSocket, or the plain one for `prefer` when the server says `N`).
 * @throws Error (rejects) when the server refuses TLS under `require` and stronger, when the
 * certificate fails verification, or when the connection fails.
 */
export function connectUpstream(
  upstream: { host: string; port: number },
  opts: UpstreamTls,
): Promise<net.Socket> {
  return new Promise((resolve, reject) => {
    const raw = net.connect(upstream.port, upstream.host);
    raw.setNoDelay(true);
    const failed = (err: Error): void => {
      raw.destroy();
      reject(err);
    };
    raw.once('error', failed);
    raw.once('connect', () => raw.write(sslRequest()));
    raw.once('data', (answer: Buffer) => {
      raw.off('error', failed);
      if (answer.length !== 1) return failed(new Error('upstream sent data before the TLS handshake'));
      if (answer[0] !== 0x53 /* S */) {
        if (opts.mode === 'prefer') return resolve(raw);
        return failed(new Error(`upstream does not offer TLS (sslmode=${opts.mode})`));
      }
      const verify = opts.mode === 'verify-ca' || opts.mode === 'verify-full';
      const secure = tls.connect({
        socket: raw,
        ...(net.isIP(opts.servername) ? {} : { servername: opts.servername }),
        rejectUnauthorized: verify,
        ...(opts.ca ? { ca: opts.ca } : {}),
        // verify-ca: the chain only; verify-full: the chain and the host name (Node's check).
        ...(opts.mode === 'verify-full' ? {} : { checkServerIdentity: () => undefined }),
      });
      secure.setNoDelay(true);
      secure.once('secureConnect', () => {
        secure.off('error', reject);
        resolve(secure);
      });
      secure.once('error', reject);
    });
  });
}

/**
 * Upgrades a client connection that sent SSLRequest (and was answered `S`) to TLS with the
 * gateway's certificate. The returned socket carries the rest of the session.
 */
export function acceptClientTls(client: net.Socket, context: tls.SecureContext): tls.TLSSocket {
  const secure = new tls.TLSSocket(client, { isServer: true, secureContext: context });
  secure.setNoDelay(true);
  return secure;
}
