/**
 * Policy-as-code, the public API: load and lint policy files, build a policy set, resolve the
 * context of an action, evaluate findings into a decision, run a policy's embedded tests.
 * Pure except `loadPolicyFile(path)` / `loadPolicySet` (which read files). See `policies/README.md`.
 */
export type {
  ActionFacts,
  Context,
  ContextHints,
  DataClassDef,
  DataClassMatch,
  Decision,
  EnvironmentDef,
  EnvironmentMatcher,
  JudgedFinding,
  MatchedRule,
  Policy,
  PolicyDiagnostic,
  PolicyDiagnosticCode,
  PolicyFileProblem,
  PolicyOrigin,
  PolicyRule,
  PolicySet,
  PolicySetEntry,
  PolicyTest,
  PolicyTestHints,
  PolicyTestInput,
  RuleMatch,
  SourceRange,
} from './model';
export { POLICY_TIERS } from './model';
export { DEFAULT_AGENTS, formatActor, parseActor } from './actor';
export {
  canonicalEnvironment,
  environmentOrder,
  knownAgents,
  knownEnvironments,
  resolveContext,
  resolveEnvironment,
} from './context';
export {
  evaluate,
  FACTS_RULE_ID,
  failClosedReason,
  UNMATCHED_EFFECT,
  type EvaluateOptions,
} from './evaluate';
export { entryTrusted, trustGroups } from './trust';
export { globMatch, globsOverlap, globToRegExp } from './glob';
export { hostsFromEnv, hostsOf } from './hosts';
export type { PolicyLintOptions } from './lint';
export {
  loadPolicyFile,
  MAX_POLICY_CHARS,
  parsePolicyText,
  type LoadedPolicyFile,
  type LoadPolicyOptions,
} from './load';
export {
  columnMatches,
  dataClassesOf,
  dataClassMatches,
  dataClassesOfTables,
  findingColumns,
  findingTables,
  matchCovers,
  namesFactCondition,
  parseColumnPattern,
  ruleMatches,
  tableMatches,
} from './match';
export {
  canonicalJson,
  createPolicySet,
  loadPolicySet,
  policyFilesIn,
  policySetHash,
  type ApprovalState,
  type LoadPolicySetOptions,
} from './policy-set';
export { compilePolicySchema, POLICY_SCHEMA } from './schema';
export { runPolicyTests, type PolicyJudge, type PolicyTestResult } from './test-runner';
