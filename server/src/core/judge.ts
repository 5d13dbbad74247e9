import { allRuleMetas } from './catalog';
import { analyzeAction, type ActionAnalysis, type AnalyzeOptions } from './engine';
import type { Parsers } from './parsers';
import { parseActor } from './policy/actor';
import { resolveContext } from './policy/context';
import { evaluate, type EvaluateOptions } from './policy/evaluate';
import type { ActionFacts, ContextHints, Decision, Policy, PolicySet, PolicyTestInput } from './policy/model';
import { createPolicySet } from './policy/policy-set';
import type { PathRoots } from './resources/classify';
import type { RuleMeta } from './rules/rule';
import type { Action, Category, ColumnFact, Sink } from './types';

/** A decision together with the analysis it was made from (for `explain`, audit and lineage). */
export interface Judgement {
  decision: Decision;
  analysis: ActionAnalysis;
}

/** Options of {@link judge}. */
export interface JudgeOptions extends AnalyzeOptions {
  mode?: EvaluateOptions['mode'];
  /** Rule metadata lookup; built from every rule when omitted (pass one map when judging many). */
  metas?: ReadonlyMap<string, RuleMeta>;
  /**
   * The user's home folder and the workspace root, for classifying paths with `resources:` (the
   * caller reads them: `os.homedir()`). The workspace defaults to `Action.cwd`.
   */
  roots?: PathRoots;
}

/** Rule metadata by id, for {@link judge}'s `metas` option. */
export function ruleMetaMap(): Map<string, RuleMeta> {
  return new Map(allRuleMetas().map((m) => [m.id, m]));
}

/**
 * The one decision function every interceptor calls: analyze the action, resolve the context
 * (explicit environment, or recognised from the hosts the command talks to, the connection
 * environment variables, kube context, AWS profile, git branch), then evaluate the policy set.
 * Pure and synchronous apart from `options.readFile`. Never throws on bad input.
 */
export function judge(
  parsers: Parsers,
  set: PolicySet,
  action: Action,
  hints: ContextHints = {},
  options: JudgeOptions = {},
): Judgement {
  const analysis = analyzeAction(parsers, action, options);
  const context = resolveContext(set, { ...hints, hosts: [...(hints.hosts ?? []), ...analysis.hosts] });
  const metas = options.metas ?? ruleMetaMap();
  const decision = evaluate(set, analysis.findings, context, {
    controlsOf: (id) => metas.get(id)?.controls ?? [],
    text: action.text,
    facts: actionFacts(analysis),
    ...(options.mode ? { mode: options.mode } : {}),
    roots: {
      ...(options.roots?.home !== undefined ? { home: options.roots.home } : {}),
      ...((options.roots?.workspace ?? action.cwd) !== undefined
        ? { workspace: options.roots?.workspace ?? action.cwd }
        : {}),
    },
  });
  return { decision, analysis };
}

/**
 * The facts of an analysed action for policy (see `ActionFacts`): statement kinds, tables and
 * columns of every SQL statement (embedded ones too), sinks of statements and commands, hosts, and
 * the effects findings carry. Pure.
 */
export function actionFacts(analysis: ActionAnalysis): Omit<ActionFacts, 'dataClasses'> {
  const statements = analysis.sql.flatMap((a) => a.statements.map((s) => s.facts));
  const uniq = <T>(xs: T[]): T[] => [...new Set(xs)];
  const columnKey = (c: ColumnFact): string => `${c.table ?? ''}\u0000${c.name}`;
  const columns = (cs: ColumnFact[]): ColumnFact[] => [
    ...new Map(cs.map((c) => [columnKey(c), c] as const)).values(),
  ];
  const sinks: Sink[] = [
    ...statements.flatMap((s) => s.sinks),
    ...analysis.findings.flatMap((f) => f.command?.sinks ?? []),
  ];
  return {
    statementKinds: uniq(statements.map((s) => s.statementKind)),
    tablesRead: uniq([...analysis.tablesRead, ...statements.flatMap((s) => s.tablesRead)]),
    tablesWritten: uniq([...analysis.tablesWritten, ...statements.flatMap((s) => s.tablesWritten)]),
    columnsRead: columns(statements.flatMap((s) => s.columnsRead)),
    columnsWritten: columns(statements.flatMap((s) => s.columnsWritten)),
    sinks: [
      ...new Map(sinks.map((k) => [`${k.kind}:${k.direction}:${k.target ?? ''}`, k] as const)).values(),
    ],
    hosts: [...analysis.hosts],
    effects: analysis.findings.flatMap((f) => f.effects ?? []),
  };
}

/** `categoryOf` for policy linting: the category of a rule id. */
export function categoryLookup(
  metas: ReadonlyMap<string, RuleMeta> = ruleMetaMap(),
): (id: string) => Category | undefined {
  return (id) => metas.get(id)?.category;
}

/**
 * The judge `runPolicyTests` needs: a test input is judged against its own policy, placed before
 * the rest of `set` (so a workspace policy's tests see the built-in fallbacks, as in real use).
 */
export function policyTestJudge(
  parsers: Parsers,
  set: PolicySet,
  options: JudgeOptions = {},
): (input: PolicyTestInput, policy: Policy) => Decision {
  const metas = options.metas ?? ruleMetaMap();
  return (input, policy) => {
    const others = set.entries.filter((e) => e.policy !== policy).map((e) => e.policy);
    const testSet = createPolicySet({ builtin: others, workspace: [policy] }, true);
    const actor = input.actor ? parseActor(input.actor) : undefined;
    const action: Action = {
      kind: input.kind,
      text: input.text,
      ...(input.dialect ? { dialect: input.dialect } : {}),
      source: 'cli',
    };
    const hints: ContextHints = {
      ...(input.hints ?? {}),
      ...(input.environment ? { explicitEnvironment: input.environment } : {}),
      ...(actor ? { actor } : {}),
    };
    return judge(parsers, testSet, action, hints, { ...options, metas }).decision;
  };
}
