/**
 * Deciders for the gateway (see `gateway.ts`): the engine in process, and the daemon (which also
 * records the decision in the audit log and, for an `ask`, waits for a human's approval in the
 * editor), falling back to the engine when the daemon cannot be reached.
 */
import type { Runtime } from '../cli/runtime';
import { isFailure, postJson, type DaemonTarget } from '../daemon/client';
import { judge } from '../core/judge';
import type { SqlStatement } from '../core/sql/model';
import type { Actor, Effect } from '../core/types';
import type { Decider, GatewayVerdict } from './gateway';
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

/**
 * Judges with the engine in this process. The environment comes from the upstream's host through
 * the policy's environments (`upstreamHost` is given as a host the action talks to). An `ask` is
 * never approved here (no approver): the statement is refused, failing closed. `environment`,
 * when given, names the environment instead (a gateway that fronts production says so).
 */
export function engineDecider(rt: Runtime, upstreamHost: string, environment?: string): Decider {
  return {
    decide: (sql: string, ctx: { actor: Actor }): Promise<GatewayVerdict> => {
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
        return Promise.resolve({
          literalInsensitive: only !== undefined && only.parsed && literalInsensitive(only.ast),
          effect: d.effect,
          reason: d.reason,
          matched: d.matched.map((m) => `${m.policy}/${m.rule}`),
          writes: writesOf(statements),
          locks: locksOf(statements),
          settings: [...new Set(statements.flatMap((st) => settingsChanged(st.ast)))],
        });
      } catch (err) {
        return Promise.resolve({
          effect: 'deny',
          reason: `the statement could not be judged (${err instanceof Error ? err.message : String(err)})`,
          matched: [],
        });
      }
    },
    version: () => rt.policies.hash,
  };
}

/**
 * Asks the daemon at `target` (`POST /v1/decide`, source `proxy`): the daemon judges, records the
 * decision and, for an `ask`, waits up to `approvalMs` for the approver. When the daemon cannot be
 * reached or answers nothing usable within `timeoutMs` (+ the approval wait), `fallback` decides.
 */
export function daemonDecider(
  target: DaemonTarget,
  upstreamHost: string,
  fallback: Decider,
  options: { timeoutMs?: number; approvalMs?: number; environment?: string } = {},
): Decider {
  const timeoutMs = options.timeoutMs ?? 2000;
  const approvalMs = options.approvalMs ?? 60_000;
  return {
    async decide(sql, ctx) {
      const answer = await postJson(
        target,
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
        },
        timeoutMs + approvalMs,
      );
      const local = await fallback.decide(sql, ctx);
      if (isFailure(answer) || typeof answer.effect !== 'string' || !EFFECTS.includes(answer.effect))
        return local;
      const approval = answer.approval as { status?: string } | undefined;
      return {
        ...(local.writes ? { writes: local.writes } : {}),
        ...(local.literalInsensitive ? { literalInsensitive: true } : {}),
        ...(local.locks ? { locks: local.locks } : {}),
        ...(local.settings ? { settings: local.settings } : {}),
        effect: answer.effect as Effect,
        ...(approval ? { approved: approval.status === 'approved' } : {}),
        reason: typeof answer.reason === 'string' ? answer.reason : '',
        matched: Array.isArray(answer.matched) ? answer.matched.map(String) : [],
      };
    },
    version: fallback.version,
  };
}
