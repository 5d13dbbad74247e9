import type { SqlFileContext, SqlStatement } from '../sql/model';
import type { ShellAnalysis, ShellCommand } from '../shell/model';
import type { ActionEffect, Category, Dialect, Finding, Fix, Severity, Span } from '../types';

/** Documentation of a rule, rendered into docs, hovers and `railguard explain` (problem → solution). */
export interface RuleDocs {
  /** One-sentence summary. */
  description: string;
  /** Why the flagged thing is dangerous (markdown). */
  problem: string;
  /** The safer way (markdown), with recipes per framework where useful. */
  solution: string;
}

/**
 * Metadata every rule carries. `messages` maps message ids to templates with `{{placeholders}}`;
 * `examples` are real test cases (the rule test runs them: every `invalid` must report, every
 * `valid` must not).
 */
export interface RuleMeta<M extends string = string> {
  /** Kebab-case id; equals the file name. */
  id: string;
  title: string;
  category: Category;
  severity: Severity;
  docs: RuleDocs;
  messages: Record<M, string>;
  /** Compliance controls the rule supports (`SOC2:CC8.1`, `HIPAA:164.312(b)`, `NIST:AC-6(9)`…). */
  controls: string[];
  /** Peer rules this one matches (`squawk:ban-drop-column`), as biome records `sources`. */
  sources?: string[];
  examples: { valid: string[]; invalid: string[] };
  /** Whether the rule offers a fix (quick fix). */
  fixable?: boolean;
}

/** What a rule reports; the engine turns it into a {@link import('../types').Finding}. */
export interface Report<M extends string = string> {
  messageId: M;
  data?: Record<string, string | number>;
  /** Defaults to the statement's / command's span. */
  span?: Span;
  /** Overrides `meta.severity` for this report (e.g. a dynamic target reported at a lower severity). */
  severity?: Severity;
  fix?: Fix;
  /** The effects behind the report (copied to {@link Finding.effects}). */
  effects?: ActionEffect[];
}

/** A rule over SQL statements (one call per statement, top-level and inside PL/pgSQL bodies). */
export interface SqlRule<M extends string = string> {
  kind: 'sql';
  meta: RuleMeta<M>;
  /** Dialects the rule applies to; all when omitted. */
  dialects?: Dialect[];
  check(stmt: SqlStatement, ctx: SqlFileContext, report: (r: Report<M>) => void): void;
}

/** A rule over unwrapped shell commands (one call per simple command, substitutions included). */
export interface ShellRule<M extends string = string> {
  kind: 'shell';
  meta: RuleMeta<M>;
  check(cmd: ShellCommand, analysis: ShellAnalysis, report: (r: Report<M>) => void): void;
}

export type Rule = SqlRule | ShellRule;

/** Identity helpers that make a misspelled message id a type error. */
export function defineSqlRule<M extends string>(rule: Omit<SqlRule<M>, 'kind'>): SqlRule<M> {
  return { kind: 'sql', ...rule };
}
export function defineShellRule<M extends string>(rule: Omit<ShellRule<M>, 'kind'>): ShellRule<M> {
  return { kind: 'shell', ...rule };
}

/**
 * Builds a {@link Finding} from a rule's (or analyzer finding kind's) metadata and one report:
 * the single place findings are made, so every finding carries the same fields.
 * @throws Error when `r.messageId` is not in `meta.messages` (a rule bug, caught by rule tests).
 */
export function findingOf(meta: RuleMeta, r: Report, span: Span): Finding {
  const template = (meta.messages as Record<string, string>)[r.messageId];
  if (template === undefined) throw new Error(`rule ${meta.id}: unknown message id ${r.messageId}`);
  return {
    ruleId: meta.id,
    messageId: r.messageId,
    category: meta.category,
    severity: r.severity ?? meta.severity,
    message: formatMessage(template, r.data),
    span: r.span ?? span,
    ...(r.fix ? { fix: r.fix } : {}),
    ...(r.effects ? { effects: r.effects } : {}),
  };
}

/** Fills `{{name}}` placeholders of a message template. */
export function formatMessage(template: string, data: Record<string, string | number> = {}): string {
  return template.replace(/\{\{\s*(\w+)\s*\}\}/g, (_, k: string) => String(data[k] ?? `{{${k}}}`));
}
