import { watch, type FSWatcher } from 'chokidar';
import * as path from 'node:path';

/**
 * Watches policy locations with chokidar and calls `onChange` (debounced by `delayMs`) when a
 * policy file (or its `.sig`, the approvals `trusted-policies.json`, `organization.json`) is
 * added, changed or removed: each workspace folder's `.railguard/` (also before it exists) and
 * any extra paths (files or folders, such as the user's config folder). Returns a function that stops watching.
 * A watch error (e.g. EACCES on a folder the process cannot read) goes to `onError`, never throws.
 */
export function watchPolicies(
  folders: readonly string[],
  extraPaths: readonly string[],
  onChange: (file: string) => void,
  delayMs = 100,
  onError?: (err: unknown) => void,
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
  for (const w of watchers) {
    w.on('all', (_event: string, file: string) => fire(file));
    // A folder the process may not read (a client's cwd in a folder private to another user, in
    // the separate-user deployment) holds no policy it could load: not watching it is all there
    // is to do. Unhandled, chokidar's `error` event would end the process.
    w.on('error', (err: unknown) => onError?.(err));
  }
  return async () => {
    clearTimeout(timer);
    await Promise.all(watchers.map((w) => w.close()));
  };
}
