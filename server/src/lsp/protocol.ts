/**
 * Railguard's custom language-server messages, shared by the server (`server/src/lsp`) and the
 * extension (`extension/src`), as vscode-eslint keeps its `eslint/status` namespace in one file
 * both sides import. Types only: no runtime dependency on either side's LSP library.
 */
import type { Category, Dialect, Effect, EnforcementMode, Severity } from '../core/types';

/** `railguard/rules` request: every rule's metadata, for "Explain rule" and hovers. */
export const RULES_METHOD = 'railguard/rules';

/** One rule as the extension shows it. `docsUrl` is the rule's doc page (`core/catalog.ts`). */
export interface RuleInfo {
  id: string;
  title: string;
  category: Category;
  severity: Severity;
  description: string;
  problem: string;
  solution: string;
  docsUrl: string;
}

/** `railguard/lintFiles` request: lint SQL files from disk (the "Lint workspace" command). */
export const LINT_FILES_METHOD = 'railguard/lintFiles';

/** Parameters of {@link LINT_FILES_METHOD}: `file:` URIs of SQL files. */
export interface LintFilesParams {
  uris: string[];
}

/** A finding as sent to the extension; positions are 0-based LSP line/character. */
export interface FindingInfo {
  ruleId: string;
  severity: Severity;
  message: string;
  range: { start: { line: number; character: number }; end: { line: number; character: number } };
  /** Set when a suppression comment silenced the finding. */
  suppressed?: string;
  /**
   * The policy's effect for the finding in the settings' environment and actor (absent for kinds
   * the policy does not judge); the client shows it as the severity (`EFFECT_SEVERITY`).
   */
  effect?: Effect;
  /** One line saying which policy rule decided `effect`, in which context. */
  policyNote?: string;
}

/** Result of {@link LINT_FILES_METHOD}: findings per URI (files that failed to read: `error`). */
export interface LintFilesResult {
  files: { uri: string; findings: FindingInfo[]; error?: string }[];
}

/** `railguard/analyze` request: findings and decisions for SQL text ("Show decision for selection"). */
export const ANALYZE_METHOD = 'railguard/analyze';

/** Parameters of {@link ANALYZE_METHOD}. `uri` gives the settings scope and file name. */
export interface AnalyzeParams {
  text: string;
  uri?: string;
}

/** Result of {@link ANALYZE_METHOD}. */
export interface AnalyzeResult {
  dialect: Dialect;
  findings: FindingInfo[];
  /** What the policy decides for an AI agent running the text, per environment the policy defines. */
  decisions: { environment: string; effect: Effect; reason: string }[];
}

/** The settings section the server pulls per resource (`railguard.*`). */
export interface RailguardSettings {
  /** `auto`: from file name and content; otherwise forced. */
  dialect: Dialect | 'auto';
  /** Extra policy files or folders (absolute, or relative to the workspace folder). */
  policyPaths: string[];
  mode: EnforcementMode;
  /** Environment the workspace targets (`production`, `staging`, `development`…); `auto` detects. */
  environment: string;
  /**
   * Who the policy judges diagnostics for: `agent`, `human`, `agent:NAME` or `human:NAME`
   * (see `server/src/lsp/severity.ts`).
   */
  actor: string;
}

/** Defaults, equal to `contributes.configuration` in package.json. */
export const DEFAULT_SETTINGS: RailguardSettings = {
  dialect: 'auto',
  policyPaths: [],
  mode: 'enforce',
  environment: 'auto',
  actor: 'agent',
};

/**
 * Server ⇒ client notification: the policy files of the open workspace folders that are not
 * applied as written (sent after start and after every policy change). The status bar shows a
 * broken file as an error and unapproved files as a warning; `railguard.trustWorkspacePolicy`
 * approves the unapproved ones after a modal confirmation.
 */
export const POLICY_STATUS_METHOD = 'railguard/policyStatus';

/** One file of {@link PolicyStatusParams}: `PolicyFileProblem` of the core, plus its content hash. */
export interface PolicyStatusProblem {
  file: string;
  origin: 'builtin' | 'organization' | 'user' | 'workspace';
  kind: 'broken' | 'unapproved';
  lastGood?: boolean;
  message: string;
}

/** Parameters of {@link POLICY_STATUS_METHOD}. */
export interface PolicyStatusParams {
  problems: PolicyStatusProblem[];
}
