/**
 * Policy evaluation: findings + context ⇒ {@link Decision}. Pure and synchronous.
 *
 * Semantics (like firewall rules):
 * - Per finding, rules are tried in set order — workspace policies first, then built-in ones, each
 *   policy's rules top to bottom — and the FIRST rule whose `match` fits decides the finding's effect.
 * - In an untrusted workspace, the workspace's first match and the built-in first match are both
 *   computed and the stricter one decides (by enforced effect, then decided effect; built-in on a
 *   tie), so a workspace policy can only make a decision stricter.
 * - A finding no rule matches gets `ask` (fail closed: risk nobody wrote a rule for is shown to a human).
 * - A finding suppressed by a `railguard-ignore` comment does not count for a human; for an agent it
 *   still counts (an agent cannot lower its own decision by writing a comment).
 * - `audit` mode (the deciding policy's, or `options.mode`) caps the enforced effect at `warn`.
 * - The decision is the strictest over findings; no counted finding ⇒ `allow` (read-only work and
 *   scoped writes produce no finding).
 */
import {
  classifyEffect,
  compileClasses,
  type ClassifiedEffect,
  type CompiledClasses,
  type PathRoots,
} from '../resources/classify';
import type { Actor, Effect, EnforcementMode, Finding } from '../types';
import { EFFECT_ORDER } from '../types';
import { describeActor } from './context';
import { dataClassMatches, findingColumns, findingTables, ruleMatches, type MatchSubject } from './match';
import type {
  Context,
  DataClassMatch,
  Decision,
  JudgedFinding,
  MatchedRule,
  PolicyRule,
  PolicySet,
  PolicySetEntry,
} from './model';

/** Effect of a finding no policy rule matches. */
export const UNMATCHED_EFFECT: Effect = 'ask';

export interface EvaluateOptions {
  /** Compliance controls of a finding rule (from its metadata); unioned into `Decision.controls`. */
  controlsOf?: (ruleId: string) => readonly string[];
  /** Overrides every policy's mode (a `railguard.mode` setting, `--mode`). */
  mode?: EnforcementMode;
  /** The action text, to quote the strongest finding in the reason. */
  text?: string;
  /**
   * What `~` and `${workspace}` stand for when classifying paths with the policies' `resources:`
   * classes (absolute folders; the caller reads them, evaluation does no I/O). Unknown roots stay
   * symbolic: `~/.bashrc` still matches `~/.bashrc`, but `/home/me/.bashrc` does not.
   */
  roots?: PathRoots;
}

/** The path effects of a finding, classified; `undefined` when it has none. */
function classifyFinding(finding: Finding, compile: () => CompiledClasses): ClassifiedEffect[] | undefined {
  const paths = finding.effects?.filter((e) => e.resource.kind === 'path');
  if (!paths?.length) return undefined;
  const compiled = compile();
  return paths.map((e) => classifyEffect(e, compiled));
}

interface Verdict {
  decided: Effect;
  enforced: Effect;
  mode: EnforcementMode;
  rule?: PolicyRule;
  matched?: MatchedRule;
}

const rank = (e: Effect): number => EFFECT_ORDER.indexOf(e);
const capForAudit = (e: Effect, mode: EnforcementMode): Effect =>
  mode === 'audit' && rank(e) > rank('warn') ? 'warn' : e;

function firstMatch(
  entries: readonly PolicySetEntry[],
  subject: MatchSubject,
  forced?: EnforcementMode,
): Verdict | undefined {
  for (const { policy, origin } of entries) {
    const rule = policy.rules.find((r) => ruleMatches(r.match, subject));
    if (!rule) continue;
    const mode = forced ?? policy.mode;
    return {
      decided: rule.effect,
      enforced: capForAudit(rule.effect, mode),
      mode,
      rule,
      matched: { policy: policy.metadata.name, rule: rule.id, effect: rule.effect, origin },
    };
  }
  return undefined;
}

const unmatched = (forced?: EnforcementMode): Verdict => {
  const mode = forced ?? 'enforce';
  return { decided: UNMATCHED_EFFECT, enforced: capForAudit(UNMATCHED_EFFECT, mode), mode };
};

/** Stricter verdict: by enforced effect, then decided effect; `a` on a tie. */
const stricter = (a: Verdict, b: Verdict): Verdict =>
  rank(b.enforced) > rank(a.enforced) ||
  (rank(b.enforced) === rank(a.enforced) && rank(b.decided) > rank(a.decided))
    ? b
    : a;

/** The set's entries split by origin, computed once per evaluation. */
interface Groups {
  builtin: PolicySetEntry[];
  workspace: PolicySetEntry[];
}

function verdictFor(
  set: PolicySet,
  groups: Groups,
  subject: MatchSubject,
  forced?: EnforcementMode,
): Verdict {
  if (set.trusted) return firstMatch(set.entries, subject, forced) ?? unmatched(forced);
  const builtin = firstMatch(groups.builtin, subject, forced) ?? unmatched(forced);
  const workspace = firstMatch(groups.workspace, subject, forced);
  return workspace ? stricter(builtin, workspace) : builtin;
}

/** Matches of the same class from several policies as one (tables and columns united), sorted by class. */
function unite(matches: readonly DataClassMatch[]): DataClassMatch[] {
  const byClass = new Map<string, DataClassMatch>();
  for (const m of matches) {
    const seen = byClass.get(m.dataClass);
    if (!seen) {
      byClass.set(m.dataClass, { dataClass: m.dataClass, tables: [...m.tables], columns: [...m.columns] });
      continue;
    }
    for (const t of m.tables) if (!seen.tables.includes(t)) seen.tables.push(t);
    for (const c of m.columns)
      if (!seen.columns.some((x) => x.name === c.name && x.table === c.table)) seen.columns.push(c);
  }
  return [...byClass.values()].sort((a, b) =>
    a.dataClass < b.dataClass ? -1 : a.dataClass > b.dataClass ? 1 : 0,
  );
}

function excerpt(f: Finding, text: string | undefined): string {
  if (text !== undefined) {
    const s = text.slice(f.span.start, f.span.end).replace(/\s+/g, ' ').trim();
    if (s !== '') return s.length > 60 ? `${s.slice(0, 59)}…` : s;
  }
  const st = f.statement;
  if (st) return [st.statementKind, ...st.tablesWritten].join(' ');
  return f.message;
}

function reasonOf(
  top: { finding: Finding; verdict: Verdict } | undefined,
  counted: number,
  ctx: Context,
  text?: string,
): string {
  const who = `${describeActor(ctx.actor)} in ${ctx.environment}`;
  if (!top) return `allow: ${who}: no risky finding (read-only or scoped writes)`;
  const { finding, verdict } = top;
  const head =
    verdict.enforced === verdict.decided
      ? verdict.enforced
      : `${verdict.enforced} (audit mode; policy decided ${verdict.decided})`;
  const by = verdict.matched
    ? `matched policy ${verdict.matched.policy}/${verdict.matched.rule}`
    : `matched no policy rule (unmatched findings ${UNMATCHED_EFFECT})`;
  const more = counted > 1 ? ` (+${counted - 1} more finding${counted > 2 ? 's' : ''})` : '';
  return `${head}: ${who}: ${finding.ruleId} (${excerpt(finding, text)}) ${by}${more}`;
}

/**
 * Judges `findings` in `context` against `set` (see module doc for the semantics). Never throws.
 * @returns the decision; `findings` are returned judged, in input order.
 */
export function evaluate(
  set: PolicySet,
  findings: readonly Finding[],
  context: Context,
  options: EvaluateOptions = {},
): Decision {
  const actor: Actor = context.actor;
  const classes = set.entries.map((e) => e.policy.dataClasses);
  let compiled: CompiledClasses | undefined;
  const compile = (): CompiledClasses =>
    (compiled ??= compileClasses(
      set.entries.map((e) => e.policy.resources ?? {}),
      options.roots ?? {},
    ));
  const groups: Groups = {
    builtin: set.entries.filter((e) => e.origin === 'builtin'),
    workspace: set.entries.filter((e) => e.origin !== 'builtin'),
  };
  const judged: JudgedFinding[] = [];
  let top: { finding: Finding; verdict: Verdict } | undefined;
  let counted = 0;
  let decidedEffect: Effect = 'allow';
  const matched = new Map<string, MatchedRule>();
  const controls = new Set<string>();
  for (const finding of findings) {
    const tables = findingTables(finding);
    const columns = findingColumns(finding);
    const classMatches = unite(classes.flatMap((c) => dataClassMatches(c, tables, columns)));
    const dataClasses = classMatches.map((m) => m.dataClass);
    const resources = classifyFinding(finding, compile);
    const resourceClasses = [...new Set(resources?.flatMap((r) => r.classes) ?? [])];
    const evidence = {
      ...(classMatches.length > 0 ? { dataClassMatches: classMatches } : {}),
      ...(resources ? { resources } : {}),
    };
    if (finding.suppressed && actor.type === 'human') {
      judged.push({ ...finding, effect: 'allow', dataClasses, ...evidence, ignored: true });
      continue;
    }
    const verdict = verdictFor(
      set,
      groups,
      { environment: context.environment, actor, finding, dataClasses, resourceClasses },
      options.mode,
    );
    counted++;
    judged.push({
      ...finding,
      effect: verdict.enforced,
      dataClasses,
      ...evidence,
      ...(verdict.matched ? { decidedBy: verdict.matched } : {}),
    });
    decidedEffect = rank(verdict.decided) > rank(decidedEffect) ? verdict.decided : decidedEffect;
    if (!top || stricter(top.verdict, verdict) !== top.verdict) top = { finding, verdict };
    if (verdict.matched) matched.set(`${verdict.matched.policy}/${verdict.matched.rule}`, verdict.matched);
    for (const c of verdict.rule?.controls ?? []) controls.add(c);
    for (const c of options.controlsOf?.(finding.ruleId) ?? []) controls.add(c);
  }
  return {
    effect: top?.verdict.enforced ?? 'allow',
    decidedEffect,
    mode: top?.verdict.mode ?? options.mode ?? 'enforce',
    findings: judged,
    matched: [...matched.values()].sort(
      (a, b) =>
        rank(b.effect) - rank(a.effect) || a.policy.localeCompare(b.policy) || a.rule.localeCompare(b.rule),
    ),
    controls: [...controls].sort(),
    reason: reasonOf(top, counted, context, options.text),
    environment: context.environment,
    environmentReason: context.environmentReason,
    actor,
    policySetHash: set.hash,
  };
}
