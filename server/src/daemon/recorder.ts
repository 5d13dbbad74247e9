import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import type { AuditInput } from '../audit/model';
import { readSpool, spoolDecision } from '../audit/spool';
import { AuditLog } from '../audit/writer';
import { createMasker, maskerWith, type Masker } from '../core/mask/masker';
import type { MaskResult } from '../core/mask/model';
import type { Parsers } from '../core/parsers';
import { auditInputOf, type ServedDecision } from './audit-record';
import { DeferredQueue, type DeferredQueueOptions } from './deferred';
import { createGitIdentityResolver, type GitIdentityResolver } from './git-identity';
import { LineageRecorder, type ExecutedOutcome, type TeamStoreTarget } from './lineage-recorder';

/**
 * What the daemon does when the audit log cannot be written (NIST SP 800-53 AU-5 "Response to
 * audit logging process failures": alert, then a defined action):
 * - `production` (default): actions judged to run in a production environment are denied while
 *   the audit log is failing (an unaudited production change breaks the product's promise);
 *   elsewhere `allow` becomes `warn` naming the failure, so the user sees it;
 * - `closed`: every action not already denied is denied;
 * - `open`: decisions are unchanged (the failure is only logged and shown by `/v1/health`).
 * The failure is always logged and shown in `/v1/health` (`audit.ok: false`, `audit.lastError`).
 */
export type AuditFailureMode = 'production' | 'closed' | 'open';

/** Options of {@link openRecorder}. */
export interface RecorderOptions {
  /** Audit log folder; `false` for none (then every decision counts as unaudited). */
  auditDir: string | false;
  /**
   * The audit spool (see `audit/spool.ts`): decisions made while the log is not open go there
   * durably, and spooled decisions (also those of hooks that judged in their own process) are
   * appended to the chain once it is. Default: `spool/` beside `auditDir`.
   */
  spoolDir?: string;
  /** Folder of the audit log's private key (default: the audit folder; the daemon passes `stateDirs().keys`). */
  keyDir?: string;
  /** Lineage outbox folder; `false` for no lineage. */
  outboxDir: string | false;
  teamStore?: TeamStoreTarget;
  auditFailure?: AuditFailureMode;
  /** The human recorded for agents that do not say whom they act for (default: the OS user). */
  user?: string;
  /**
   * Adds `identity.gitUser` (the git identity configured in the action's cwd) to audit records;
   * default: a resolver running `git config` (cached per folder); `false` for none.
   */
  gitIdentity?: GitIdentityResolver | false;
  /** Recorded as `where.workspace` when a request has no cwd. */
  workspace?: string;
  /** Masks audit text and lineage queries (default: secretlint + PII via `createMasker`). */
  masker?: Masker;
  /** libpg-query, for PostgreSQL fingerprints. */
  parsers?: Pick<Parsers, 'pg'>;
  /** Audit log tuning (checkpoint interval…); `fsync` is `batch` + an fsync per quiet period. */
  checkpointEvery?: number;
  /** How long to retry an audit log locked by another live process (a daemon stopping), ms; default 5000. */
  lockWaitMs?: number;
  /** When deferred work runs (see `deferred.ts`). */
  deferred?: DeferredQueueOptions;
  log?: (line: string) => void;
}

/** How an audit failure changes an answer, or undefined when it does not. */
export interface AuditGate {
  effect: 'deny' | 'warn';
  reason: string;
}

/** Audit, lineage and team sync of served decisions; see {@link openRecorder}. */
export interface DecisionRecorder {
  /** Records a decision (as {@link recordDurably}) without waiting. Never throws. */
  record(d: ServedDecision): void;
  /**
   * Appends the decision's audit record and resolves once it is on disk (group commit: one fsync,
   * run on the next event-loop turn, is shared by every record appended until then, and records
   * arriving while it runs share the next one), so an answer sent after it
   * survives `kill -9`; lineage is queued after. Resolves false when the record could not be
   * written (the audit failure mode then applies). Never rejects.
   */
  recordDurably(d: ServedDecision): Promise<boolean>;
  /** Records how an action ended (`POST /v1/executed`): an audit record with the exit code + lineage. */
  executed(report: { decisionId: string; endedAt: Date; exitCode?: number }): Promise<ExecutedOutcome>;
  /** The override an audit failure imposes on a decision in `environment` with `effect`. */
  gate(environment: string, effect: string): AuditGate | undefined;
  health(): Record<string, unknown>;
  /** Runs queued work, writes a final checkpoint, lets the sync client drain briefly, closes files. */
  close(): Promise<void>;
}

/** Production environments for the fail mode: names with `prod`/`prd` (as the fail rule's globs). */
const isProduction = (environment: string): boolean => /pro?d/i.test(environment);

/** Decisions remembered for `/v1/executed` (oldest forgotten first). */
const REMEMBERED = 10_000;

const message = (err: unknown): string => (err instanceof Error ? err.message : String(err));

/**
 * Opens the audit log and the lineage outbox (and starts syncing to the team store). Never
 * throws: a part that cannot open is logged and reported by `health()`, and the audit failure
 * mode applies to later decisions.
 */
export async function openRecorder(options: RecorderOptions): Promise<DecisionRecorder> {
  const log = options.log ?? ((): void => {});
  const mode = options.auditFailure ?? 'production';
  const user = options.user ?? safeUser();
  const git =
    options.gitIdentity === false ? undefined : (options.gitIdentity ?? createGitIdentityResolver());
  const state: { auditError?: string; appended: number; spooled: number } = { appended: 0, spooled: 0 };
  const closers: (() => void)[] = [];
  const masker = cachedMasker(
    options.masker ??
      (await createMasker().catch((err: unknown) => {
        log(`secretlint could not load (${message(err)}); masking with the built-in recognizers only`);
        return maskerWith(async () => []);
      })),
  );
  const holder: { lineage?: LineageRecorder } = {};
  const source = `${user}@${os.hostname()}`;
  const sendLastCheckpoint = (a: AuditLog | undefined): void => {
    const last = a?.lastCheckpoint;
    if (last && a) holder.lineage?.checkpoint(source, { ...last, publicKey: a.publicKeyPem });
  };
  const opened: { audit?: AuditLog; ready: Promise<AuditLog | undefined> } = {
    ready: Promise.resolve(undefined),
  };
  if (options.auditDir === false) state.auditError = 'no audit log configured';
  else {
    const dir = options.auditDir;
    const attempt = (): Promise<AuditLog> =>
      AuditLog.open(dir, {
        masker,
        fsync: 'batch',
        ...(options.keyDir ? { keyDir: options.keyDir } : {}),
        ...(options.parsers ? { parsers: options.parsers } : {}),
        ...(options.checkpointEvery ? { checkpointEvery: options.checkpointEvery } : {}),
        // The public key goes with each checkpoint: the team store, as a witness, registers it.
        onCheckpoint: (cp) =>
          holder.lineage?.checkpoint(source, {
            ...cp,
            ...(opened.audit ? { publicKey: opened.audit.publicKeyPem } : {}),
          }),
      });
    const failed = (err: unknown): undefined => {
      state.auditError = `cannot open the audit log ${dir}: ${message(err)}`;
      log(state.auditError);
      return undefined;
    };
    const done = (a: AuditLog): AuditLog => {
      opened.audit = a;
      if (a.torn) log(`audit log: torn last line in ${a.torn.file}:${a.torn.line} (recovery record written)`);
      sendLastCheckpoint(a);
      return a;
    };
    // The first attempt is awaited; a lock held by a daemon that is stopping (a window reload)
    // is retried in the background while decisions wait in the queue.
    const first = await attempt().then(done, (err: unknown) => err);
    if (first instanceof AuditLog) opened.ready = Promise.resolve(first);
    else if (isLocked(first)) {
      log(`${message(first)}; retrying for ${options.lockWaitMs ?? 5000} ms`);
      opened.ready = retryLocked(attempt, options.lockWaitMs ?? 5000).then(done, failed);
    } else failed(first);
  }
  if (options.outboxDir !== false) {
    try {
      holder.lineage = await LineageRecorder.open({
        outboxDir: options.outboxDir,
        masker,
        log,
        ...(options.teamStore ? { teamStore: options.teamStore } : {}),
        ...(options.parsers ? { parsers: options.parsers } : {}),
      });
      sendLastCheckpoint(opened.audit);
    } catch (err) {
      log(`lineage disabled: cannot open the outbox ${options.outboxDir}: ${message(err)}`);
    }
  }
  const deferred = new DeferredQueue({
    ...options.deferred,
    onError: (err) => log(`deferred recording failed: ${message(err)}`),
    onIdle: async () => {
      try {
        await (await opened.ready)?.flush();
      } catch (err) {
        state.auditError = `audit log fsync failed: ${message(err)}`;
        log(state.auditError);
      }
    },
  });

  /** The problem of an open log whose folder or segment is gone or read-only, else undefined. */
  const checkFolder = (audit: AuditLog): boolean => {
    const problem = audit.problem();
    if (problem) {
      if (state.auditError !== problem) log(problem);
      state.auditError = problem;
      return false;
    }
    return true;
  };

  const appendAudit = async (input: AuditInput): Promise<boolean> => {
    const audit = opened.audit ?? (await opened.ready);
    if (!audit) return false;
    try {
      if (!checkFolder(audit)) return false;
      await audit.append(input);
      state.appended++;
      if (state.auditError) log('audit log writable again');
      state.auditError = undefined;
      return true;
    } catch (err) {
      state.auditError = `audit append failed: ${message(err)}`;
      log(state.auditError);
      return false;
    }
  };

  /** Group commit (see `AuditLog.commit`): true once the records appended so far are on disk. */
  const durable = async (): Promise<boolean> => {
    try {
      await (await opened.ready)?.commit();
      return true;
    } catch (err) {
      state.auditError = `audit log fsync failed: ${message(err)}`;
      log(state.auditError);
      return false;
    }
  };

  const spoolDir =
    options.spoolDir ??
    (options.auditDir === false ? undefined : path.join(path.dirname(options.auditDir), 'spool'));
  /** Writes `input` to the spool; true when it is durable there. */
  const toSpool = (input: AuditInput): boolean => {
    if (!spoolDir) return false;
    try {
      spoolDecision(spoolDir, input);
      state.spooled++;
      return true;
    } catch (err) {
      log(`cannot spool a decision to ${spoolDir}: ${message(err)}`);
      return false;
    }
  };
  /** Appends the spooled decisions to the chain (oldest first), then deletes their files. */
  let importing: Promise<void> | undefined;
  const importSpool = (): Promise<void> => {
    importing ??= (async () => {
      const audit = opened.audit;
      if (!spoolDir || !audit) return;
      const done: string[] = [];
      for (const s of readSpool(spoolDir)) {
        if (!s.input) {
          log(`unreadable spooled decision ${s.file} (${s.error ?? '?'}): kept as ${s.file}.bad`);
          fs.renameSync(s.file, `${s.file}.bad`);
          continue;
        }
        if (!(await appendAudit(s.input))) break;
        done.push(s.file);
      }
      if (done.length === 0) return;
      await audit.flush();
      for (const f of done) fs.rmSync(f, { force: true });
      log(`appended ${done.length} spooled decision(s) to the audit log`);
    })()
      .catch((err: unknown) => log(`importing the audit spool failed: ${message(err)}`))
      .finally(() => (importing = undefined));
    return importing;
  };
  if (spoolDir && options.auditDir !== false) {
    void opened.ready.then(() => importSpool());
    const timer = setInterval(() => void importSpool(), 60_000);
    timer.unref();
    closers.push(() => clearInterval(timer));
  }

  const recordDurably = async (d: ServedDecision): Promise<boolean> => {
    try {
      const input = auditInputOf(d, user, options.workspace);
      const dir = d.request.action.cwd ?? options.workspace;
      const gitUser = dir && git ? await git.resolve(dir).catch(() => undefined) : undefined;
      if (gitUser) input.identity.gitUser = gitUser;
      remember(d.decisionId, input);
      // The log is still opening (its lock is held by a daemon that is stopping): the spool keeps
      // the record durably until it opens.
      if (!opened.audit && !state.auditError && toSpool(input)) return true;
      const ok = (await appendAudit(input)) && (await durable());
      if (!ok) toSpool(input); // kept for later, but the failure mode applies to this answer
      // An observation is no decided run: no lineage START that nothing would complete.
      if (!d.observed)
        void deferred.push(async () => void (await holder.lineage?.decided(d).catch(() => undefined)));
      return ok;
    } catch (err) {
      log(`recording failed: ${message(err)}`);
      return false;
    }
  };

  const served = new Map<string, { input: AuditInput; reported: boolean }>();
  const remember = (id: string, input: AuditInput): void => {
    served.set(id, { input, reported: false });
    for (const key of served.keys()) {
      if (served.size <= REMEMBERED) break;
      served.delete(key);
    }
  };

  return {
    record(d) {
      void recordDurably(d);
    },
    recordDurably,
    async executed(report) {
      await deferred.flush();
      const entry = served.get(report.decisionId);
      if (!entry) return { status: 'unknown' };
      if (entry.reported) return { status: 'duplicate' };
      entry.reported = true;
      const exit = report.exitCode !== undefined ? { exitCode: report.exitCode } : {};
      // AU-3 (e): the outcome of the action itself, chained after its decision record.
      await appendAudit({
        ...entry.input,
        outcome: { ...entry.input.outcome, ...exit },
        time: report.endedAt,
      });
      if (entry.input.outcome.effect === 'deny') {
        log(`decision ${report.decisionId} was denied but reported as executed`);
        return { status: 'denied' };
      }
      const lineage = holder.lineage;
      return lineage
        ? lineage.executed(report.decisionId, report.endedAt, report.exitCode)
        : { status: 'no-sql' };
    },
    gate(environment, effect) {
      if (!state.auditError || mode === 'open' || effect === 'deny') return undefined;
      const why = `the audit log is failing (${state.auditError})`;
      if (mode === 'closed' || isProduction(environment))
        return { effect: 'deny', reason: `${why}; an unaudited action is not allowed here` };
      return effect === 'allow'
        ? { effect: 'warn', reason: `${why}; this action is not audited` }
        : undefined;
    },
    health() {
      if (opened.audit) checkFolder(opened.audit);
      return {
        audit: {
          ok: state.auditError === undefined,
          dir: options.auditDir === false ? null : options.auditDir,
          failureMode: mode,
          appended: state.appended,
          spooled: state.spooled,
          queued: deferred.size,
          ...(opened.audit ? { nextSeq: opened.audit.nextSeq } : {}),
          ...(!opened.audit && !state.auditError ? { opening: true } : {}),
          ...(state.auditError ? { lastError: state.auditError } : {}),
        },
        lineage: holder.lineage?.health() ?? { ok: options.outboxDir === false, outbox: null },
      };
    },
    async close() {
      for (const c of closers.splice(0)) c();
      await importing;
      await deferred.close();
      await (
        await opened.ready
      )
        ?.close()
        .catch((err: unknown) => log(`closing the audit log failed: ${message(err)}`));
      await holder.lineage?.close();
    },
  };
}

const isLocked = (err: unknown): boolean => /is locked by pid/.test(message(err));

/** Retries `attempt` every 100 ms while the log is locked, for at most `waitMs`. */
async function retryLocked(attempt: () => Promise<AuditLog>, waitMs: number): Promise<AuditLog> {
  const end = Date.now() + waitMs;
  for (;;) {
    await new Promise((r) => setTimeout(r, 100));
    try {
      return await attempt();
    } catch (err) {
      if (!isLocked(err) || Date.now() >= end) throw err;
    }
  }
}

/** Texts whose mask result is remembered (the same commands recur: `git status`, test runs…). */
const MASK_CACHE_ENTRIES = 1000;
const MASK_CACHE_MAX_CHARS = 4096;

/**
 * `masker` with an LRU cache of `mask` results for short texts: masking is deterministic, and
 * secretlint (~0.5 ms a text) is most of an audit append's cost.
 */
function cachedMasker(masker: Masker): Masker {
  const cache = new Map<string, Promise<MaskResult>>();
  return {
    maskSync: (text) => masker.maskSync(text),
    mask(text) {
      if (text.length > MASK_CACHE_MAX_CHARS) return masker.mask(text);
      const hit = cache.get(text);
      if (hit) {
        cache.delete(text);
        cache.set(text, hit);
        return hit;
      }
      const result = masker.mask(text);
      cache.set(text, result);
      result.catch(() => cache.delete(text));
      for (const key of cache.keys()) {
        if (cache.size <= MASK_CACHE_ENTRIES) break;
        cache.delete(key);
      }
      return result;
    },
  };
}

function safeUser(): string {
  try {
    return process.env.USER ?? os.userInfo().username;
  } catch {
    return 'unknown';
  }
}
