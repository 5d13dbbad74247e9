/**
 * The tool catalogue's labeled evaluation set (`test/fixtures/tool-catalogue/labeled.jsonl`),
 * judged as `agent:claude-code` in production with the built-in policy: per family, how many
 * destructive commands get their labeled decision and how many harmless neighbours are allowed.
 */
import * as path from 'node:path';
import { loadRuntime } from '../../server/src/cli/runtime';
import { scoreLabeled } from '../helpers/tool-catalogue-labeled';

export async function run(): Promise<Record<string, unknown>> {
  const rt = await loadRuntime({ cwd: path.resolve(__dirname, '../..') });
  const scores = scoreLabeled(rt.parsers, rt.policies);
  return Object.fromEntries(
    Object.entries(scores).map(([family, s]) => [
      family,
      {
        destructive: `${s.caught}/${s.destructive}`,
        harmlessAllowed: `${s.quiet}/${s.harmless}`,
        misses: s.misses,
      },
    ]),
  );
}
