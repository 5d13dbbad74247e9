/**
 * Deciders for the gateway (see `gateway.ts`): the engine in process, and the daemon (which also
 * records the decision in the audit log and, for an `ask`, waits for a human's approval in the
 * editor), falling back to the engine when the daemon cannot be reached. Both apply the blast
 * radius (`daemon/blast-radius.ts`) before anyone is asked, so the approver sees the estimate.
 */
import type { Runtime } from '../cli/runtime';
import { ASK_OVER_ROWS, overLimitReason, type BlastRadius } from '../daemon/blast-radius';
import { isFailure, postJson, type DaemonTarget } from '../daemon/client';
import { judge } from '../core/judge';
import type { SqlStatement } from '../core/sql/model';
import type { Actor, Effect } from '../core/types';
import type { Decider, GatewayVerdict } from './gateway';

/** What a decider is given with each statement (see `Decider.decide`). */
type DecideContext = Parameters<Decider['decide']>[1];
import { settingsChanged } from './guc';
import { literalInsensitive } from './shape';

const EFFECTS: readonly string[] = ['allow', 'warn', 'ask', 'deny'];

/** Statement kinds whose blast radius the gateway estimates (see `side.ts`). */
const ESTIMATED_KINDS = new Set(['UPDATE', 'DELETE', 'MERGE']);

/**
 * The lock a DDL statement takes on its table (PostgreSQL docs, "Explicit Locking", table-level
 * lock modes; the strongest form where a command's forms differ, e.g. most ALTER TABLE forms).
 */
function lockOf(s: SqlStatement): string | undefined {
  const ast = s.ast as Record<string, Record<string, unknown> | undefined> | undefined;
  switch (s.facts.statementKind) {
    case 'ALTER TABLE':
    case 'TRUNCATE':
    case 'CLUSTER':
      return 'ACCESS EXCLUSIVE';
    case 'REFRESH MATERIALIZED VIEW':
      return ast?.RefreshMatViewStmt?.concurrent ? 'EXCLUSIVE' : 'ACCESS EXCLUSIVE';
    case 'CREATE INDEX':
      return ast?.IndexStmt?.concurrent ? 'SHARE UPDATE EXCLUSIVE' : 'SHARE';
    case 'VACUUM':
      return JSON.stringify(ast?.VacuumStmt?.options ?? []).includes('"defname":"full"')
        ? 'ACCESS EXCLUSIVE'
        : undefined;
    default:
      return undefined;
  }
}

/** The tables DDL statements lock, with the lock mode (see {@link lockOf}). */
function locksOf(statements: readonly SqlStatement[]): { table: string; lock: string }[] {
  return statements.flatMap((s) => {
    const lock = s.origin === 'top' ? lockOf(s) : undefined;
    return lock ? [...s.facts.tablesWritten, ...s.facts.tablesRead].map((table) => ({ table, lock })) : [];
  });
}

/**
 * The top-level statements of a parsed action that modify rows of a table: UPDATE, DELETE, MERGE,
 * and any other statement writing a table through a data-modifying CTE (`WITH d AS (DELETE …)
 * SELECT …`), as their own texts (one statement each, for `EXPLAIN`).
 */
function writesOf(statements: readonly SqlStatement[]): string[] {
  return statements
    .filter(
      (s) =>
        s.origin === 'top' &&
        (ESTIMATED_KINDS.has(s.facts.statementKind) ||
          (s.facts.statementKind === 'SELECT' && s.facts.tablesWritten.length > 0)),
    )
    .map((s) => s.text);
}

/** Whether the verdict's writes or locks are to be estimated (a `deny` needs no estimate). */
const estimable = (v: GatewayVerdict): boolean =>
  v.effect !== 'deny' && ((v.writes?.length ?? 0) > 0 || (v.locks?.length ?? 0) > 0);

/** The estimate of `v` when the context asks for one (see {@link estimable}). */
async function radiusOf(v: GatewayVerdict, ctx: DecideContext): Promise<BlastRadius | undefined> {
  return ctx.estimate && estimable(v) ? ctx.estimate(v) : undefined;
}

/**
 * `v` with the estimate, as `withBlastRadius` words it for the daemon: over the limit an
 * `allow`/`warn` becomes an unapproved `ask` of {@link ASK_OVER_ROWS}; else the reason gains it.
 */
export function applyRadius(v: GatewayVerdict, r: BlastRadius | undefined): GatewayVerdict {
  if (!r) return v;
  if (r.overLimit !== undefined && (v.effect === 'allow' || v.effect === 'warn'))
    return {
      ...v,
      effect: 'ask',
      approved: false,
      reason: overLimitReason({ ...r, overLimit: r.overLimit }),
      matched: [ASK_OVER_ROWS, ...v.matched],
    };
  return { ...v, reason: `${v.reason}; ${r.text}` };
}

/**
 * Judges with the engine in this process. The environment comes from the upstream's host through
 * the policy's environments (`upstreamHost` is given as a host the action talks to). An `ask` is
 * never approved here (no approver): the statement is refused, failing closed. `environment`,
 * when given, names the environment instead (a gateway that fronts production says so).
 */
export function engineDecider(rt: Runtime, upstreamHost: string, environment?: string): Decider {
  const judgeHere = (sql: string, ctx: { actor: Actor }): GatewayVerdict => {
    try {
      const j = judge(
        rt.parsers,
        rt.policies,
        { kind: 'sql', text: sql, dialect: 'postgresql', source: 'proxy' },
        {
          actor: ctx.actor,
          hosts: [upstreamHost],
          ...(environment ? { explicitEnvironment: environment } : {}),
        },
        { metas: rt.metas },
      );
      const d = j.decision;
      const statements = j.analysis.sql.flatMap((a) => a.statements);
      const only = statements.length === 1 ? statements[0] : undefined;
      return {
        literalInsensitive: only !== undefined && only.parsed && literalInsensitive(only.ast),
        effect: d.effect,
        reason: d.reason,
        matched: d.matched.map((m) => `${m.policy}/${m.rule}`),
        writes: writesOf(statements),
        locks: locksOf(statements),
        settings: [...new Set(statements.flatMap((st) => settingsChanged(st.ast)))],
      };
    } catch (err) {
      return {
        effect: 'deny',
        reason: `the statement could not be judged (${err instanceof Error ? err.message : String(err)})`,
        matched: [],
      };
    }
  };
  return {
    async decide(sql, ctx) {
      const v = judgeHere(sql, ctx);
      return applyRadius(v, await radiusOf(v, ctx));
    },
    version: () => rt.policies.hash,
  };
}

/**
 * Asks the daemon at `target` (`POST /v1/decide`, source `proxy`): the daemon judges, records the
 * decision and, for an `ask`, waits up to `approvalMs` for the approver. The blast radius is
 * estimated first (on `fallback`'s verdict, which names the writes and locks) and sent along: the
 * daemon puts it in the reason, the audit record and the approval prompt, and asks when it is over
 * the gateway's limit. `ctx.signal` closes the request (the daemon ends the wait as `cancelled`)
 * and the statement is refused. When the daemon cannot be reached or answers nothing usable within
 * `timeoutMs` (+ the approval wait), `fallback`'s verdict with the estimate decides (an `ask` is
 * then refused: nobody can approve it). `target` may be a function, asked at every decision (the
 * daemon may start after the gateway, or restart elsewhere): undefined then means no daemon.
 */
export function daemonDecider(
  target: DaemonTarget | (() => DaemonTarget | undefined),
  upstreamHost: string,
  fallback: Decider,
  options: { timeoutMs?: number; approvalMs?: number; environment?: string } = {},
): Decider {
  const timeoutMs = options.timeoutMs ?? 2000;
  const approvalMs = options.approvalMs ?? 60_000;
  return {
    async decide(sql, ctx) {
      const { estimate: _e, signal, ...plain } = ctx;
      const local = await fallback.decide(sql, plain);
      const radius = await radiusOf(local, ctx);
      const daemon = typeof target === 'function' ? target() : target;
      if (!daemon) return applyRadius(local, radius);
      const answer = await postJson(
        daemon,
        '/v1/decide',
        {
          action: { kind: 'sql', text: sql, dialect: 'postgresql' },
          actor: `${ctx.actor.type}:${ctx.actor.name}`,
          env: {},
          hints: {
            hosts: [upstreamHost],
            ...(options.environment ? { environment: options.environment } : {}),
          },
          source: 'proxy',
          timeoutMs: approvalMs,
          ...(radius ? { blastRadius: radius } : {}),
        },
        timeoutMs + approvalMs,
        signal,
      );
      const here = applyRadius(local, radius);
      if (signal?.aborted) {
        const matched = here.matched.length ? here.matched : ['gateway/cancelled'];
        return {
          ...here,
          effect: 'ask',
          approved: false,
          matched,
          reason: `cancelled by the client: ${here.reason}`,
        };
      }
      if (isFailure(answer) || typeof answer.effect !== 'string' || !EFFECTS.includes(answer.effect))
        return here;
      const approval = answer.approval as { status?: string } | undefined;
      return {
        ...(local.writes ? { writes: local.writes } : {}),
        ...(local.literalInsensitive ? { literalInsensitive: true } : {}),
        ...(local.locks ? { locks: local.locks } : {}),
        ...(local.settings ? { settings: local.settings } : {}),
        // An answered ask stays an ask (approved or not): never cached, asked again next time.
        effect: approval ? 'ask' : (answer.effect as Effect),
        ...(approval ? { approved: approval.status === 'approved' } : {}),
        reason: typeof answer.reason === 'string' ? answer.reason : '',
        matched: Array.isArray(answer.matched) ? answer.matched.map(String) : [],
      };
    },
    version: fallback.version,
  };
}
