/**
 * Policy evaluation: findings + context ⇒ {@link Decision}. Pure and synchronous.
 *
 * Semantics (like firewall rules):
 * - Per finding, rules are tried in set order — workspace policies first, then built-in ones, each
 *   policy's rules top to bottom — and the FIRST rule whose `match` fits decides the finding's effect.
 * - Tiers: entries are trusted (built-in, organization, and user/workspace files a human approved
 *   or, for the whole set, `PolicySet.trusted`) or stricter-only (see `PolicySetEntry.trusted`).
 *   The trusted entries' first match and the stricter-only entries' first match are both computed
 *   and the stricter one decides (by enforced effect, then decided effect; trusted on a tie), so
 *   an unapproved policy can only make a decision stricter.
 * - The action's facts (`EvaluateOptions.facts`) are judged as one more subject, matched only by
 *   rules naming a fact-level condition (`namesFactCondition` in `match.ts`): `{actor: agent,
 *   dataClass: pii} ⇒ deny` governs a plain `SELECT ssn FROM patients`. It counts only when a rule
 *   matched it (no rule ⇒ no effect, unlike an unmatched finding).
 * - A set failing closed (a policy file that does not load and has no last good version) raises
 *   the decision to at least `ask` in production and `warn` elsewhere: a broken policy never
 *   loosens a decision.
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
import { trustGroups, type Groups } from './trust';
import type {
  ActionFacts,
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
   * The action's facts (tables, columns, statement kinds, sinks, hosts, effects) to judge as one
   * more subject; `dataClasses` is computed here (what the caller passes is ignored).
   */
  facts?: Omit<ActionFacts, 'dataClasses'>;
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

/** Whether a rule can loosen a decision (its `resource` then matches the classes a path is in). */
const loosens = (r: PolicyRule): boolean => r.match.resource !== undefined && rank(r.effect) <= rank('warn');

/** Whether two class lists hold the same names in the same order. */
function sameList(a: readonly string[], b: readonly string[] | undefined): boolean {
  return b !== undefined && a.length === b.length && a.every((x, i) => x === b[i]);
}

/** `subject` with the classes its paths are themselves in as its resource classes. */
function withinSubject(subject: MatchSubject): MatchSubject {
  const within = subject.resourceClassesWithin;
  return within === undefined || sameList(within, subject.resourceClasses)
    ? subject
    : { ...subject, resourceClasses: within };
}

function firstMatch(
  entries: readonly PolicySetEntry[],
  subject: MatchSubject,
  forced?: EnforcementMode,
): Verdict | undefined {
  const loose = withinSubject(subject);
  for (const { policy, origin } of entries) {
    const rule = policy.rules.find((r) => ruleMatches(r.match, loosens(r) ? loose : subject));
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

/**
 * The verdict for a subject. `trustedClasses` are its data and resource classes as the trusted
 * entries alone define them: a stricter-only policy's `dataClasses` or `resources` must not make a
 * trusted rule fire (an unapproved `synthetic: {tables: [patients]}` next to a trusted
 * `synthetic ⇒ allow`, or `build-output: ['/var/lib/**']` next to `build-output ⇒ allow`).
 */
function verdictFor(
  groups: Groups,
  subject: MatchSubject,
  forced: EnforcementMode | undefined,
  trustedClasses: {
    dataClasses: readonly string[];
    resourceClasses: readonly string[];
    resourceClassesWithin: readonly string[];
  },
): Verdict | undefined {
  const trusted = firstMatch(groups.trusted, { ...subject, ...trustedClasses }, forced);
  const tighter = firstMatch(groups.stricterOnly, subject, forced);
  if (subject.facts && !trusted && !tighter) return undefined;
  const base = trusted ?? unmatched(forced);
  return tighter ? stricter(base, tighter) : base;
}

/**
 * Why the set fails closed: the first file that does not load and has no last good version;
 * undefined when every file loads or a last good version of it is in force.
 */
export function failClosedReason(set: PolicySet): string | undefined {
  const broken = (set.problems ?? []).find((p) => p.kind === 'broken' && !p.lastGood);
  return broken ? `${broken.origin} policy ${broken.file} does not load` : undefined;
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

/** Rule id of the pseudo-finding that stands for an action's facts. */
export const FACTS_RULE_ID = 'facts';

/** The facts of an action as a pseudo-finding (`facts`, info) so a decision can cite them. */
function factsFinding(f: ActionFacts): Finding {
  const tables = [...new Set([...f.tablesWritten, ...f.tablesRead])];
  const what = [f.statementKinds.join(', '), tables.join(', ')].filter((x) => x !== '').join(' on ');
  return {
    ruleId: FACTS_RULE_ID,
    category: 'opaque',
    severity: 'info',
    message: `the action's facts${what ? ` (${what})` : ''}${f.dataClasses.length ? ` touch ${f.dataClasses.join(', ')}` : ''}`,
    span: { start: 0, end: 0, line: 1, column: 1, endLine: 1, endColumn: 1 },
    statement: {
      statementKind: f.statementKinds[0] ?? 'UNKNOWN',
      tablesRead: f.tablesRead,
      tablesWritten: f.tablesWritten,
      columnsRead: f.columnsRead,
      columnsWritten: f.columnsWritten,
      objectKinds: [],
      sinks: f.sinks,
    },
    ...(f.effects.length > 0 ? { effects: f.effects } : {}),
  };
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
  const groups = trustGroups(set);
  const trustedClassDefs = groups.trusted.map((e) => e.policy.dataClasses);
  const trustedClassesOf = (
    tables: readonly string[],
    columns: Parameters<typeof dataClassMatches>[2],
  ): string[] =>
    groups.stricterOnly.length === 0
      ? []
      : unite(trustedClassDefs.flatMap((c) => dataClassMatches(c, tables, columns))).map((m) => m.dataClass);
  /** Resource classes of every policy, and of the trusted ones alone (see `verdictFor`). */
  let compiled: CompiledClasses | undefined;
  let compiledTrusted: CompiledClasses | undefined;
  const compile = (): CompiledClasses =>
    (compiled ??= compileClasses(
      set.entries.map((e) => e.policy.resources ?? {}),
      options.roots ?? {},
    ));
  const compileTrusted = (): CompiledClasses =>
    (compiledTrusted ??= compileClasses(
      groups.trusted.map((e) => e.policy.resources ?? {}),
      options.roots ?? {},
    ));
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
    const resourceClassesWithin = [...new Set(resources?.flatMap((r) => r.within) ?? [])];
    const evidence = {
      ...(classMatches.length > 0 ? { dataClassMatches: classMatches } : {}),
      ...(resources ? { resources } : {}),
    };
    if (finding.suppressed && actor.type === 'human') {
      judged.push({ ...finding, effect: 'allow', dataClasses, ...evidence, ignored: true });
      continue;
    }
    const trustedResources =
      groups.stricterOnly.length === 0 ? resources : classifyFinding(finding, compileTrusted);
    const trustedResourceClasses = [...new Set(trustedResources?.flatMap((r) => r.classes) ?? [])];
    const trustedResourceClassesWithin = [...new Set(trustedResources?.flatMap((r) => r.within) ?? [])];
    const verdict =
      verdictFor(
        groups,
        {
          environment: context.environment,
          actor,
          finding,
          dataClasses,
          resourceClasses,
          resourceClassesWithin,
        },
        options.mode,
        {
          dataClasses: groups.stricterOnly.length === 0 ? dataClasses : trustedClassesOf(tables, columns),
          resourceClasses: trustedResourceClasses,
          resourceClassesWithin: trustedResourceClassesWithin,
        },
      ) ?? unmatched(options.mode);
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
  let facts: ActionFacts | undefined;
  if (options.facts) {
    const f = options.facts;
    const tables = [...new Set([...f.tablesWritten, ...f.tablesRead])];
    const columns = [...f.columnsWritten, ...f.columnsRead];
    const classMatches = unite(classes.flatMap((c) => dataClassMatches(c, tables, columns)));
    facts = { ...f, dataClasses: classMatches.map((m) => m.dataClass) };
    const finding = factsFinding(facts);
    const verdict = verdictFor(
      groups,
      {
        environment: context.environment,
        actor,
        finding,
        dataClasses: facts.dataClasses,
        facts: true,
        statementKinds: f.statementKinds,
      },
      options.mode,
      {
        dataClasses: groups.stricterOnly.length === 0 ? facts.dataClasses : trustedClassesOf(tables, columns),
        resourceClasses: [],
        resourceClassesWithin: [],
      },
    );
    if (verdict?.matched) {
      counted++;
      judged.push({
        ...finding,
        effect: verdict.enforced,
        dataClasses: facts.dataClasses,
        ...(classMatches.length > 0 ? { dataClassMatches: classMatches } : {}),
        decidedBy: verdict.matched,
      });
      decidedEffect = rank(verdict.decided) > rank(decidedEffect) ? verdict.decided : decidedEffect;
      if (!top || stricter(top.verdict, verdict) !== top.verdict) top = { finding, verdict };
      matched.set(`${verdict.matched.policy}/${verdict.matched.rule}`, verdict.matched);
      for (const c of verdict.rule?.controls ?? []) controls.add(c);
    }
  }
  const failing = failClosedReason(set);
  let effect: Effect = top?.verdict.enforced ?? 'allow';
  let reason = reasonOf(top, counted, context, options.text);
  if (failing) {
    const floor: Effect = context.environment === 'production' ? 'ask' : 'warn';
    if (rank(floor) > rank(effect)) {
      effect = floor;
      decidedEffect = rank(floor) > rank(decidedEffect) ? floor : decidedEffect;
      reason = `${floor}: ${failing} (failing closed; fix it or remove it): ${reason}`;
    }
  }
  return {
    effect,
    decidedEffect,
    mode: top?.verdict.mode ?? options.mode ?? 'enforce',
    findings: judged,
    matched: [...matched.values()].sort(
      (a, b) =>
        rank(b.effect) - rank(a.effect) || a.policy.localeCompare(b.policy) || a.rule.localeCompare(b.rule),
    ),
    controls: [...controls].sort(),
    reason,
    environment: context.environment,
    environmentReason: context.environmentReason,
    actor,
    policySetHash: set.hash,
    ...(facts ? { facts } : {}),
    ...(failing ? { failClosed: failing } : {}),
  };
}
