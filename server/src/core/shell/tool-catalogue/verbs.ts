import type { VerbEntry } from './model';

/**
 * A data-loss verb that destroys `resource`: the fields every migration-tool verb shares, so an
 * entry lists only its path, sentence, example and conditions. `error` unless `more.severity` says
 * `warning` (one rollback step, a narrower delete).
 */
export function destroys(
  path: readonly string[],
  what: string,
  resource: string,
  example: string,
  more: Partial<VerbEntry> = {},
): VerbEntry {
  return { path, what, effect: 'destroy', resource, category: 'data-loss', example, ...more };
}

/** {@link destroys} with severity `warning`: one rollback step or a narrower delete. */
export function reverts(
  path: readonly string[],
  what: string,
  resource: string,
  example: string,
  more: Partial<VerbEntry> = {},
): VerbEntry {
  return destroys(path, what, resource, example, { severity: 'warning', ...more });
}
