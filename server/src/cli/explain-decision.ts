import type { ActionAnalysis } from '../core/engine';
import type { CliIo } from './io';
import { EXIT } from './io';
import type { JudgedFinding } from '../core/policy/model';
import { columnLabel, factsJson } from '../runtime/decision-json';
import { decisionText, runCheckJudgement } from './check';

/** Describes what analysis saw: statements with kinds and tables, commands with wrappers. */
export function describeAnalysis(a: ActionAnalysis): string {
  const lines: string[] = ['Parsed:'];
  for (const cmd of a.shell?.commands ?? []) {
    const argv = cmd.argv.map((w) => w.value ?? `${w.raw}⟨dynamic⟩`).join(' ');
    const via = cmd.wrappers.length ? `  (via ${cmd.wrappers.join(' → ')})` : '';
    const remote = cmd.remote ? `  on ${cmd.remote.via} ${cmd.remote.host ?? '?'}` : '';
    lines.push(`  command ${cmd.span.line}:${cmd.span.column}  ${argv}${via}${remote}`);
  }
  for (const sql of a.sql) {
    for (const s of sql.statements) {
      const f = s.facts;
      const rw = [
        f.tablesWritten.length ? `writes ${f.tablesWritten.join(', ')}` : '',
        f.tablesRead.length ? `reads ${f.tablesRead.join(', ')}` : '',
        f.columnsRead.length ? `columns ${f.columnsRead.map(columnLabel).join(', ')}` : '',
        f.hasWhere === false ? 'no WHERE' : f.whereIsTautology ? 'WHERE always true' : '',
      ].filter(Boolean);
      lines.push(
        `  ${sql.dialect} ${s.parsed ? '' : '(unparsed) '}${f.statementKind} ${s.span.line}:${s.span.column}${s.origin === 'plpgsql' ? ' in PL/pgSQL body' : ''}${rw.length ? `  ${rw.join('; ')}` : ''}`,
      );
    }
  }
  if (a.hosts.length) lines.push(`  hosts: ${a.hosts.join(', ')}`);
  if (lines.length === 1) lines.push('  (nothing)');
  return lines.join('\n') + '\n';
}

/**
 * One line per finding that falls in a data class: the classes and the tables and columns behind
 * each (`pii: columns users.email, phone; tables users`), as the policy evaluation matched them.
 */
export function dataClassLines(findings: readonly JudgedFinding[]): string {
  const lines = findings
    .filter((f) => f.dataClassMatches?.length)
    .map((f) => {
      const classes = (f.dataClassMatches ?? []).map((m) => {
        const why = [
          m.columns.length ? `columns ${m.columns.map(columnLabel).join(', ')}` : '',
          m.tables.length ? `tables ${m.tables.join(', ')}` : '',
        ].filter(Boolean);
        return `${m.dataClass} (${why.join('; ')})`;
      });
      return `  ${f.ruleId} ${f.span.line}:${f.span.column} → ${classes.join(', ')}`;
    });
  return lines.length
    ? lines.join('\n')
    : '  (none: no finding reads or writes a classified table or column)';
}

/**
 * One line per file effect of a finding: verb, path and the `resources:` classes it lands on
 * (`file-destroy 1:8 → destroy /var/lib/mysql: service-data`); empty when no finding has one.
 */
export function resourceLines(findings: readonly JudgedFinding[]): string {
  return findings
    .flatMap((f) =>
      (f.resources ?? []).map(
        (r) =>
          `  ${f.ruleId} ${f.span.line}:${f.span.column} → ${r.verb} ${r.path ?? '(built at run time)'}${r.dynamic && r.path ? ' (+ run-time part)' : ''}: ${r.classes.join(', ') || '(no class)'}`,
      ),
    )
    .join('\n');
}

/** `railguard explain [check options] -- TEXT`: the analysis, then the decision with its reasons. */
export async function explainDecision(args: string[], io: CliIo): Promise<number> {
  const j = await runCheckJudgement(args, io);
  if (!j) return EXIT.usage;
  io.stdout(describeAnalysis(j.analysis));
  io.stdout('\nDecision:\n' + decisionText(j).replace(/^/gm, '  '));
  const rules = j.decision.findings
    .map(
      (f) =>
        `  ${f.ruleId} → ${f.decidedBy ? `${f.decidedBy.policy}/${f.decidedBy.rule} (${f.decidedBy.effect}; ${f.decidedBy.origin} tier)` : 'no policy rule matched (fail closed: ask)'}`,
    )
    .join('\n');
  if (rules) io.stdout(`\nPolicy rules:\n${rules}\n`);
  if (j.decision.findings.length > 0) io.stdout(`\nData classes:\n${dataClassLines(j.decision.findings)}\n`);
  const resources = resourceLines(j.decision.findings);
  if (resources) io.stdout(`\nResources:\n${resources}\n`);
  const facts = factsJson(j);
  if (facts) {
    const lines = Object.entries(facts)
      .filter(([, v]) => Array.isArray(v) && v.length > 0)
      .map(([k, v]) => `  ${k}: ${(v as string[]).join(', ')}`);
    io.stdout(`\nFacts (matchable by policy):\n${lines.length ? lines.join('\n') : '  (none)'}\n`);
  }
  if (j.decision.failClosed) io.stdout(`\nFailing closed: ${j.decision.failClosed}\n`);
  return j.decision.failClosed ? EXIT.policyError : EXIT.ok;
}
