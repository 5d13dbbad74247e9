import * as fs from 'node:fs';
import * as path from 'node:path';

/** Shells with a hook script (`railguard shell-init SHELL`). */
export const SHELLS = ['bash', 'zsh', 'fish'] as const;
export type ShellName = (typeof SHELLS)[number];

/** Tools the PATH shims guard (`railguard shell-init shims`). */
export const SHIMMED_TOOLS = ['psql', 'mysql', 'sqlite3', 'kubectl', 'terraform', 'redis-cli'] as const;

/**
 * The folder holding the hook scripts (`railguard.bash`, `railguard.zsh`, `railguard.fish`,
 * `shim.bash`): `server/src/hooks/shell` of the package, found by walking up from this module
 * (works from the bundle in `dist/` and from the sources).
 * @throws Error when the scripts are not found (broken install).
 */
export function scriptDir(from: string = __dirname): string {
  let dir = from;
  for (;;) {
    for (const candidate of [dir, path.join(dir, 'server', 'src', 'hooks', 'shell')]) {
      if (
        fs.existsSync(path.join(candidate, 'railguard.bash')) &&
        fs.existsSync(path.join(candidate, 'shim.bash'))
      ) {
        return candidate;
      }
    }
    const parent = path.dirname(dir);
    if (parent === dir) throw new Error(`shell hook scripts not found above ${from}`);
    dir = parent;
  }
}

const quote = (s: string): string => `'${s.replace(/'/g, `'\\''`)}'`;

/**
 * The hook script for `shell`, with the runtime folder baked in as the default of
 * `$RAILGUARD_RUNTIME_DIR` (the variable still wins when set).
 */
export function shellInitScript(shell: ShellName, runtimeDir: string): string {
  const text = fs.readFileSync(path.join(scriptDir(), `railguard.${shell}`), 'utf8');
  // The placeholder sits inside double quotes in every script: insert a safely quoted value.
  const value = runtimeDir.replace(/[\\"$`]/g, '\\$&');
  return text.split('@RUNTIME_DIR@').join(value);
}

/**
 * Writes PATH shims for {@link SHIMMED_TOOLS} into `dir` (created 0755): one small bash script per
 * tool that judges `TOOL ARGS…` with the bash hook's functions (`railguard.bash` copied next to
 * them, loaded in lib mode), then execs the real binary: the first `TOOL` on `$PATH` that is
 * neither in the shim folder nor another Railguard shim (so shims never recurse). Idempotent.
 * Returns the files written.
 */
export function writeShims(
  dir: string,
  runtimeDir: string,
  tools: readonly string[] = SHIMMED_TOOLS,
): string[] {
  fs.mkdirSync(dir, { recursive: true, mode: 0o755 });
  const lib = path.join(dir, 'railguard.bash');
  fs.writeFileSync(lib, shellInitScript('bash', runtimeDir), { mode: 0o644 });
  const template = fs.readFileSync(path.join(scriptDir(), 'shim.bash'), 'utf8');
  const written = [lib];
  for (const tool of tools) {
    if (!/^[\w.+-]+$/.test(tool)) throw new Error(`not a tool name: ${tool}`);
    const file = path.join(dir, tool);
    fs.writeFileSync(file, template.split('@TOOL@').join(tool), { mode: 0o755 });
    fs.chmodSync(file, 0o755);
    written.push(file);
  }
  return written;
}

/** The line that puts the shim folder first on PATH, for `shell`. */
export function pathLine(shell: ShellName, dir: string): string {
  return shell === 'fish'
    ? `fish_add_path --prepend --path ${quote(dir)}\n`
    : `export PATH=${quote(dir)}:"$PATH"\n`;
}
