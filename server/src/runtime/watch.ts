import { watch, type FSWatcher } from 'chokidar';
import * as path from 'node:path';

/**
 * Watches policy locations with chokidar and calls `onChange` (debounced by `delayMs`) when a
 * policy file (or its `.sig`, the approvals `trusted-policies.json`, `organization.json`) is
 * added, changed or removed: each workspace folder's `.railguard/` (also before it exists) and
 * any extra paths (files or folders, such as the user's config folder). Returns a function that stops watching.
 */
export function watchPolicies(
  folders: readonly string[],
  extraPaths: readonly string[],
  onChange: (file: string) => void,
  delayMs = 100,
): () => Promise<void> {
  const watchers: FSWatcher[] = [];
  let timer: NodeJS.Timeout | undefined;
  const fire = (file: string): void => {
    if (!/\.ya?ml$|\.ya?ml\.sig$|trusted-policies\.json$|organization\.json$/i.test(file)) return;
    clearTimeout(timer);
    timer = setTimeout(() => onChange(file), delayMs);
  };
  for (const folder of folders) {
    const railguard = path.join(folder, '.railguard');
    // Watch the folder shallowly but only descend into `.railguard`, so creating it is seen too.
    const w = watch(folder, {
      ignoreInitial: true,
      depth: 3,
      ignored: (p: string) => p !== folder && p !== railguard && !p.startsWith(railguard + path.sep),
    });
    watchers.push(w);
  }
  if (extraPaths.length > 0) watchers.push(watch([...extraPaths], { ignoreInitial: true, depth: 3 }));
  for (const w of watchers) w.on('all', (_event: string, file: string) => fire(file));
  return async () => {
    clearTimeout(timer);
    await Promise.all(watchers.map((w) => w.close()));
  };
}
