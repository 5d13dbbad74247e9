import type { Approval, AuditInput } from '../audit/model';
import type { Judgement } from '../core/judge';
import type { ApprovalStatus } from './approvals';
import type { DecideRequest } from './protocol';

/** What the daemon knows about one served decision, beyond the judgement. */
export interface ServedDecision {
  /** Random UUID, the audit record's `decisionId` and the lineage run id. */
  decisionId: string;
  request: DecideRequest;
  judgement: Judgement;
  /** The effect the caller was answered (after approval or an audit-failure override). */
  effect: Judgement['decision']['effect'];
  /** Approval of an `ask`: status and the approver the provider named. */
  approval?: { status: ApprovalStatus; approver?: string };
  /** When the decision was answered (for an observation: when the command started). */
  time: Date;
  /** Set for a command observed running (judged after the fact, nothing enforced). */
  observed?: true;
}

/** Statement kinds of every SQL statement the action holds, in order, without repeats. */
export function statementKindsOf(judgement: Judgement): string[] {
  const kinds = judgement.analysis.sql.flatMap((a) => a.statements.map((s) => s.facts.statementKind));
  return [...new Set(kinds)];
}

/**
 * The audit input (NIST SP 800-53 AU-3, see `audit/model.ts`) for a served decision:
 * - what: action kind, text (raw here; `AuditLog.append` masks it), dialect, statement kinds,
 *   tables read and written;
 * - where: the action's cwd (or `workspace`), environment, the first host it talks to;
 * - source: the interceptor; outcome: the effect answered, the policy mode, the approval;
 * - identity: the human (`onBehalfOf` of an agent, else the human actor, else `fallbackUser`),
 *   the agent with its session, the approver;
 * - decision id, matched policy rules as `policy/rule`, the policy set hash, controls.
 * `unavailable` approvals (no approver connected) leave `approval` out: the effect `ask` says it.
 */
export function auditInputOf(d: ServedDecision, fallbackUser: string, workspace?: string): AuditInput {
  const dec = d.judgement.decision;
  const analysis = d.judgement.analysis;
  const actor = dec.actor;
  const tables = [...new Set([...analysis.tablesRead, ...analysis.tablesWritten])].sort();
  const kinds = statementKindsOf(d.judgement);
  const dialect = d.request.action.dialect ?? analysis.sql[0]?.dialect;
  const cwd = d.request.action.cwd ?? workspace;
  const target = analysis.hosts[0];
  const st = d.approval?.status;
  const approval: Approval | undefined = st && st !== 'unavailable' ? st : undefined;
  const user = actor.type === 'human' ? actor.name : (actor.onBehalfOf ?? fallbackUser);
  return {
    what: {
      kind: d.request.action.kind,
      text: d.request.action.text,
      ...(dialect ? { dialect } : {}),
      ...(kinds.length > 0 ? { statementKinds: kinds } : {}),
      ...(tables.length > 0 ? { tables } : {}),
    },
    where: {
      environment: dec.environment,
      ...(cwd ? { workspace: cwd } : {}),
      ...(target ? { target } : {}),
    },
    source: d.request.source,
    outcome: {
      effect: d.effect,
      mode: dec.mode,
      ...(approval ? { approval } : {}),
      ...(d.observed ? { observed: true as const } : {}),
    },
    identity: {
      user,
      ...(actor.type === 'agent'
        ? { agent: { name: actor.name, ...(actor.sessionId ? { sessionId: actor.sessionId } : {}) } }
        : {}),
      ...(d.approval?.approver ? { approver: d.approval.approver } : {}),
    },
    decisionId: d.decisionId,
    rules: dec.matched.map((m) => `${m.policy}/${m.rule}`),
    policySetHash: dec.policySetHash,
    controls: [...dec.controls],
    time: d.time,
  };
}
