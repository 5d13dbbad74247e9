import * as path from 'node:path';
import { parse as parseJsonc, type ParseError } from 'jsonc-parser';
import { parseDocument } from 'yaml';
import type { Ctx } from './context';
import { readScript } from './script-files';

/**
 * The project files that define what a runner runs (`composer.json`, `deno.json`, `Taskfile.yml`),
 * found and read as {@link readScript} reads scripts: written earlier by the judged text, else from
 * the disk (bounded in size). A file that does not parse gives `undefined`: the command is then
 * judged as before, never by a guess at what the file meant.
 */

/** Most folders walked up from the one a runner starts in (as `package-scripts.ts` does). */
const MAX_LEVELS = 12;

/** Largest alias expansion accepted when a YAML file is turned into data (`maxAliasCount`). */
const MAX_YAML_ALIASES = 100;

/** `dir`, then its parents up to the root (at most {@link MAX_LEVELS}). */
export function ancestors(ctx: Ctx, dir: string): string[] {
  const out = [dir];
  let at = dir;
  for (let i = 0; i < MAX_LEVELS; i++) {
    const up =
      ctx.cwd || path.isAbsolute(at)
        ? path.dirname(path.resolve(ctx.cwd ?? '/', at))
        : path.posix.join(at, '..');
    if (up === at) break;
    out.push(up);
    at = up;
  }
  return out;
}

/** `name` taken from folder `dir`: absolute names stand alone. */
export function under(dir: string, name: string): string {
  return path.posix.isAbsolute(name) ? name : path.posix.join(dir, name);
}

/** The folder `file` sits in, absolute when the command's folder is known. */
export function folderOf(ctx: Ctx, file: string): string {
  return path.dirname(ctx.cwd ? path.resolve(ctx.cwd, file) : file);
}

/** `ctx` for the commands a runner runs from folder `dir`, when folders are known. */
export function inFolder(ctx: Ctx, dir: string): Ctx {
  return ctx.cwd ? { ...ctx, cwd: path.resolve(ctx.cwd, dir) } : ctx;
}

/** Data read from a project file, with where its text came from. */
export interface ProjectData {
  data: Record<string, unknown>;
  from: 'text' | 'disk';
  file: string;
}

export type DataFormat = 'json' | 'jsonc' | 'yaml';

/** Parses `text` as `format`; `undefined` unless it is an object without syntax errors. */
export function parseData(text: string, format: DataFormat): Record<string, unknown> | undefined {
  let data: unknown;
  try {
    if (format === 'json') data = JSON.parse(text);
    else if (format === 'jsonc') {
      const errors: ParseError[] = [];
      data = parseJsonc(text, errors, { allowTrailingComma: true });
      if (errors.length) return undefined;
    } else {
      const doc = parseDocument(text, { logLevel: 'silent', uniqueKeys: false });
      if (doc.errors.length) return undefined;
      data = doc.toJS({ maxAliasCount: MAX_YAML_ALIASES });
    }
  } catch {
    return undefined;
  }
  return isRecord(data) ? data : undefined;
}

/**
 * The first of `names` found in the folders `dirs` (each folder tried with every name before its
 * parent), parsed as `format` or by the format its name says. A file that is found but does not parse ends the
 * search with `undefined` (the runner would stop on it too).
 */
export function readProjectFile(
  ctx: Ctx,
  dirs: readonly string[],
  names: readonly string[],
  format?: DataFormat,
): ProjectData | undefined {
  for (const dir of dirs) {
    for (const name of names) {
      const file = under(dir, name);
      const found = readScript(ctx, file);
      if (found?.text === undefined) continue;
      const data = parseData(found.text, format ?? formatOf(name));
      return data ? { data, from: found.from, file } : undefined;
    }
  }
  return undefined;
}

function formatOf(name: string): DataFormat {
  if (/\.ya?ml$/.test(name)) return 'yaml';
  return name.endsWith('.jsonc') ? 'jsonc' : 'json';
}

export function isRecord(v: unknown): v is Record<string, unknown> {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}

/** The string values of an object (other values are left out). */
export function stringsOf(v: unknown): Record<string, string> {
  const out: Record<string, string> = {};
  if (isRecord(v)) for (const [k, x] of Object.entries(v)) if (typeof x === 'string') out[k] = x;
  return out;
}
