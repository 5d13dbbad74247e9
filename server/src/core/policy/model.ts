/**
 * Types of Railguard's policy-as-code: the shape of a policy file once loaded, the context an
 * action is judged in, and the {@link Decision} the evaluator returns.
 *
 * The file format is described in `policies/README.md` and validated by `policies/policy.schema.json`.
 * Everything here is plain data (JSON-serialisable); nothing holds functions or I/O handles.
 */
import type { ClassifiedEffect, ResourceClassDef } from '../resources/classify';
import type {
  Action,
  ActionEffect,
  Actor,
  Category,
  ColumnFact,
  Dialect,
  Effect,
  EnforcementMode,
  Finding,
  Severity,
  Sink,
} from '../types';

/** A 1-based source range in a policy file (LSP adapters subtract one). `end*` is exclusive. */
export interface SourceRange {
  line: number;
  column: number;
  endLine: number;
  endColumn: number;
}

/**
 * A problem found in a policy file, at its exact place. `code` is one of {@link PolicyDiagnosticCode}.
 * `file` is the path given to the loader (or `<text>` when loading text without a path).
 */
export interface PolicyDiagnostic extends SourceRange {
  file: string;
  severity: Severity;
  code: PolicyDiagnosticCode;
  message: string;
}

export type PolicyDiagnosticCode =
  | 'yaml-syntax'
  | 'yaml-tag'
  | 'too-large'
  | 'schema'
  | 'unknown-key'
  | 'unknown-category'
  | 'unknown-rule-id'
  | 'unknown-environment'
  | 'unknown-data-class'
  | 'unknown-resource-class'
  | 'unknown-agent'
  | 'duplicate-rule-id'
  | 'duplicate-test-name'
  | 'shadowed-rule'
  | 'redundant-rule'
  | 'read-error';

/**
 * One way to recognise an environment; exactly one field is set. Values are globs (`*`, `?`,
 * anchored, case-insensitive; see `glob.ts`).
 * - `host`: a host the action talks to (from the command, or parsed from DB URLs / `PGHOST`…).
 * - `envVar`: an environment variable of the action (`value` omitted: the variable is set).
 * - `kubeContext`, `awsProfile`: the current kube context / AWS profile.
 * - `gitBranch`: the workspace's branch. A *weak* signal: consulted only when no other matcher
 *   of any environment matched and the action names no host (see `context.ts`).
 */
export interface EnvironmentMatcher {
  host?: string;
  envVar?: { name: string; value?: string };
  kubeContext?: string;
  awsProfile?: string;
  gitBranch?: string;
}

export interface EnvironmentDef {
  /** The environment used when no matcher of any environment matched. */
  default?: boolean;
  /**
   * Other names of the environment (`prod`, `prd`, `live` for `production`), accepted
   * case-insensitively wherever an environment is named explicitly (`--env`, an interceptor's
   * hint); see `canonicalEnvironment` in `context.ts`.
   */
  aliases?: string[];
  match?: EnvironmentMatcher[];
}

/**
 * Tables and columns holding a class of data. A finding is in the class when the tables its
 * statement reads or writes match a `tables` glob OR the columns it reads or writes match a
 * `columns` pattern (`dataClassesOf` in `match.ts`).
 */
export interface DataClassDef {
  /** Table globs: `users` (any schema), `public.users`, `*.customers` (see `tableMatches`). */
  tables?: string[];
  /**
   * Column patterns `COLUMN`, `TABLE.COLUMN`, `SCHEMA.TABLE.COLUMN` (globs; see `columnMatches`
   * for the grammar and how `SELECT *` is treated).
   */
  columns?: string[];
}

/**
 * What a policy rule applies to. Every field present must match (AND); within a list, any value
 * (OR). An absent field matches everything. Actor values: `any`, `agent`, `human`,
 * `agent:NAME`, `human:NAME` (NAME may be a glob).
 */
export interface RuleMatch {
  environment?: string[];
  actor?: string[];
  category?: Category[];
  ruleId?: string[];
  dataClass?: string[];
  /** Statement kinds as the analyzer names them (`DROP TABLE`, `DELETE`…), case-insensitive. */
  statementKind?: string[];
  /**
   * Resource classes (`resources:` names, or the engine's `dynamic` / `unclassified`): matches
   * when one of the finding's effects lands on a path of one of these classes.
   */
  resource?: string[];
  /**
   * Finding severities (`error`, `warning`, `info`, `hint`): lets a policy treat a rule's
   * lower-risk reports (an ordinary file upload, `COPY … TO STDOUT`) apart from its severe ones.
   */
  severity?: Severity[];
}

/** One policy rule: the first matching rule decides a finding's effect (firewall order). */
export interface PolicyRule {
  id: string;
  description?: string;
  match: RuleMatch;
  effect: Effect;
  /** Compliance controls this rule enforces (`SOC2:CC6.1`, `NIST:AC-3`…). */
  controls: string[];
  /** Where the rule sits in its file (the `- id: …` item). */
  range?: SourceRange;
}

/** Environment hints a policy test can give (same meaning as {@link ContextHints}). */
export interface PolicyTestHints {
  env?: Record<string, string>;
  hosts?: string[];
  kubeContext?: string;
  awsProfile?: string;
  gitBranch?: string;
}

/** The action a policy test judges. `actor` is `agent:NAME` / `human:NAME` (see `parseActor`). */
export interface PolicyTestInput {
  kind: Action['kind'];
  text: string;
  dialect?: Dialect;
  environment?: string;
  actor?: string;
  hints?: PolicyTestHints;
}

/** A policy's own test case (`opa test` style). */
export interface PolicyTest {
  name: string;
  input: PolicyTestInput;
  /** `effect` is compared with the decided effect; each id in `matched` must be among the matched rules. */
  expect: { effect: Effect; matched?: string[] };
  range?: SourceRange;
}

/** A validated policy file. Defaults are filled in (`mode: enforce`, empty lists/maps). */
export interface Policy {
  apiVersion: 'railguard.dev/v1';
  kind: 'Policy';
  metadata: { name: string; description?: string };
  mode: EnforcementMode;
  environments: Record<string, EnvironmentDef>;
  actors: { agents: string[]; humans: string[] };
  dataClasses: Record<string, DataClassDef>;
  /**
   * Named classes of paths (`build-output`, `service-data`, `railguard-control`…): globs with `~`
   * for the home folder and `${workspace}` for the workspace root (`resources/path-glob.ts`).
   */
  resources: Record<string, ResourceClassDef>;
  rules: PolicyRule[];
  tests: PolicyTest[];
  /** Path the policy was loaded from (`<text>` when loaded from text). */
  file: string;
}

/**
 * The tier a policy of a set comes from, from the most trusted baseline to the most specific:
 * `builtin` (the extension's `policies/`) < `organization` (signed by the organization's pinned
 * Ed25519 key) < `user` (`$XDG_CONFIG_HOME/railguard/policies/`) < `workspace`
 * (`<root>/.railguard/policies/`, `--policy FILE`). Evaluation tries the most specific first.
 */
export type PolicyOrigin = 'builtin' | 'organization' | 'user' | 'workspace';

/** Tiers in evaluation order (most specific first); see {@link PolicyOrigin}. */
export const POLICY_TIERS: readonly PolicyOrigin[] = ['workspace', 'user', 'organization', 'builtin'];

export interface PolicySetEntry {
  policy: Policy;
  origin: PolicyOrigin;
  /**
   * Whether the policy may loosen decisions. `false`: stricter-only (a user or workspace file no
   * human approved in this content). Absent: `builtin` and `organization` are trusted, the other
   * tiers follow {@link PolicySet.trusted}.
   */
  trusted?: boolean;
}

/**
 * A policy file of a set that is not applied as written, and why:
 * - `broken`: it does not load (`diagnostics` say why). `lastGood` when the last version that
 *   loaded stays in force; otherwise the set is *failing closed* (see {@link isFailingClosed}).
 * - `unapproved`: a user or workspace file whose content no human approved (or that changed
 *   since approval): applied as stricter-only.
 */
export interface PolicyFileProblem {
  file: string;
  origin: PolicyOrigin;
  kind: 'broken' | 'unapproved';
  /** For `broken`: the last good version of the file is still applied. */
  lastGood?: boolean;
  /** One sentence for status lines (`workspace policy x.yaml changed since approval; …`). */
  message: string;
}

/**
 * The policies in force. `entries` is in evaluation order: workspace policies first, then built-in
 * ones. `trusted` is VS Code's workspace trust: when false, workspace policies can only make a
 * decision stricter. `hash` is {@link policySetHash} of the entries (for audit records).
 */
export interface PolicySet {
  entries: PolicySetEntry[];
  trusted: boolean;
  hash: string;
  /** Diagnostics of every file read (a file with errors is left out of `entries`). */
  diagnostics: PolicyDiagnostic[];
  /** Files not applied as written (broken, unapproved); absent or empty when all apply. */
  problems?: PolicyFileProblem[];
}

/**
 * What the caller knows about where and by whom an action runs. `env` is the action's environment
 * (`DATABASE_URL`, `PGHOST`, `MYSQL_HOST`, `AWS_PROFILE`…); `hosts` come from the command itself
 * (`psql -h prod-db`, `ssh host`). Reading KUBECONFIG or `.git/HEAD` is the caller's job (I/O).
 */
export interface ContextHints {
  explicitEnvironment?: string;
  env?: Record<string, string>;
  hosts?: string[];
  kubeContext?: string;
  awsProfile?: string;
  gitBranch?: string;
  actor?: Actor;
}

/** The context a decision is made in. */
export interface Context {
  environment: string;
  /** Why, in one phrase: `host prod-db matches production host '*prod*'`. */
  environmentReason: string;
  actor: Actor;
  actorReason: string;
}

/** The policy rule that decided a finding (or a whole decision). */
export interface MatchedRule {
  policy: string;
  rule: string;
  effect: Effect;
  origin: PolicyOrigin;
}

/**
 * Why a data class applies to a finding: the finding's tables matched by one of the class's
 * `tables` globs and its columns matched by one of its `columns` patterns (at least one of the
 * two is non-empty). When several policies define the class, their matches are united.
 */
export interface DataClassMatch {
  dataClass: string;
  tables: string[];
  columns: ColumnFact[];
}

/**
 * A finding as judged: its decided effect, the rule that decided it (absent when none matched)
 * and the data classes its tables or columns touch.
 */
export interface JudgedFinding extends Finding {
  effect: Effect;
  decidedBy?: MatchedRule;
  dataClasses: string[];
  /** Per class in `dataClasses` (same order), the tables and columns behind it; absent when none applies. */
  dataClassMatches?: DataClassMatch[];
  /** True when a suppression comment was honoured (humans only) and the finding did not count. */
  ignored?: boolean;
  /** The finding's effects on paths with the `resources:` classes each lands on; absent when none. */
  resources?: ClassifiedEffect[];
}

/**
 * The outcome of {@link import('./evaluate').evaluate}.
 * - `effect`: what to enforce. In `audit` mode it is capped at `warn` (audit never blocks).
 * - `decidedEffect`: what the policy decided before the audit cap.
 * - `mode`: the mode of the policy that decided the strongest finding (`enforce` when none).
 * - `matched`: distinct deciding rules, strictest first.
 * - `controls`: union of matched rule controls and the finding rules' own controls, sorted.
 * - `reason`: one sentence naming the strongest finding and rule.
 */
export interface Decision {
  effect: Effect;
  decidedEffect: Effect;
  mode: EnforcementMode;
  findings: JudgedFinding[];
  matched: MatchedRule[];
  controls: string[];
  reason: string;
  environment: string;
  environmentReason: string;
  actor: Actor;
  /** {@link PolicySet.hash} of the set that decided. */
  policySetHash: string;
  /**
   * The action's own facts as policy saw them (tables, columns, data classes, statement kinds,
   * sinks, hosts, effects); absent when the caller gave none (see `ActionFacts`).
   */
  facts?: ActionFacts;
  /** Set when the policy set fails closed (a file does not load): why the decision was raised. */
  failClosed?: string;
}

/**
 * Facts of a whole action, matchable by policy rules that name a fact-level condition
 * (`dataClass`, `statementKind`) even when no risk rule fired (see `evaluate.ts`).
 * Table and column names as the analyzers give them; `dataClasses` as the set classifies them.
 */
export interface ActionFacts {
  statementKinds: string[];
  tablesRead: string[];
  tablesWritten: string[];
  columnsRead: ColumnFact[];
  columnsWritten: ColumnFact[];
  /** Where data goes or comes from, from every statement and command. */
  sinks: Sink[];
  hosts: string[];
  effects: ActionEffect[];
  dataClasses: string[];
}
