/**
 * Classification of the paths effects land on, against a policy's `resources:` classes (named
 * lists of path globs, `path-glob.ts`). Pure: the home folder and workspace root come from the
 * caller (`judge` options), never from the environment.
 *
 * A path is in a class when one of the class's globs matches it. A `destroy` also lands on every
 * class whose glob lies under the destroyed folder (`rm -rf /var/lib` destroys
 * `/var/lib/mysql/**`; see `destroysGlob`). Two classes are given by the engine itself:
 * - `dynamic`: the path is built at run time (`rm -rf "$DIR"`); its static folder is still
 *   classified when known (`/var/lib/$X` ⇒ `/var/lib`).
 * - `unclassified`: a path outside the workspace that no class names.
 */
import type { ActionEffect } from '../types';
import { compilePathGlob, destroysGlob, expandRoots, pathGlobMatch, type PathGlob } from './path-glob';
import { WORKSPACE } from './paths';

/** A `resources:` class of a policy: path globs (`path-glob.ts`; `~` home, `${workspace}` root). */
export interface ResourceClassDef {
  paths?: string[];
}

/** The folders `~` and `${workspace}` stand for, when the caller knows them (absolute paths). */
export interface PathRoots {
  home?: string;
  workspace?: string;
}

/** The engine-given class of a path built at run time. */
export const DYNAMIC_CLASS = 'dynamic';
/** The engine-given class of a path outside the workspace that no class names. */
export const UNCLASSIFIED_CLASS = 'unclassified';

/** One effect on a path with the classes it lands on (for `explain` and `check --json`). */
export interface ClassifiedEffect {
  verb: ActionEffect['verb'];
  /** The path (`undefined` when wholly built at run time). */
  path: string | undefined;
  dynamic?: boolean;
  /** Class names, sorted. */
  classes: string[];
  /**
   * The classes the path itself is in, sorted: {@link classes} without those a destroy only
   * reaches below the path (`rm -rf /opt` reaches service-data `/opt/homebrew/var/**` but is not
   * in it). Rules that loosen a decision (`allow`, `warn`) match on these.
   */
  within: string[];
}

/** Classes compiled once per evaluation. */
export interface CompiledClasses {
  classes: { name: string; globs: PathGlob[] }[];
  roots: PathRoots;
}

/**
 * Compiled globs of one policy's `resources:` section, per roots (a policy's section object is
 * the same for as long as the policy is loaded): compiling them was a quarter of the time of
 * judging a command when done for every decision. At most {@link ROOTS_PER_DEF} roots are kept
 * per section, the oldest dropped first (the workspace root is the action's folder).
 */
const COMPILED = new WeakMap<Record<string, ResourceClassDef>, Map<string, [string, PathGlob[]][]>>();
const ROOTS_PER_DEF = 64;

function compiledDef(def: Record<string, ResourceClassDef>, roots: PathRoots): [string, PathGlob[]][] {
  const key = `${roots.home ?? ''}\u0000${roots.workspace ?? ''}`;
  let byRoots = COMPILED.get(def);
  if (!byRoots) COMPILED.set(def, (byRoots = new Map()));
  const hit = byRoots.get(key);
  if (hit) return hit;
  const out = Object.entries(def).map(([name, c]): [string, PathGlob[]] => [
    name,
    (c.paths ?? []).map((p) => compilePathGlob(expandRoots(p, roots))),
  ]);
  if (byRoots.size >= ROOTS_PER_DEF) {
    const oldest = byRoots.keys().next().value;
    if (oldest !== undefined) byRoots.delete(oldest);
  }
  byRoots.set(key, out);
  return out;
}

/** Compiles the `resources:` classes of several policies (same-named classes are united). */
export function compileClasses(
  defs: readonly Record<string, ResourceClassDef>[],
  roots: PathRoots,
): CompiledClasses {
  const byName = new Map<string, PathGlob[]>();
  for (const def of defs)
    for (const [name, globs] of compiledDef(def, roots))
      byName.set(name, [...(byName.get(name) ?? []), ...globs]);
  return { classes: [...byName].map(([name, globs]) => ({ name, globs })), roots };
}

/**
 * The classes of one path effect, sorted (see module doc). `effect.resource.kind` must be `path`;
 * other kinds get no class.
 */
export function classifyEffect(effect: ActionEffect, compiled: CompiledClasses): ClassifiedEffect {
  const r = effect.resource;
  const dynamic = r.dynamic === true || r.id === undefined;
  const out: ClassifiedEffect = {
    verb: effect.verb,
    path: r.id,
    ...(dynamic ? { dynamic: true } : {}),
    classes: [],
    within: [],
  };
  if (r.kind !== 'path') return out;
  const found = new Set<string>();
  const within = new Set<string>();
  if (dynamic) {
    found.add(DYNAMIC_CLASS);
    within.add(DYNAMIC_CLASS);
  }
  if (r.id !== undefined) {
    const path = expandRoots(r.id, compiled.roots);
    const destroy = effect.verb === 'destroy';
    for (const { name, globs } of compiled.classes) {
      if (globs.some((g) => pathGlobMatch(g, path))) {
        found.add(name);
        within.add(name);
      } else if (destroy && globs.some((g) => destroysGlob(g, path))) found.add(name);
    }
    const workspace = compiled.roots.workspace ?? WORKSPACE;
    const inWorkspace = path === workspace || path.startsWith(`${workspace}/`) || path.startsWith(WORKSPACE);
    // Outside the workspace, a path in no class is unclassified, whatever a destroy reaches below.
    if (!inWorkspace && ![...within].some((c) => c !== DYNAMIC_CLASS)) {
      found.add(UNCLASSIFIED_CLASS);
      within.add(UNCLASSIFIED_CLASS);
    }
  }
  out.classes = [...found].sort();
  out.within = [...within].sort();
  return out;
}
