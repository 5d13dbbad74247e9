import * as path from 'node:path';
import { detectDialect, detectProjectDialect } from '../sql/dialect';
import { normalizePath } from '../resources/paths';
import type { Dialect } from '../types';
import { analyzerFinding, OPAQUE_EXECUTION } from './analyzer-findings';
import type { Ctx, DirEntry } from './context';
import { cwdOf } from './file-effects';
import { compareVersions, MIGRATION_LAYOUTS, sectionText, type LayoutSpec } from './migration-layouts';
import type { MigrationSql, ShellCommand } from './model';
import { readProjectFile } from './project-files';
import { fileKey, readScript } from './script-files';
import { matchMigrationRun, TOOL_CATALOGUE, type MigrationRun } from './tool-catalogue';

/**
 * Migration runners are judged by the migrations they apply: `migrate -path m up`, `goose up`,
 * `dbmate up`, `sqlx migrate run`, `diesel migration run`, `prisma migrate deploy`, `flyway
 * migrate`, `drizzle-kit migrate` (the runners are catalogue data: `tool-catalogue/`, field
 * `migrationRunners`; the file layouts: `migration-layouts.ts`). The SQL found is put on the
 * command (`ShellCommand.migrations`) and the engine judges it as the SQL of `psql -f FILE`.
 *
 * Which migrations are pending is only known to the database, so two are judged: every migration
 * file the judged text wrote before the runner (`cat > migrations/5_x.up.sql <<EOF … EOF; migrate
 * … up`), and the newest migration in the folder (highest version in the tool's own order), which
 * is the one an agent adds (with a file tool) before running the tool. Flyway's repeatable
 * `R__*.sql` files run again whenever they change, so all of them are judged (at most
 * {@link MAX_MIGRATIONS}). Only the part the command runs is judged: the Up part when it applies,
 * the newest Down part when it reverts (`migrate down`, `goose down`, `dbmate rollback`, `sqlx
 * migrate revert`, `diesel migration revert`, `flyway undo`), both for a redo.
 *
 * The folder is the one the command names (`-path`, `-source file://…`, `-dir`, `--source`,
 * `--migration-dir`, `--migrations-dir`, `-locations=filesystem:…`, Prisma's `--schema`, the `out`
 * of a Drizzle config file) or the tool's default, listed through `ctx.listDir` (bounded by the
 * caller) plus the files the text wrote into it. A folder that cannot be listed, or holds no
 * migration, leaves the command judged as before. The dialect is the one the runner names (goose's
 * driver, the scheme of `-database`/`--url`/`DATABASE_URL` when static), else the project's
 * (Prisma's `migration_lock.toml`, file names, `detectProjectDialect`), else the content's, else
 * PostgreSQL.
 */

/** Most migration files judged for one command. */
export const MAX_MIGRATIONS = 32;

/** One migration: its version and the files holding its parts (keys of `ctx.written` form). */
interface Migration {
  version: string;
  repeatable: boolean;
  files: { file: string; part: 'up' | 'down' | 'sections' }[];
}

/** The folder entries of `dir`: listed from the disk, plus what the judged text wrote in it. */
function entriesOf(ctx: Ctx, dir: string): DirEntry[] {
  const out = new Map<string, DirEntry>();
  for (const e of ctx.listDir?.(dir) ?? []) out.set(e.name, e);
  for (const key of ctx.written.keys()) {
    const rel = path.posix.relative(dir, key);
    if (rel.startsWith('..') || path.posix.isAbsolute(rel) || rel === '') continue;
    const [first, second, more] = rel.split('/');
    if (first === undefined || more !== undefined) continue;
    if (second === undefined) out.set(first, { name: first, dir: false });
    else out.set(first, { name: first, dir: true });
  }
  return [...out.values()];
}

/** The migrations in `dir` by the layout, grouped by version. */
function migrationsIn(spec: LayoutSpec, dir: string, entries: readonly DirEntry[]): Migration[] {
  const byVersion = new Map<string, Migration>();
  const add = (version: string, repeatable: boolean, file: string, part: Migration['files'][0]['part']) => {
    const key = repeatable ? `R:${file}` : version;
    const m = byVersion.get(key) ?? { version, repeatable, files: [] };
    m.files.push({ file, part });
    byVersion.set(key, m);
  };
  for (const e of entries) {
    const file = path.posix.join(dir, e.name);
    if (!e.dir) {
      for (const rule of spec.files ?? []) {
        const m = rule.pattern.exec(e.name);
        if (!m) continue;
        const part = (m.groups?.['part'] as 'up' | 'down' | undefined) ?? rule.part ?? 'up';
        add(m.groups?.['v'] ?? '', rule.repeatable === true, file, part);
        break;
      }
    } else if (spec.folders) {
      const m = spec.folders.pattern.exec(e.name);
      if (!m) continue;
      const v = m.groups?.['v'] ?? '';
      add(v, false, path.posix.join(file, spec.folders.up), 'up');
      if (spec.folders.down) add(v, false, path.posix.join(file, spec.folders.down), 'down');
    }
  }
  return [...byVersion.values()];
}

/** The migrations to judge: those the text wrote, the newest, and repeatable ones. */
function chosen(ctx: Ctx, spec: LayoutSpec, migrations: readonly Migration[]): Migration[] {
  const versioned = migrations.filter((m) => !m.repeatable);
  const newest = versioned.reduce<Migration | undefined>(
    (a, m) => (a === undefined || compareVersions(spec.order, m.version, a.version) > 0 ? m : a),
    undefined,
  );
  const out = migrations.filter((m) => m === newest || m.files.some((f) => ctx.written.has(f.file)));
  const repeatables = migrations
    .filter((m) => m.repeatable && !out.includes(m))
    .sort((a, b) => (a.files[0]?.file ?? '').localeCompare(b.files[0]?.file ?? ''));
  return [...out, ...repeatables].slice(0, MAX_MIGRATIONS);
}

/** The folders `run` reads, as keys of `ctx.written` (absolute when the command's folder is known). */
function foldersOf(ctx: Ctx, run: MigrationRun): string[] {
  if (run.dirs.length > 0) return run.dirs.map((d) => fileKey(ctx, d));
  const configured = run.runner.layout === 'drizzle' ? drizzleOut(ctx, run.configs[0]) : undefined;
  const dir = configured ?? run.runner.defaultDir;
  return dir === undefined ? [] : [fileKey(ctx, dir)];
}

const DRIZZLE_CONFIGS = [
  'drizzle.config.ts',
  'drizzle.config.js',
  'drizzle.config.mjs',
  'drizzle.config.json',
];

/**
 * The `out` folder a Drizzle Kit configuration states (`defineConfig({ out: './migrations' })`),
 * read with the JavaScript grammar (a TypeScript file reads the same up to its type annotations),
 * or from JSON; `undefined` when the file is absent or states it in any other way.
 */
function drizzleOut(ctx: Ctx, config: string | undefined): string | undefined {
  for (const name of config !== undefined ? [config] : DRIZZLE_CONFIGS) {
    if (name.endsWith('.json')) {
      const data = readProjectFile(ctx, ['.'], [name], 'json')?.data;
      if (data) return typeof data['out'] === 'string' ? data['out'] : undefined;
      continue;
    }
    const text = readScript(ctx, name)?.text;
    if (text === undefined) continue;
    return jsOutProperty(ctx, text);
  }
  return undefined;
}

/** The one string value of an `out:` property in JavaScript text, else `undefined`. */
function jsOutProperty(ctx: Ctx, text: string): string | undefined {
  let tree;
  try {
    tree = ctx.parsers.javascript.parse(text);
  } catch {
    return undefined;
  }
  if (!tree) return undefined;
  try {
    const values = tree.rootNode
      .descendantsOfType('pair')
      .filter((p) => {
        const key = p?.childForFieldName('key');
        return key !== null && key !== undefined && key.text.replace(/^['"]|['"]$/g, '') === 'out';
      })
      .map((p) => p?.childForFieldName('value'));
    const v = values.length === 1 ? values[0] : undefined;
    if (v?.type !== 'string') return undefined;
    return v.namedChildren.map((c) => c?.text ?? '').join('');
  } finally {
    tree.delete();
  }
}

/** The dialect of a migration file: the runner's, else the project's, file name's or content's. */
function dialectOf(ctx: Ctx, run: MigrationRun, file: string, text: string): Dialect {
  if (run.dialect) return run.dialect;
  const project = detectProjectDialect(file, (p) => readScript(ctx, p)?.text);
  return detectDialect(file, text, project) ?? 'postgresql';
}

/** Which parts a runner going `direction` runs. */
function partsOf(direction: MigrationRun['runner']['direction']): ('up' | 'down')[] {
  if (direction === 'redo') return ['down', 'up'];
  return [direction];
}

/**
 * Finds the migrations a migration runner on `cmd` applies or reverts (see the module comment)
 * and records their SQL on `cmd.migrations`; a migration the text wrote with content known only at
 * run time is `opaque-execution`.
 */
export function checkMigrationRun(cmd: ShellCommand, outer: Ctx): void {
  if (!outer.listDir && outer.written.size === 0) return;
  const before = { commands: outer.commands, hasErrors: false, findings: [] };
  const run = matchMigrationRun(TOOL_CATALOGUE, cmd, before);
  if (!run) return;
  // `cd backend && npx prisma migrate deploy`: the folder the runner starts in (unknown: not judged).
  let ctx = outer;
  if (outer.cwd !== undefined) {
    const cwd = cwdOf(cmd, { ...before, cwd: outer.cwd });
    if (cwd === undefined || !cwd.startsWith('/')) return;
    if (cwd !== normalizePath(outer.cwd)) ctx = { ...outer, cwd };
  }
  const spec = MIGRATION_LAYOUTS[run.runner.layout];
  const parts = partsOf(run.runner.direction);
  const out: MigrationSql[] = [];
  for (const dir of foldersOf(ctx, run)) {
    const migrations = migrationsIn(spec, dir, entriesOf(ctx, dir));
    // A down runner reverts the newest migration that has a Down part.
    const candidates = parts.includes('up')
      ? migrations
      : migrations.filter((m) => m.files.some((f) => f.part !== 'up'));
    for (const m of chosen(ctx, spec, candidates)) {
      for (const part of parts) {
        for (const f of m.files) {
          if (f.part !== part && f.part !== 'sections') continue;
          if (out.length >= MAX_MIGRATIONS) break;
          const read = readScript(ctx, f.file);
          if (!read) continue;
          if (read.text === undefined) {
            ctx.findings.push(
              analyzerFinding(OPAQUE_EXECUTION, 'writtenScript', cmd.span, {
                interpreter: run.entry.title,
                file: f.file,
              }),
            );
            continue;
          }
          const text =
            f.part === 'sections' && spec.sections ? sectionText(read.text, spec.sections, part) : read.text;
          if (text.trim() === '') continue;
          out.push({ file: f.file, text, part, dialect: dialectOf(ctx, run, f.file, read.text) });
        }
      }
    }
  }
  if (out.length > 0) cmd.migrations = [...(cmd.migrations ?? []), ...out];
}
