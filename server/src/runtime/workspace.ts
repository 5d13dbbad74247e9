/**
 * Which workspace an action belongs to, from its own folder: the same command gets the same
 * policies whether it runs in `proj/` or `proj/migrations/`, from the CLI, a hook or the daemon.
 */
import * as fs from 'node:fs';
import * as path from 'node:path';

const isDir = (p: string): boolean => {
  try {
    return fs.statSync(p).isDirectory();
  } catch {
    return false;
  }
};

const exists = (p: string): boolean => {
  try {
    fs.statSync(p);
    return true;
  } catch {
    return false;
  }
};

/**
 * Where an action's workspace policies come from, for its folder `cwd`:
 * - `policyDirs`: every `.railguard/policies/` folder from `cwd` up to the filesystem root,
 *   nearest first. All apply (nearest first), so an agent that creates `sub/.railguard/` or runs
 *   `git init sub` cannot step out of the team's policy by moving into `sub`; files no human
 *   approved are stricter-only anyway.
 * - `root`: the workspace root, the outermost folder holding `.railguard/policies/`, else the
 *   nearest git root (`.git` folder or file), else `cwd`. Keys the daemon's per-workspace cache.
 * Reads the file system (a few `stat` calls); never throws.
 */
export function workspaceOf(cwd: string): { root: string; policyDirs: string[] } {
  const start = path.resolve(cwd);
  const policyDirs: string[] = [];
  let gitRoot: string | undefined;
  for (let dir = start; ; dir = path.dirname(dir)) {
    const policies = path.join(dir, '.railguard', 'policies');
    if (isDir(policies)) policyDirs.push(policies);
    if (gitRoot === undefined && exists(path.join(dir, '.git'))) gitRoot = dir;
    if (path.dirname(dir) === dir) break;
  }
  const outermost = policyDirs[policyDirs.length - 1];
  const root = outermost ? path.dirname(path.dirname(outermost)) : (gitRoot ?? start);
  return { root, policyDirs };
}
