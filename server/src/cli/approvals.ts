/**
 * `railguard approvals`: lists the asks waiting in a running daemon and lets the human answer
 * them when VS Code is not there to (issue 12). While an interactive session runs it is attached
 * to the daemon as an approver: agents' asks wait for it instead of being `unavailable`.
 * Answering needs a terminal on stdin (an agent's tool calls have none), and the policy's control
 * rules deny agents `railguard approvals` and the daemon's approval routes in every environment.
 */
import * as os from 'node:os';
import { createInterface } from 'node:readline';
import { parseArgs } from 'node:util';
import type { PendingAsk, QueueEvent } from '../daemon/approval-queue';
import { answerAsk, ApprovalsClientError, listPending, watchApprovals } from '../daemon/approvals-client';
import { findDaemon, type DaemonTarget } from '../daemon/client';
import { runtimePaths, type RuntimePaths } from '../daemon/paths';
import { EXIT, UsageError, type CliIo } from './io';

export const APPROVALS_HELP = `Usage:
  railguard approvals              answer the asks waiting in the daemon, one by one (needs a TTY):
                                   y approves, n rejects, s or Enter skips; q or Ctrl-D quits
  railguard approvals list [--json] print the pending asks and exit (read-only, for scripts)

While 'railguard approvals' runs, it is the daemon's approver: an agent's ask waits for your
answer (up to the daemon's approval timeout) instead of being refused as "no approver is
connected". Each answer is recorded in the audit log with the approver 'human:USER via railguard
approvals'. The daemon is found through the runtime folder ($RAILGUARD_RUNTIME_DIR, else
$XDG_RUNTIME_DIR/railguard, else ~/.railguard/run). Agents are denied this command by policy.

Options:
  --json       (list) print JSON: { pending: [...], attached }
  --once       answer what is pending now, then exit (no waiting for new asks)
  -h, --help   show this help

Exit codes: 0 done, 2 usage error (also: stdin is not a terminal), 3 no daemon is running.
`;

/** Exit code when no daemon can be reached. */
const NO_DAEMON = 3;

/** What the command needs beyond stdio (injectable for tests). */
export interface ApprovalsDeps {
  /** True when stdin is a terminal (default `process.stdin.isTTY`). */
  stdinIsTTY?: boolean;
  /** Asks a question on the terminal; resolves to the answer line, or undefined at end of input. */
  ask?: (question: string) => Promise<string | undefined>;
  paths?: RuntimePaths;
  /** The approver's user name (default: the OS user). */
  user?: string;
  /** Now, for ages (default `Date.now`). */
  now?: () => number;
  /** With `ask`: true once the session should end while it waits for asks (the terminal's Ctrl-D). */
  closed?: () => boolean;
}

/** `railguard approvals …`. */
export async function runApprovalsCommand(
  args: string[],
  io: CliIo,
  deps: ApprovalsDeps = {},
): Promise<number> {
  const { values, positionals } = parseArgs({
    args,
    allowPositionals: true,
    options: {
      help: { type: 'boolean', short: 'h' },
      json: { type: 'boolean' },
      once: { type: 'boolean' },
    },
  });
  if (values.help) {
    io.stdout(APPROVALS_HELP);
    return EXIT.ok;
  }
  const [sub, ...extra] = positionals;
  if (extra.length > 0 || (sub !== undefined && sub !== 'list'))
    throw new UsageError(`unexpected "${positionals.join(' ')}" (expected nothing or "list")`);
  if (values.json && sub !== 'list') throw new UsageError('--json goes with "list"');
  const target = findDaemon(deps.paths ?? runtimePaths());
  if (!target) {
    io.stderr('railguard approvals: no daemon is running here (start one with `railguard daemon`)\n');
    return NO_DAEMON;
  }
  const now = deps.now ?? Date.now;
  try {
    if (sub === 'list') {
      const r = await listPending(target);
      if (values.json) io.stdout(JSON.stringify(r) + '\n');
      else if (r.pending.length === 0) io.stdout('no pending asks\n');
      else for (const [i, a] of r.pending.entries()) io.stdout(describeAsk(a, i + 1, now()));
      return EXIT.ok;
    }
    if (!(deps.stdinIsTTY ?? Boolean(process.stdin.isTTY)))
      throw new UsageError('answering needs a human at a terminal (stdin is not a TTY); nothing answered');
    const user = deps.user ?? userName();
    if (deps.ask) return await session(target, io, deps.ask, user, now, Boolean(values.once), deps.closed);
    const rl = createInterface({ input: process.stdin, output: process.stderr });
    let closed = false;
    rl.once('close', () => (closed = true));
    const ask = (q: string): Promise<string | undefined> =>
      closed
        ? Promise.resolve(undefined)
        : new Promise((resolve) => {
            rl.once('close', () => resolve(undefined));
            rl.question(q, resolve);
          });
    try {
      return await session(target, io, ask, user, now, Boolean(values.once), () => closed);
    } finally {
      rl.close();
    }
  } catch (err) {
    if (err instanceof ApprovalsClientError) {
      io.stderr(
        `railguard approvals: ${err.kind === 'unreachable' ? 'no daemon answers' : 'the daemon refused'}: ${err.message}\n`,
      );
      return err.kind === 'unreachable' ? NO_DAEMON : EXIT.findings;
    }
    throw err;
  }
}

function userName(): string {
  try {
    return os.userInfo().username;
  } catch {
    return process.env.USER ?? 'unknown';
  }
}

/** Seconds as `12 s`, `3 min`. */
const ago = (ms: number): string =>
  ms < 90_000 ? `${Math.max(0, Math.round(ms / 1000))} s` : `${Math.round(ms / 60_000)} min`;

/** One ask as shown to the approver: actor, environment, age, command, rules, reason, id. */
export function describeAsk(a: PendingAsk, n: number, now: number): string {
  const age = ago(now - Date.parse(a.requestedAt));
  const left = ago(Date.parse(a.expiresAt) - now);
  return (
    `[${n}] ${a.actor} in ${a.environment}, ${age} ago (expires in ${left}), from ${a.source}\n` +
    `    ${a.action.kind}: ${a.action.text.replace(/\n/g, '\n      ')}\n` +
    (a.action.cwd ? `    cwd:     ${a.action.cwd}\n` : '') +
    `    rules:   ${a.matched.join(', ') || '-'}\n` +
    `    reason:  ${a.reason}\n` +
    `    id:      ${a.id}\n`
  );
}

/**
 * The interactive loop: attaches a watch, then asks about each pending ask in arrival order
 * until end of input (`q`, Ctrl-D) — or, with `once`, until what was pending at the start is done.
 */
async function session(
  target: DaemonTarget,
  io: CliIo,
  ask: (q: string) => Promise<string | undefined>,
  user: string,
  now: () => number,
  once: boolean,
  inputClosed: () => boolean = () => false,
): Promise<number> {
  const pending = new Map<string, PendingAsk>();
  const skipped = new Set<string>();
  let wake: () => void = () => undefined;
  const onEvent = (e: QueueEvent): void => {
    if (e.type === 'pending') pending.set(e.ask.id, e.ask);
    else pending.delete(e.id);
    wake();
  };
  const watch = watchApprovals(target, onEvent);
  await watch.ready;
  let ended = false;
  void watch.ended.then(() => {
    ended = true;
    wake();
  });
  // The asks pending at attach time arrive first; with --once only those are answered.
  const now0 = once ? (await listPending(target)).pending : [];
  for (const a of now0) if (!pending.has(a.id)) pending.set(a.id, a);
  const initial = once ? new Set(now0.map((a) => a.id)) : undefined;
  let n = 0;
  let announced = false;
  try {
    for (;;) {
      const next = [...pending.values()].find(
        (a) => !skipped.has(a.id) && (initial === undefined || initial.has(a.id)),
      );
      if (!next) {
        if (once || ended || inputClosed()) break;
        if (!announced) io.stderr('waiting for asks (q or Ctrl-D to quit)…\n');
        announced = true;
        // Until an event arrives or the input ends (Ctrl-D closes the terminal's reader).
        await new Promise<void>((resolve) => {
          const poll = setInterval(() => inputClosed() && wake(), 200);
          wake = () => {
            clearInterval(poll);
            resolve();
          };
        });
        continue;
      }
      announced = false;
      io.stderr(describeAsk(next, ++n, now()));
      const line = await ask('Approve? [y/n/s(kip)/q] ');
      if (line === undefined || /^q(uit)?$/i.test(line.trim())) break;
      const a = line.trim().toLowerCase();
      if (a !== 'y' && a !== 'yes' && a !== 'n' && a !== 'no') {
        skipped.add(next.id);
        io.stderr('  skipped\n');
        continue;
      }
      const answer = a.startsWith('y') ? 'approved' : 'rejected';
      const took = await answerAsk(target, next.id, answer, user);
      pending.delete(next.id);
      io.stderr(
        took ? `  ${answer} as human:${user}\n` : '  no longer pending (answered elsewhere or expired)\n',
      );
    }
  } finally {
    watch.close();
  }
  return EXIT.ok;
}
