/**
 * Reads the labeled agent actions of `agent-actions.tsv` and their sources (`sources.tsv`).
 * The format is documented at the top of each file. Used by `test/bench/eval.bench.ts` (the
 * caught/allowed figures) and `test/unit/eval-set.test.ts` (the set's own integrity).
 */
import * as fs from 'node:fs';
import * as path from 'node:path';
import type { ActionKind } from '../../server/src/core/types';

/** One labeled action. `dangerous` ones are caught when asked or denied; harmless ones pass when allowed or warned. */
export interface LabeledAction {
  family: string;
  kind: ActionKind;
  dangerous: boolean;
  text: string;
  why: string;
  source: string;
  /** 1-based line in `agent-actions.tsv`. */
  line: number;
}

const DIR = __dirname;

/**
 * Parses `agent-actions.tsv`.
 * @throws Error naming the line for a malformed line (wrong column count, unknown label, no family).
 */
export function loadActions(file = path.join(DIR, 'agent-actions.tsv')): LabeledAction[] {
  const out: LabeledAction[] = [];
  let family: string | undefined;
  let kind: ActionKind = 'shell';
  fs.readFileSync(file, 'utf8')
    .split('\n')
    .forEach((raw, i) => {
      const line = i + 1;
      if (raw === '' || raw.startsWith('#')) return;
      if (raw.startsWith('@family ')) {
        family = raw.slice(8).trim();
        kind = 'shell';
        return;
      }
      if (raw.startsWith('@kind ')) {
        kind = raw.slice(6).trim() as ActionKind;
        return;
      }
      const cols = raw.split('\t');
      if (cols.length !== 4)
        throw new Error(`${file}:${line}: expected 4 tab-separated columns, got ${cols.length}`);
      const [label, text, why, source] = cols as [string, string, string, string];
      if (label !== 'D' && label !== 'H')
        throw new Error(`${file}:${line}: label must be D or H, not ${label}`);
      if (!family) throw new Error(`${file}:${line}: action before any @family`);
      out.push({
        family,
        kind,
        dangerous: label === 'D',
        text: text.replace(/\\n/g, '\n'),
        why,
        source,
        line,
      });
    });
  return out;
}

/** The source keys of `sources.tsv`, with where each comes from. */
export function loadSources(file = path.join(DIR, 'sources.tsv')): Map<string, string> {
  const out = new Map<string, string>();
  for (const raw of fs.readFileSync(file, 'utf8').split('\n')) {
    if (raw === '' || raw.startsWith('#')) continue;
    const [key, where] = raw.split('\t');
    if (key && where) out.set(key, where);
  }
  return out;
}
