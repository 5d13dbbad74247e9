/**
 * Who is behind a gateway connection: the process that owns the client's end of a loopback TCP
 * connection, found through Linux's /proc (the socket's inode in /proc/net/tcp{,6}, then the
 * process holding that inode among its /proc/PID/fd links), and its parent chain, whose
 * environments and program names say whether an agent launched it (a script an agent runs is
 * judged as that agent). Linux only; elsewhere, and when /proc does not tell, the identity is
 * unknown and the gateway falls back to the database user.
 *
 * On a Unix-domain socket the peer is found through the kernel's socket diagnostics: Node has no
 * SO_PEERCRED, so the inode of the gateway's end (/proc/self/fd) is looked up in `ss -xn`
 * (iproute2, netlink sock_diag), which names the inode of the client's end; the process holding
 * that inode (/proc/PID/fd) is the client. Sources: ss(8); unix(7) ("SO_PEERCRED"); proc(5).
 */
import { execFile } from 'node:child_process';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { AGENT_ENV_MARKERS } from '../core/policy/actor';
import type { Actor } from '../core/types';

/** A process of the parent chain. */
export interface PeerProcess {
  pid: number;
  /** Program name (`comm`), e.g. `psql`, `node`, `claude`. */
  comm: string;
  /** The process's `USER` (from its environment), when readable. */
  user?: string;
}

/** What the gateway learned about a connection's client. */
export interface PeerIdentity {
  /** The client process and its ancestors, client first (at most 32). */
  chain: PeerProcess[];
  /** The agent found in the chain (by environment marker or program name), if any. */
  agent?: { name: string; reason: string };
  /** The OS user of the client process. */
  user?: string;
}

/** Program names of agent CLIs (their `comm`), mapped to the agent names policies use. */
const AGENT_PROGRAMS: Record<string, string> = {
  claude: 'claude-code',
  codex: 'codex',
  gemini: 'gemini',
  'cursor-agent': 'cursor',
  aider: 'aider',
  copilot: 'copilot',
};

/** `0100007F:1F90` (little-endian IPv4 hex, hex port) ⇒ port, for the loopback addresses. */
function localPort(field: string): number | undefined {
  const colon = field.lastIndexOf(':');
  const port = parseInt(field.slice(colon + 1), 16);
  return Number.isFinite(port) ? port : undefined;
}

/** A TCP socket's inode and owning uid, found in a /proc/net/tcp{,6} table. */
interface TcpSocket {
  inode: string;
  uid: number;
}

/**
 * The socket in table `text` whose local port is `clientPort` and remote port `serverPort`
 * (/proc/net/tcp columns: sl, local, remote, st, queues, tr, retrnsmt, uid, timeout, inode).
 */
function findSocket(text: string, clientPort: number, serverPort: number): TcpSocket | undefined {
  for (const line of text.split('\n').slice(1)) {
    const cols = line.trim().split(/\s+/);
    if (cols.length < 10) continue;
    if (localPort(cols[1] ?? '') === clientPort && localPort(cols[2] ?? '') === serverPort) {
      const inode = cols[9];
      if (inode && inode !== '0') return { inode, uid: Number(cols[7]) };
    }
  }
  return undefined;
}

const TCP_TABLES = ['/proc/net/tcp', '/proc/net/tcp6'];

/** The client's TCP socket (IPv4 table first; the kernel walks its whole hash table per read). */
function socketInode(clientPort: number, serverPort: number): TcpSocket | undefined {
  for (const table of TCP_TABLES) {
    try {
      const found = findSocket(fs.readFileSync(table, 'utf8'), clientPort, serverPort);
      if (found) return found;
    } catch {
      // no such table
    }
  }
  return undefined;
}

/** {@link socketInode} reading the tables off the event loop (a read costs milliseconds). */
async function socketInodeAsync(clientPort: number, serverPort: number): Promise<TcpSocket | undefined> {
  for (const table of TCP_TABLES) {
    try {
      const found = findSocket(await fs.promises.readFile(table, 'utf8'), clientPort, serverPort);
      if (found) return found;
    } catch {
      // no such table
    }
  }
  return undefined;
}

/**
 * The pid holding socket `inode` among its open files. Newest processes are looked at first (a
 * client has usually just started), and only those of `uid` when the socket's owner is known
 * (a process's /proc directory belongs to its effective uid), which spares reading every fd table.
 */
function ownerOf(inode: string, uid?: number): number | undefined {
  const target = `socket:[${inode}]`;
  let pids: string[];
  try {
    pids = fs.readdirSync('/proc').filter((d) => /^\d+$/.test(d));
  } catch {
    return undefined;
  }
  pids.sort((a, b) => Number(b) - Number(a));
  for (const pid of pids) {
    if (uid !== undefined) {
      try {
        if (fs.statSync(`/proc/${pid}`).uid !== uid) continue;
      } catch {
        continue;
      }
    }
    let fds: string[];
    try {
      fds = fs.readdirSync(`/proc/${pid}/fd`);
    } catch {
      continue; // another user's process, or gone
    }
    for (const fd of fds) {
      try {
        if (fs.readlinkSync(path.join('/proc', pid, 'fd', fd)) === target) return Number(pid);
      } catch {
        // closed meanwhile
      }
    }
  }
  return undefined;
}

function readEnviron(pid: number): Record<string, string> {
  try {
    const out: Record<string, string> = {};
    for (const kv of fs.readFileSync(`/proc/${pid}/environ`, 'utf8').split('\0')) {
      const eq = kv.indexOf('=');
      if (eq > 0) out[kv.slice(0, eq)] = kv.slice(eq + 1);
    }
    return out;
  } catch {
    return {};
  }
}

/** `comm` and parent pid of `pid` from /proc/PID/stat (the comm may hold spaces and parentheses). */
function stat(pid: number): { comm: string; ppid: number } | undefined {
  try {
    const s = fs.readFileSync(`/proc/${pid}/stat`, 'utf8');
    const open = s.indexOf('(');
    const close = s.lastIndexOf(')');
    const rest = s.slice(close + 2).split(' ');
    return { comm: s.slice(open + 1, close), ppid: Number(rest[1]) };
  } catch {
    return undefined;
  }
}

/**
 * The identity of the client at `clientPort` connected to the gateway's `serverPort` on loopback.
 * Never throws; an empty chain when /proc does not tell (not Linux, another user's process).
 */
export function peerIdentity(clientPort: number, serverPort: number): PeerIdentity {
  return identityOfSocket(socketInode(clientPort, serverPort));
}

/**
 * {@link peerIdentity} with the /proc/net/tcp reads off the event loop (what the gateway uses, so
 * a connecting client does not stall the others). Never rejects.
 */
export async function peerIdentityAsync(clientPort: number, serverPort: number): Promise<PeerIdentity> {
  return identityOfSocket(await socketInodeAsync(clientPort, serverPort));
}

/** The identity of the process holding `sock`. */
function identityOfSocket(sock: TcpSocket | undefined): PeerIdentity {
  // A process whose /proc directory is not its user's (non-dumpable, setuid) is found by the full scan.
  const pid = sock
    ? ((Number.isInteger(sock.uid) ? ownerOf(sock.inode, sock.uid) : undefined) ?? ownerOf(sock.inode))
    : undefined;
  return pid === undefined ? { chain: [] } : identityOfProcess(pid);
}

/** The inode of the socket behind this process's file descriptor `fd`, if it is a socket. */
export function socketInodeOfFd(fd: number): string | undefined {
  try {
    return /^socket:\[(\d+)\]$/.exec(fs.readlinkSync(`/proc/self/fd/${fd}`))?.[1];
  } catch {
    return undefined;
  }
}

/**
 * The inode of the peer of Unix socket `inode`, from `ss -xnH` output (one socket a line:
 * `u_str ESTAB RecvQ SendQ LocalAddress LocalInode PeerAddress PeerInode`; addresses are a path or
 * `*`, so fields are counted from the line's end).
 */
export function unixPeerInode(ssOutput: string, inode: string): string | undefined {
  for (const line of ssOutput.split('\n')) {
    const f = line.trim().split(/\s+/);
    if (f.length >= 6 && f[f.length - 3] === inode) {
      const peer = f[f.length - 1];
      return peer && /^\d+$/.test(peer) && peer !== '0' ? peer : undefined;
    }
  }
  return undefined;
}

/**
 * The identity of the client at the other end of the gateway's Unix socket `fd` (see the module
 * comment): `ss` names the peer's inode, /proc its process. Never rejects; an empty chain when it
 * cannot tell (no `ss`, not Linux, the client gone, another user's process without privileges).
 */
export function unixPeerIdentity(fd: number): Promise<PeerIdentity> {
  const inode = socketInodeOfFd(fd);
  if (!inode) return Promise.resolve({ chain: [] });
  return new Promise((resolve) => {
    execFile('ss', ['-xnH'], { timeout: 2000, maxBuffer: 16 << 20 }, (err, stdout) => {
      const peer = err ? undefined : unixPeerInode(stdout, inode);
      const pid = peer ? ownerOf(peer) : undefined;
      resolve(pid === undefined ? { chain: [] } : identityOfProcess(pid));
    });
  });
}

/** The identity of process `pid` and its ancestors (see {@link PeerIdentity}). Never throws. */
export function identityOfProcess(pid: number): PeerIdentity {
  const chain: PeerProcess[] = [];
  let agent: PeerIdentity['agent'];
  let user: string | undefined;
  for (let p = pid, depth = 0; p > 1 && depth < 32; depth++) {
    const st = stat(p);
    if (!st) break;
    const env = readEnviron(p);
    const proc: PeerProcess = { pid: p, comm: st.comm, ...(env.USER ? { user: env.USER } : {}) };
    chain.push(proc);
    user ??= env.USER;
    if (!agent) {
      const marker = AGENT_ENV_MARKERS.find((m) => (env[m.variable] ?? '') !== '');
      if (marker)
        agent = { name: marker.agent, reason: `${marker.variable} is set in ${st.comm} (pid ${p})` };
      else if (env.RAILGUARD_ACTOR?.startsWith('agent:'))
        agent = { name: env.RAILGUARD_ACTOR.slice(6), reason: `RAILGUARD_ACTOR in ${st.comm} (pid ${p})` };
      else {
        const byName = AGENT_PROGRAMS[st.comm];
        if (byName) agent = { name: byName, reason: `launched by ${st.comm} (pid ${p})` };
      }
    }
    p = st.ppid;
  }
  return { chain, ...(agent ? { agent } : {}), ...(user ? { user } : {}) };
}

/** The actor of a connection: the agent found in its process chain, else the human OS user or database user. */
export function actorOf(identity: PeerIdentity, dbUser: string | undefined): Actor {
  const human = identity.user ?? dbUser ?? 'unknown';
  if (identity.agent) return { type: 'agent', name: identity.agent.name, onBehalfOf: human };
  return { type: 'human', name: human };
}
