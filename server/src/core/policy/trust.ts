/** Which entries of a policy set may loosen decisions, and which may only tighten them. Pure. */
import type { PolicySet, PolicySetEntry } from './model';

/** The set's entries split by trust, computed once per evaluation. */
export interface Groups {
  trusted: PolicySetEntry[];
  stricterOnly: PolicySetEntry[];
}

/** True when an entry may loosen decisions (see {@link PolicySetEntry.trusted}). */
export function entryTrusted(set: PolicySet, e: PolicySetEntry): boolean {
  if (e.origin === 'builtin' || e.origin === 'organization') return e.trusted !== false;
  return e.trusted ?? set.trusted;
}

/** The entries of a set split into trusted and stricter-only, each in set order. */
export function trustGroups(set: PolicySet): Groups {
  return {
    trusted: set.entries.filter((e) => entryTrusted(set, e)),
    stricterOnly: set.entries.filter((e) => !entryTrusted(set, e)),
  };
}
