import * as path from 'node:path';
import { judge } from '../../server/src/core/judge';
import type { Parsers } from '../../server/src/core/parsers';
import type { PolicySet } from '../../server/src/core/policy/model';

/** The folder the virtual workspace of {@link workspaceJudge} stands in. */
export const WORKSPACE = '/work/app';

/** What a judged command came to: the effect, the findings' rule ids, each command's wrappers. */
export interface WorkspaceDecision {
  effect: string;
  rules: string[];
  wrappers: string[];
}

/**
 * A judge of shell commands run by agent `claude-code` in production in {@link WORKSPACE}, whose
 * files are the given map (paths relative to it; nothing else exists): for tests of what the
 * engine reads from the workspace (scripts, `package.json`, makefiles, hooks, task files).
 */
export function workspaceJudge(
  p: Parsers,
  set: PolicySet,
): (text: string, files?: Record<string, string>) => WorkspaceDecision {
  return (text, files = {}) => {
    const readFile = (f: string): string | undefined =>
      files[path.relative(WORKSPACE, path.resolve(WORKSPACE, f))];
    const j = judge(
      p,
      set,
      { kind: 'shell', text, cwd: WORKSPACE },
      { actor: { type: 'agent', name: 'claude-code' }, explicitEnvironment: 'production' },
      { readFile },
    );
    return {
      effect: j.decision.effect,
      rules: j.analysis.findings.map((f) => f.ruleId),
      wrappers: (j.analysis.shell?.commands ?? []).map((c) => c.wrappers.join(' > ')),
    };
  };
}
