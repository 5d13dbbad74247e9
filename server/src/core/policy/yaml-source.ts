/**
 * YAML parsing that keeps source positions, for precise policy diagnostics.
 *
 * Policy files are data: the `core` schema only (no `!!js/*`, no custom types; any explicit tag
 * other than the core ones is an error), at most {@link MAX_ALIASES} alias dereferences (the
 * "billion laughs" guard of the `yaml` package, `maxAliasCount`), one document per file.
 * Positions come from `yaml`'s `LineCounter` (1-based line and column, columns in UTF-16 units).
 */
import {
  isMap,
  isNode,
  isPair,
  isScalar,
  isSeq,
  LineCounter,
  parseDocument,
  visit,
  type Document,
} from 'yaml';
import type { SourceRange } from './model';

/** Largest alias expansion count accepted by `toJS` (the `yaml` option `maxAliasCount`). */
export const MAX_ALIASES = 50;

/** Tags a policy file may carry explicitly (YAML 1.2 core schema, https://yaml.org/spec/1.2.2/#103-core-schema). */
const CORE_TAGS = new Set(
  ['str', 'int', 'float', 'bool', 'null', 'map', 'seq'].map((t) => `tag:yaml.org,2002:${t}`),
);

/** A problem found while reading YAML: offsets into the text. */
export interface YamlProblem {
  start: number;
  end: number;
  code: 'yaml-syntax' | 'yaml-tag';
  message: string;
  severity: 'error' | 'warning';
}

/** A parsed YAML text: the document (with node ranges), its JS value and a position mapper. */
export interface YamlSource {
  doc: Document.Parsed;
  value: unknown;
  problems: YamlProblem[];
  /** Range of `[start, end)` offsets as 1-based line/column. */
  range(start: number, end: number): SourceRange;
  /**
   * Range of the node at a JSON-pointer-like `path` (`['rules', 0, 'match']`). With `key: true`,
   * the range of the mapping key of the last segment (e.g. to point at an unknown key). Falls
   * back to the nearest existing ancestor; the whole document's first line when nothing exists.
   */
  locate(path: readonly (string | number)[], key?: boolean): SourceRange;
}

/** Parses YAML text keeping positions. Never throws: problems are returned. */
export function parseYamlSource(text: string): YamlSource {
  const lineCounter = new LineCounter();
  const doc = parseDocument(text, { lineCounter, prettyErrors: false, schema: 'core', uniqueKeys: true });
  const range = (start: number, end: number): SourceRange => {
    const a = lineCounter.linePos(Math.max(0, Math.min(start, text.length)));
    const b = lineCounter.linePos(Math.max(0, Math.min(Math.max(end, start), text.length)));
    return { line: a.line, column: a.col, endLine: b.line, endColumn: b.col };
  };
  const problems: YamlProblem[] = [];
  for (const e of doc.errors) {
    problems.push({
      start: e.pos[0],
      end: e.pos[1],
      code: 'yaml-syntax',
      message: e.message,
      severity: 'error',
    });
  }
  visit(doc, (_key, node) => {
    if (isNode(node) && node.tag !== undefined && !CORE_TAGS.has(node.tag)) {
      const [valueStart, end] = node.range ?? [0, 0];
      // The node's range starts after its tag: point at the tag token (`!!js/function`) itself.
      let start = text.lastIndexOf('!', Math.max(0, valueStart - 1));
      if (start < 0) start = valueStart;
      while (start > 0 && !/\s/.test(text.charAt(start - 1))) start--;
      problems.push({
        start,
        end,
        code: 'yaml-tag',
        message: `tag ${node.tag} is not allowed: policy files are plain data (no custom YAML types)`,
        severity: 'error',
      });
    }
    if (isPair(node) && (isMap(node.key) || isSeq(node.key))) {
      const [start, end] = node.key.range ?? [0, 0];
      const message = 'a mapping key must be a plain value, not a list or mapping';
      problems.push({ start, end, code: 'yaml-syntax', message, severity: 'error' });
    }
  });
  let value: unknown;
  if (problems.length === 0) {
    try {
      value = doc.toJS({ maxAliasCount: MAX_ALIASES });
    } catch (err) {
      const message = err instanceof Error ? err.message : String(err);
      problems.push({ start: 0, end: 0, code: 'yaml-syntax', message, severity: 'error' });
    }
  }
  const locate = (path: readonly (string | number)[], key = false): SourceRange => {
    let node: unknown = doc.contents;
    let best: [number, number] = [0, 0];
    const rangeOf = (n: unknown): [number, number] | undefined =>
      isNode(n) && n.range ? [n.range[0], n.range[1]] : undefined;
    best = rangeOf(node) ?? best;
    for (let i = 0; i < path.length; i++) {
      const seg = path[i];
      let next: unknown;
      let keyNode: unknown;
      if (isMap(node)) {
        const pair = node.items.find(
          (p) => isPair(p) && isScalar(p.key) && String(p.key.value) === String(seg),
        );
        keyNode = pair?.key;
        next = pair?.value;
      } else if (isSeq(node) && typeof seg === 'number') {
        next = node.items[seg];
      }
      if (key && i === path.length - 1 && keyNode !== undefined) {
        best = rangeOf(keyNode) ?? best;
        break;
      }
      const r = rangeOf(next);
      if (r === undefined) break;
      best = r;
      node = next;
    }
    return range(best[0], best[1]);
  };
  return { doc, value, problems, range, locate };
}
