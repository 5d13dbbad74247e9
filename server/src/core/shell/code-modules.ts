import * as path from 'node:path';
import type { CodeImport, CodeLanguage } from '../code';
import type { Ctx } from './context';
import { fileKey, readScript, type ScriptText } from './script-files';

/**
 * Which files a module name loaded by code stands for, among the files Railguard can read (written
 * earlier by the judged text, else from the disk through `ctx.readFile`): the project's own modules
 * beside the code, in the working folder or on a static `PYTHONPATH`. Installed packages
 * (`site-packages`, `node_modules`, `@INC`, `$LOAD_PATH`) are not looked for: a name that is not a
 * file of the project is left alone.
 *
 * Sources: Python "The import system" (https://docs.python.org/3/reference/import.html: packages'
 * `__init__.py`, submodules, relative imports) and "The initialization of the sys.path module
 * search path" (https://docs.python.org/3/library/sys_path_init.html: the script's folder, or the
 * working folder for `-c`, `-m` and stdin, then `PYTHONPATH`); `python -m` runs `M.py` or the
 * package's `__main__.py` (https://docs.python.org/3/using/cmdline.html#cmdoption-m); Node's
 * "Modules: CommonJS" file and folder resolution (https://nodejs.org/api/modules.html#all-together:
 * `X`, `X.js`, `X/index.js`; ESM needs the full name, `.mjs`/`.cjs` are taken as written, `.ts` for
 * tsx/ts-node); perlfunc `require` (`A::B` ⇒ `A/B.pm` in `@INC`); Ruby `Kernel#require` (`x` ⇒
 * `x.rb` in `$LOAD_PATH`, a path as written).
 */

/** A module file found: its name as looked for and what it holds. */
export interface ModuleFile {
  file: string;
  script: ScriptText;
}

/** Where code runs from, for the module names it loads. */
export interface ModuleBase {
  /** The file the code is in (relative imports start beside it); absent for inline code. */
  file?: string;
  /** Python's `sys.path` folders of the project (the script's or working folder, `PYTHONPATH`). */
  pythonPath: readonly string[];
}

/** Names of JavaScript files Node, tsx and ts-node try for `require('./x')` / `import './x'`. */
const JS_SUFFIXES = ['', '.js', '.mjs', '.cjs', '.ts', '.mts', '.cts'];
const JS_INDEXES = ['/index.js', '/index.mjs', '/index.cjs', '/index.ts'];

/** Folders of installed packages: code there is not the project's and is not read. */
const INSTALLED = /(^|\/)(node_modules|site-packages|dist-packages)\//;

/** Folder for relative names: the code's file's, else the working folder (`.`). */
function baseDir(base: ModuleBase): string {
  return base.file ? path.posix.dirname(base.file) : '.';
}

/**
 * Most files looked for on the disk per action: each `import os` of each module costs a failed
 * open or two, and a project's modules import many names.
 */
const MAX_LOOKUPS = 512;

/** `file` as {@link readScript} knows it; disk answers are kept for the action (`budget.lookups`). */
function lookUp(ctx: Ctx, file: string): ScriptText | undefined {
  const key = fileKey(ctx, file);
  if (ctx.written.has(key)) return readScript(ctx, file);
  const known = ctx.budget.lookups.get(key);
  if (known !== undefined) return known ?? undefined;
  if (ctx.budget.lookups.size >= MAX_LOOKUPS) return undefined;
  const script = readScript(ctx, file);
  ctx.budget.lookups.set(key, script ?? null);
  return script;
}

function first(ctx: Ctx, candidates: readonly string[]): ModuleFile | undefined {
  for (const file of candidates) {
    if (INSTALLED.test(file)) continue;
    const script = lookUp(ctx, file);
    if (script) return { file, script };
  }
  return undefined;
}

/** File `file` as {@link readScript} knows it (written by the text, else on the disk). */
export function findModuleFile(ctx: Ctx, file: string): ModuleFile | undefined {
  return first(ctx, [file]);
}

/** `a.b.c` from folder `root`: each of `a`, `a.b`, `a.b.c` as a package (`__init__.py`) or a module file. */
function pythonDotted(ctx: Ctx, root: string, parts: readonly string[]): ModuleFile[] {
  const out: ModuleFile[] = [];
  for (let i = 0; i < parts.length; i++) {
    const stem = path.posix.join(root, ...parts.slice(0, i + 1));
    const found = first(ctx, [`${stem}/__init__.py`, `${stem}.py`]);
    if (found) out.push(found);
    // Not in this folder (`import os`): the rest is not looked for here.
    else if (i === 0) return out;
  }
  return out;
}

/** The project files a Python `import` / `from … import` loads (see the module comment). */
export function pythonImportFiles(ctx: Ctx, imp: CodeImport, base: ModuleBase): ModuleFile[] {
  const dots = /^\.*/.exec(imp.spec)?.[0].length ?? 0;
  const rest = imp.spec.slice(dots).split('.').filter(Boolean);
  const names = imp.names ?? [];
  const roots: string[] = [];
  if (dots > 0) {
    let dir = baseDir(base);
    for (let i = 1; i < dots; i++) dir = path.posix.join(dir, '..');
    roots.push(dir);
  } else roots.push(...base.pythonPath);
  for (const root of roots) {
    const found = rest.length ? pythonDotted(ctx, root, rest) : [];
    // `from pkg import mod`, `from . import mod`: a name may be a submodule.
    const pkg = path.posix.join(root, ...rest);
    for (const n of names) {
      if (n === '*' || n.includes('.')) continue;
      const sub = first(ctx, [`${pkg}/${n}.py`, `${pkg}/${n}/__init__.py`]);
      if (sub) found.push(sub);
    }
    if (found.length || dots > 0) return found;
  }
  return [];
}

/** The file `python -m NAME` runs from the project (`NAME.py`, `NAME/__main__.py`) with its packages. */
export function pythonMainFiles(ctx: Ctx, name: string, pythonPath: readonly string[]): ModuleFile[] {
  const parts = name.split('.').filter(Boolean);
  for (const root of pythonPath) {
    const stem = path.posix.join(root, ...parts);
    const main = first(ctx, [`${stem}.py`, `${stem}/__main__.py`]);
    if (main) return [...pythonDotted(ctx, root, parts.slice(0, -1)), main];
    const pkg = first(ctx, [`${stem}/__init__.py`]);
    if (pkg) return [pkg];
  }
  return [];
}

/** Whether a JavaScript module name is a path (read) rather than a package (installed). */
export function isPathSpec(spec: string): boolean {
  return /^(\.{1,2}(\/|$)|\/|file:\/\/)/.test(spec);
}

/** The project file `require(spec)` / `import spec` loads, when `spec` is a path. */
export function jsImportFile(ctx: Ctx, spec: string, base: ModuleBase): ModuleFile | undefined {
  if (!isPathSpec(spec)) return undefined;
  const p = spec.startsWith('file://') ? spec.slice('file://'.length) : spec;
  const stem = path.posix.isAbsolute(p) ? p : path.posix.join(baseDir(base), p);
  return first(ctx, [...JS_SUFFIXES.map((s) => stem + s), ...JS_INDEXES.map((s) => stem + s)]);
}

/** The project file of a Perl module (`A::B` ⇒ `A/B.pm`) in folders `inc`, or a file named as such. */
export function perlModuleFile(ctx: Ctx, name: string, inc: readonly string[]): ModuleFile | undefined {
  if (name.includes('/')) return first(ctx, [name]);
  const rel = `${name.replace(/::/g, '/')}.pm`;
  return first(
    ctx,
    inc.map((d) => path.posix.join(d, rel)),
  );
}

/** The project file of a Ruby `require` (`x` ⇒ `x.rb` in folders `loadPath`; a path as written). */
export function rubyModuleFile(ctx: Ctx, name: string, loadPath: readonly string[]): ModuleFile | undefined {
  const withExt = name.endsWith('.rb') ? name : `${name}.rb`;
  if (isPathSpec(name)) return first(ctx, [withExt, name]);
  return first(
    ctx,
    loadPath.map((d) => path.posix.join(d, withExt)),
  );
}

/** The language of a module file by its name (`.py`, `.js`…, `.pm`, `.rb`), else `fallback`. */
export function moduleLanguage(file: string, fallback: CodeLanguage): CodeLanguage {
  if (/\.py$/.test(file)) return 'python';
  if (/\.[mc]?[jt]s$/.test(file)) return 'javascript';
  if (/\.p[ml]$/.test(file)) return 'perl';
  if (/\.rb$/.test(file)) return 'ruby';
  return fallback;
}

/** A key for the cycle guard: the file's absolute name when the folder is known. */
export function moduleKey(ctx: Ctx, file: string): string {
  return fileKey(ctx, file);
}
