import { findingOf, type RuleMeta } from '../rules/rule';
import type { LineIndex } from '../text';
import type { Dialect, Finding, Span, StatementFacts } from '../types';
import type { SqlStatement } from './model';
import type { OffsetMap } from './offsets';
import { indexNodes, type PgFields } from './pg-ast';

const NO_NODES: readonly PgFields[] = Object.freeze([]);

/** What every statement of one analyzed text shares: the text, its offsets and where it sits. */
export interface TextEnv {
  dialect: Dialect;
  text: string;
  offsets: OffsetMap;
  /** Line index of the whole action text. */
  lineIndex: LineIndex;
  /** Offset of `text` in the action text. */
  base: number;
  /** When set, every span is this span (SQL inside a shell word whose quoting cannot be mapped). */
  fixedSpan?: Span;
}

/** A span of `[start, end)` (UTF-16 offsets into `env.text`). */
export function spanOf(env: TextEnv, start: number, end: number): Span {
  return env.fixedSpan ?? env.lineIndex.span(env.base + start, env.base + end);
}

/** Inputs of {@link makeStatement}; offsets are UTF-16 offsets into `env.text`. */
export interface StatementParts {
  start: number;
  end: number;
  parsed: boolean;
  ast: unknown;
  facts: StatementFacts;
  origin: SqlStatement['origin'];
  index: number;
  /** The statement is only planned, never executed (see {@link SqlStatement.planOnly}). */
  planOnly?: boolean;
  /** Span to use instead of `[start, end)` (e.g. a PL/pgSQL statement whose text was not found). */
  span?: Span;
  /**
   * Maps a parser location to a UTF-16 offset into `env.text`, or `undefined` when it cannot be
   * mapped (`spanAt` then falls back to the statement's span).
   */
  locate?: (location: number) => number | undefined;
}

/** Builds a {@link SqlStatement}; its `spanAt` maps parser locations through `parts.locate`. */
export function makeStatement(env: TextEnv, parts: StatementParts): SqlStatement {
  const span = parts.span ?? spanOf(env, parts.start, parts.end);
  const locate = parts.locate;
  const ast = parts.parsed ? parts.ast : undefined;
  let nodes: Map<string, PgFields[]> | undefined;
  const nodesOfType =
    env.dialect === 'postgresql'
      ? (type: string): readonly PgFields[] => {
          nodes ??= indexNodes(ast);
          return nodes.get(type) ?? NO_NODES;
        }
      : undefined;
  return {
    dialect: env.dialect,
    text: env.text.slice(parts.start, parts.end),
    span,
    parsed: parts.parsed,
    ast,
    facts: parts.facts,
    origin: parts.origin,
    index: parts.index,
    ...(parts.planOnly ? { planOnly: true } : {}),
    spanAt: (location, length) => {
      const at = locate && Number.isFinite(location) && location >= 0 ? locate(location) : undefined;
      if (at === undefined || at > env.text.length) return span;
      return spanOf(env, at, Math.min(env.text.length, at + Math.max(0, length)));
    },
    ...(nodesOfType ? { nodesOfType } : {}),
  };
}

/** A finding of one of the analyzer's own kinds (see `analyzer-findings.ts`). */
export function analyzerFinding<M extends string>(
  meta: RuleMeta<M>,
  messageId: M,
  data: Record<string, string | number>,
  span: Span,
  statement: StatementFacts,
): Finding {
  return { ...findingOf(meta, { messageId, data }, span), statement };
}

/** The first line of an error message, without a trailing period, at most 200 characters. */
export function errorText(e: unknown): string {
  const m = e instanceof Error ? e.message : String(e);
  return (m.split('\n')[0] ?? '').replace(/\.$/, '').slice(0, 200) || 'unknown error';
}
