import * as fs from 'node:fs';
import * as path from 'node:path';
import type { Parsers } from '../../server/src/core/parsers';
import { judge } from '../../server/src/core/judge';
import type { PolicySet } from '../../server/src/core/policy';
import type { Effect } from '../../server/src/core/types';

/** One labeled command of `test/fixtures/tool-catalogue/labeled.jsonl`. */
export interface LabeledCommand {
  family: string;
  /** The decision expected for `agent:claude-code` in production under the default policy. */
  expect: Effect;
  text: string;
  /** Where the command's behaviour is documented. */
  source: string;
}

/** Reads the labeled set (one JSON object per line). */
export function labeledCommands(): LabeledCommand[] {
  const file = path.resolve(__dirname, '../fixtures/tool-catalogue/labeled.jsonl');
  return fs
    .readFileSync(file, 'utf8')
    .split('\n')
    .filter((l) => l.trim())
    .map((l) => JSON.parse(l) as LabeledCommand);
}

/** Per family: destructive commands judged as labeled, harmless ones allowed, and the misses. */
export interface FamilyScore {
  destructive: number;
  caught: number;
  harmless: number;
  quiet: number;
  misses: { text: string; expect: Effect; got: Effect }[];
}

/** Judges every labeled command as `agent:claude-code` in production; scores per family. */
export function scoreLabeled(parsers: Parsers, set: PolicySet): Record<string, FamilyScore> {
  const out: Record<string, FamilyScore> = {};
  for (const c of labeledCommands()) {
    const s = (out[c.family] ??= { destructive: 0, caught: 0, harmless: 0, quiet: 0, misses: [] });
    const got = judge(
      parsers,
      set,
      { kind: 'shell', text: c.text },
      { explicitEnvironment: 'production', actor: { type: 'agent', name: 'claude-code' } },
    ).decision.effect;
    if (c.expect === 'allow') {
      s.harmless++;
      if (got === 'allow') s.quiet++;
    } else {
      s.destructive++;
      if (got === c.expect) s.caught++;
    }
    if (got !== c.expect) s.misses.push({ text: c.text, expect: c.expect, got });
  }
  return out;
}
