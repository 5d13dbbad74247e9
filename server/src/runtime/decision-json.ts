/**
 * Shaping a decision for the wire: the stable JSON of a finding and of a decision, as the CLI
 * (`check --json`, `lint --format json`), the daemon's `/v1/decide`, the agent hooks and the MCP
 * gate send it. Pure.
 */
import type { Judgement } from '../core/judge';
import type { JudgedFinding } from '../core/policy/model';
import type { ColumnFact, Finding } from '../core/types';

/** The stable JSON shape of a finding in CLI output. */
export function findingJson(f: Finding): Record<string, unknown> {
  return {
    ruleId: f.ruleId,
    category: f.category,
    severity: f.severity,
    message: f.message,
    line: f.span.line,
    column: f.span.column,
    endLine: f.span.endLine,
    endColumn: f.span.endColumn,
    ...(f.statement ? { statementKind: f.statement.statementKind } : {}),
    ...(f.suppressed ? { suppressed: f.suppressed.reason } : {}),
  };
}

/** A column as `table.column` (or `column` when the SQL leaves its table open). */
export function columnLabel(c: ColumnFact): string {
  return c.table ? `${c.table}.${c.name}` : c.name;
}

/** The data classes a judged finding falls in, with the tables and columns behind each (JSON shape). */
function dataClassJson(f: JudgedFinding): Record<string, unknown> {
  return {
    dataClasses: f.dataClasses,
    ...(f.dataClassMatches?.length
      ? {
          dataClassMatches: f.dataClassMatches.map((m) => ({
            dataClass: m.dataClass,
            tables: m.tables,
            columns: m.columns.map(columnLabel),
          })),
        }
      : {}),
  };
}

/**
 * The stable JSON shape of a decision (`railguard check --json`, batch lines, hooks). Each finding
 * carries `dataClasses` (the classes its statement's tables or columns fall in, as the policy
 * evaluation computed them) and, when there are any, `dataClassMatches` (per class, the tables
 * and `table.column`s that matched); the decision carries the union of the counted findings'
 * classes as `dataClasses`.
 */
export function decisionJson(j: Judgement): Record<string, unknown> {
  const d = j.decision;
  const classes = [...new Set(d.findings.filter((f) => !f.ignored).flatMap((f) => f.dataClasses))].sort();
  return {
    effect: d.effect,
    ...(d.decidedEffect !== d.effect ? { decidedEffect: d.decidedEffect } : {}),
    mode: d.mode,
    environment: d.environment,
    actor: `${d.actor.type}:${d.actor.name}`,
    reason: d.reason,
    findings: d.findings.map((f) => ({
      ...findingJson(f),
      effect: f.effect,
      ...(f.decidedBy
        ? { decidedBy: `${f.decidedBy.policy}/${f.decidedBy.rule}`, tier: f.decidedBy.origin }
        : {}),
      ...dataClassJson(f),
      ...(f.resources ? { resources: f.resources } : {}),
    })),
    dataClasses: classes,
    matched: d.matched.map((m) => `${m.policy}/${m.rule}`),
    controls: d.controls,
    environmentReason: d.environmentReason,
    policySetHash: d.policySetHash,
    ...(d.failClosed ? { failClosed: d.failClosed } : {}),
  };
}

/** The action's facts as JSON (`check --json`, `explain --json`): columns as `table.column`. */
export function factsJson(j: Judgement): Record<string, unknown> | undefined {
  const f = j.decision.facts;
  if (!f) return undefined;
  return {
    statementKinds: f.statementKinds,
    tablesRead: f.tablesRead,
    tablesWritten: f.tablesWritten,
    columnsRead: f.columnsRead.map(columnLabel),
    columnsWritten: f.columnsWritten.map(columnLabel),
    dataClasses: f.dataClasses,
    sinks: f.sinks.map((k) => `${k.kind}${k.target ? `:${k.target}` : ''}`),
    hosts: f.hosts,
    effects: f.effects.map((e) => `${e.verb} ${e.resource.kind}:${e.resource.id ?? '?'}`),
  };
}
