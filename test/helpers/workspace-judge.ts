import * as path from 'node:path';
import { judge } from '../../server/src/core/judge';
import type { Parsers } from '../../server/src/core/parsers';
import type { PolicySet } from '../../server/src/core/policy/model';
import type { DirEntry } from '../../server/src/core/shell/context';

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
 * engine reads from the workspace (scripts, `package.json`, makefiles, hooks, task files,
 * migrations). Folders are those the paths imply ({@link mapLister}).
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
      { readFile, listDir: mapLister(WORKSPACE, files) },
    );
    return {
      effect: j.decision.effect,
      rules: j.analysis.findings.map((f) => f.ruleId),
      wrappers: (j.analysis.shell?.commands ?? []).map((c) => c.wrappers.join(' > ')),
    };
  };
}

/**
 * A `listDir` over a map of files (paths relative to `root`): a folder lists the files and folders
 * the paths put in it; a folder no path goes through cannot be listed (`undefined`).
 */
export function mapLister(
  root: string,
  files: Record<string, string>,
): (dir: string) => DirEntry[] | undefined {
  return (dir) => {
    const rel = path.relative(root, path.resolve(root, dir));
    const prefix = rel === '' ? '' : `${rel}/`;
    const out = new Map<string, DirEntry>();
    for (const f of Object.keys(files)) {
      if (!f.startsWith(prefix)) continue;
      const [name, ...rest] = f.slice(prefix.length).split('/');
      if (name) out.set(name, { name, dir: rest.length > 0 });
    }
    return out.size > 0 ? [...out.values()] : undefined;
  };
}
