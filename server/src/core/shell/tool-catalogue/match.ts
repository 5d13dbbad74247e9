import { hostsOf } from '../../policy/hosts';
import type { Dialect, Span } from '../../types';
import type { ShellAnalysis, ShellCommand, ShellWord } from '../model';
import { readOptions, readOptionsPermuted, type OptionSpec, type ParsedOption } from '../options';
import { httpRequest, urlParts } from './http-request';
import { launched, type Launched } from './launchers';
import type { HttpApiEntry, MigrationRunner, SqlRunner, ToolEntry, VerbEntry, WordPattern } from './model';

/** One catalogue verb found on a command. */
export interface ToolMatch {
  entry: ToolEntry;
  verb: VerbEntry;
  /** The command as the finding names it: program and path words (`prisma migrate reset`). */
  command: string;
  /** Where to report: the first path word (or the matched task). */
  span: Span;
}

/** One override of a tool's production safeguard found on a command. */
export interface OverrideMatch {
  entry: ToolEntry;
  /** `DISABLE_DATABASE_ENVIRONMENT_CHECK=1` or `--force`. */
  text: string;
  what: string;
  span: Span;
}

const regexCache = new Map<string, RegExp>();
/** Compiles a catalogue pattern once (anchored unless it is a `/…/` word pattern). */
function re(source: string, flags = ''): RegExp {
  const key = `${flags}:${source}`;
  let r = regexCache.get(key);
  if (!r) {
    r = new RegExp(`^(?:${source})$`, flags);
    regexCache.set(key, r);
  }
  return r;
}

function wordMatches(p: WordPattern, v: string | undefined): boolean {
  if (v === undefined) return false;
  if (p === '*') return true;
  if (p.length > 2 && p.startsWith('/') && p.endsWith('/'))
    return re(`.*(?:${p.slice(1, -1)}).*`, 'i').test(v);
  return p === v;
}

/** Option name as {@link readOptionsPermuted} gives it: `--force` ⇒ `force`, `-f` ⇒ `f`. */
const optName = (flag: string): string => flag.replace(/^--?/, '');

function hasFlag(
  options: readonly ParsedOption[],
  args: readonly ShellWord[],
  flags: readonly string[],
): boolean {
  return flags.some((f) => {
    // Single-dash long options (`-cleanDisabled=false`, `-all`) are matched as written.
    if (/^-[^-]{2,}/.test(f))
      return (
        args.some((w) => w.value === f || w.value?.startsWith(`${f}=`)) ||
        options.some((o) => o.name === f.slice(1))
      );
    return options.some((o) => o.name === optName(f));
  });
}

function optionValues(
  options: readonly ParsedOption[],
  args: readonly ShellWord[],
  names: readonly string[],
): string[] {
  const out: string[] = [];
  for (const n of names) {
    if (/^-[^-]{2,}/.test(n)) {
      for (const w of args) if (w.value?.startsWith(`${n}=`)) out.push(w.value.slice(n.length + 1));
      for (const o of options) if (o.name === n.slice(1) && o.value !== undefined) out.push(o.value);
      continue;
    }
    for (const o of options) if (o.name === optName(n) && o.value !== undefined) out.push(o.value);
  }
  return out;
}

/**
 * Reads the launched tool's arguments with the entry's option table, options anywhere (getopt_long
 * permutation); single-dash long options with a value (`-database URL`) are taken out first.
 */
function readArgs(entry: ToolEntry, l: Launched): { options: ParsedOption[]; operands: ShellWord[] } {
  const single = entry.singleDashValue ?? [];
  const options: ParsedOption[] = [];
  const rest: ShellWord[] = [];
  for (let i = 0; i < l.args.length; i++) {
    const w = l.args[i];
    if (!w) continue;
    const long = entry.singleDashLong ? /^-([A-Za-z][\w.-]+)(?:=(.*))?$/s.exec(w.value ?? '') : null;
    if (w.value !== undefined && single.includes(w.value)) {
      const valueWord = l.args[++i];
      options.push({ name: w.value.slice(1), value: valueWord?.value, ...(valueWord ? { valueWord } : {}) });
    } else if (long?.[1]) options.push({ name: long[1], value: long[2], valueWord: w });
    else rest.push(w);
  }
  const r = readOptionsPermuted(rest, 0, entry.options);
  return { options: [...options, ...r.options], operands: r.operands.map((o) => o.word) };
}

/** Whether an operand is `$(program words… -flag)` (a command substitution the analysis unwrapped). */
function operandFrom(
  operands: readonly ShellWord[],
  analysis: ShellAnalysis | undefined,
  spec: NonNullable<VerbEntry['operandFrom']>,
): boolean {
  if (!analysis) return false;
  return operands.some(
    (w) =>
      w.value === undefined &&
      analysis.commands.some((c) => {
        if (!c.inSubstitution || c.span.start < w.span.start || c.span.end > w.span.end) return false;
        if (c.name !== spec.program) return false;
        const r = readOptionsPermuted(c.argv, 1, {});
        const ops = r.operands.map((o) => o.word.value);
        return spec.words.every((x, i) => ops[i] === x) && hasFlag(r.options, c.argv.slice(1), spec.flags);
      }),
  );
}

/** Whether an earlier command of the analysis is `program words… name` (`git remote add x URL`). */
function definedEarlier(
  cmd: ShellCommand,
  name: string | undefined,
  analysis: ShellAnalysis | undefined,
  spec: NonNullable<VerbEntry['definedEarlier']>,
): boolean {
  if (!analysis || name === undefined) return false;
  return analysis.commands.some((c) => {
    if (c.span.end > cmd.span.start || c.name !== spec.program) return false;
    const ops = readOptionsPermuted(c.argv, 1, {
      short: 'Cc',
      long: ['git-dir', 'work-tree', 't', 'm'],
    }).operands;
    const values = ops.map((o) => o.word.value);
    return spec.words.every((w, i) => values[i] === w) && values[spec.words.length] === name;
  });
}

function verbHolds(
  shortTakesValue: string,
  verb: VerbEntry,
  cmd: ShellCommand,
  args: readonly ShellWord[],
  options: readonly ParsedOption[],
  rest: readonly ShellWord[],
  analysis: ShellAnalysis | undefined,
): boolean {
  // `-h` is help unless the tool reads a value after it (`redis-cli -h HOST`, `psql -h HOST`).
  const help = shortTakesValue.includes('h') ? ['--help'] : ['--help', '-h'];
  if (hasFlag(options, args, help) && !verb.flags?.includes('-h')) return false;
  if (verb.unless && hasFlag(options, args, verb.unless)) return false;
  if (verb.flags && !hasFlag(options, args, verb.flags)) return false;
  if (verb.optionValue) {
    const p = verb.optionValue.pattern;
    if (!optionValues(options, args, verb.optionValue.options).some((v) => re(p).test(v))) return false;
  }
  if (verb.operands) {
    const pats = verb.operands;
    if (!rest.some((w) => w.value !== undefined && pats.some((p) => re(p).test(w.value ?? '')))) return false;
  }
  if (verb.script) {
    const s = verb.script;
    const texts = [
      ...optionValues(options, args, s.options ?? []),
      ...(s.operands ? rest.map((w) => w.value ?? '') : []),
      ...(s.stdin && cmd.stdin ? [cmd.stdin.text] : []),
    ];
    const r = new RegExp(s.pattern, 'i');
    if (!texts.some((t) => r.test(t))) return false;
  }
  if (verb.argsFromStdin && !cmd.argsFromStdin) return false;
  if (verb.operandFrom && !operandFrom(rest, analysis, verb.operandFrom)) return false;
  if (verb.definedEarlier && !definedEarlier(cmd, rest[0]?.value, analysis, verb.definedEarlier))
    return false;
  return true;
}

/**
 * Options of a verb that reads its own options after its path up to its first operand (`docker run
 * [OPTIONS] IMAGE [COMMAND]`: words after the image belong to the container's command), plus the
 * tool's global options before the path.
 */
function verbOptions(
  entry: ToolEntry,
  args: readonly ShellWord[],
  at: number,
  own: OptionSpec,
): ParsedOption[] {
  const globals = readOptions(args, 0, entry.options).options;
  const spec: OptionSpec = {
    short: `${entry.options.short ?? ''}${own.short ?? ''}`,
    long: [...(entry.options.long ?? []), ...(own.long ?? [])],
  };
  return [...globals, ...readOptions(args, at + 1, spec).options];
}

/** The program name of `l` as an entry names it: `docker compose` when the entry lists it so. */
function entryFor(
  entries: readonly ToolEntry[],
  l: Launched,
): { entry: ToolEntry; args: ShellWord[]; program: string } | undefined {
  const index = programIndex(entries);
  const two = l.args[0]?.value !== undefined ? `${l.program} ${l.args[0].value}` : undefined;
  const byTwo = two === undefined ? undefined : index.get(two);
  if (byTwo && two !== undefined) return { entry: byTwo, args: l.args.slice(1), program: two };
  const entry = index.get(l.program);
  return entry ? { entry, args: l.args, program: l.program } : undefined;
}

const indexCache = new WeakMap<readonly ToolEntry[], Map<string, ToolEntry>>();

/** Program name ⇒ its (first) entry, built once per catalogue. */
function programIndex(entries: readonly ToolEntry[]): Map<string, ToolEntry> {
  let index = indexCache.get(entries);
  if (!index) {
    index = new Map();
    for (const e of entries) for (const p of e.programs) if (!index.has(p)) index.set(p, e);
    indexCache.set(entries, index);
  }
  return index;
}

/**
 * The first matching verb of the catalogue entry for the tool `cmd` runs (after launchers), or
 * `undefined`. `analysis` lets conditions look at command substitutions in operands. Pure.
 */
export function matchTool(
  entries: readonly ToolEntry[],
  cmd: ShellCommand,
  analysis?: ShellAnalysis,
): ToolMatch | undefined {
  // Five rules ask about the same command: read it once per catalogue and command.
  let perCatalogue = matchCache.get(entries);
  if (!perCatalogue) {
    perCatalogue = new WeakMap();
    matchCache.set(entries, perCatalogue);
  }
  const cached = perCatalogue.get(cmd);
  if (cached !== undefined) return cached ?? undefined;
  const m = matchToolUncached(entries, cmd, analysis);
  perCatalogue.set(cmd, m ?? null);
  return m;
}

/** Results of {@link matchTool} per catalogue and command (commands are immutable once analyzed). */
const matchCache = new WeakMap<readonly ToolEntry[], WeakMap<ShellCommand, ToolMatch | null>>();

function matchToolUncached(
  entries: readonly ToolEntry[],
  cmd: ShellCommand,
  analysis: ShellAnalysis | undefined,
): ToolMatch | undefined {
  const l = launched(cmd);
  if (!l) return undefined;
  const found = entryFor(entries, l);
  if (!found) return undefined;
  const { entry, program } = found;
  const base = readArgs(entry, { ...l, args: found.args });
  for (const verb of entry.verbs) {
    const { operands } = base;
    let { options } = base;
    if (verb.task) {
      const p = verb.path[0] ?? '';
      const at = operands.findIndex((w) => wordMatches(p, w.value));
      const word = operands[at];
      if (!word) continue;
      if (
        !verbHolds(
          entry.options.short ?? '',
          verb,
          cmd,
          found.args,
          options,
          operands.slice(at + 1),
          analysis,
        )
      )
        continue;
      return { entry, verb, command: `${program} ${word.value ?? ''}`, span: word.span };
    }
    const lead = operands.slice(0, verb.path.length);
    if (lead.length < verb.path.length || !verb.path.every((p, i) => wordMatches(p, lead[i]?.value)))
      continue;
    const last = lead[lead.length - 1];
    if (verb.options && last)
      options = verbOptions(entry, found.args, found.args.indexOf(last), verb.options);
    if (
      !verbHolds(
        entry.options.short ?? '',
        verb,
        cmd,
        found.args,
        options,
        operands.slice(verb.path.length),
        analysis,
      )
    )
      continue;
    const first = lead[0];
    return {
      entry,
      verb,
      command: [program, ...lead.map((w) => w.value ?? '')].join(' '),
      span: first?.span ?? l.programWord.span,
    };
  }
  return undefined;
}

const OFF = /^(0|false|no|off|)$/i;

/**
 * Overrides of the tool's production safeguard on `cmd`: a variable set before the command
 * (`DISABLE_DATABASE_ENVIRONMENT_CHECK=1 rails db:drop`), always; an override flag (`php artisan
 * migrate:fresh --force`) only when `destructive` (the command also matched a destructive verb).
 */
export function matchOverrides(
  entries: readonly ToolEntry[],
  cmd: ShellCommand,
  destructive: boolean,
  analysis?: ShellAnalysis,
): OverrideMatch[] {
  const l = launched(cmd);
  if (!l) return [];
  const found = entryFor(entries, l);
  const overrides = found?.entry.overrides;
  if (!found || !overrides) return [];
  const { entry } = found;
  const { options } = readArgs(entry, { ...l, args: found.args });
  const out: OverrideMatch[] = [];
  for (const o of overrides) {
    if (o.envVar !== undefined) {
      const a = assignmentsOf(cmd, found.args, entry, analysis)
        .reverse()
        .find((x) => x.name === o.envVar);
      const on = (v: string | undefined): boolean =>
        v === undefined || (o.value !== undefined ? re(o.value, 'i').test(v) : !OFF.test(v));
      if (a && on(a.value))
        out.push({ entry, text: `${a.name}=${a.value ?? '…'}`, what: o.what, span: a.span });
    }
    if (o.flag !== undefined && destructive) {
      const name = optName(o.flag);
      const opt = options.find((x) => x.name === name);
      const word = found.args.find((w) => w.value === o.flag || w.value?.startsWith(`${o.flag}=`));
      if (opt) out.push({ entry, text: o.flag, what: o.what, span: word?.span ?? cmd.span });
    }
  }
  return out;
}

/** Keywords that export variables to later commands (`export X=1`, `declare -x X=1`, `typeset -x`). */
const EXPORTERS = new Set(['export', 'declare', 'typeset']);

/**
 * `NAME=value` settings that reach the tool: variables exported earlier in the same text (`export
 * RAILS_ENV=production; rails db:drop`, when `analysis` is given), leading assignments, and
 * operands when the entry reads them (rake). Later settings come later in the list.
 */
function assignmentsOf(
  cmd: ShellCommand,
  args: readonly ShellWord[],
  entry: ToolEntry,
  analysis?: ShellAnalysis,
): { name: string; value: string | undefined; span: Span }[] {
  const out: { name: string; value: string | undefined; span: Span }[] = [];
  for (const c of analysis?.commands ?? []) {
    if (c.span.end > cmd.span.start || c.name === undefined || !EXPORTERS.has(c.name)) continue;
    const exported = c.name === 'export' || c.argv.some((w) => /^-[a-zA-Z]*x/.test(w.value ?? ''));
    if (exported) for (const a of c.assignments) out.push({ ...a, span: c.span });
  }
  // Leading assignments are not argv words and carry no span of their own: the command's is used.
  for (const a of cmd.assignments) out.push({ ...a, span: cmd.span });
  if (entry.target?.operandAssignments) {
    for (const w of args) {
      const m = /^([A-Z_][A-Z0-9_]*)=(.*)$/.exec(w.value ?? '');
      if (m?.[1]) out.push({ name: m[1], value: m[2], span: w.span });
    }
  }
  return out;
}

/**
 * Target signals of a catalogued tool for environment detection: hosts of its host/URL options
 * and URL variables (`DATABASE_URL=postgres://prod-db/app prisma …` ⇒ `prod-db`), the values of
 * its context options (`kubectl --context prod-eks` ⇒ `prod-eks`, `heroku -a shop-prod` ⇒
 * `shop-prod`), and environment selectors written as `NAME=value` (`RAILS_ENV=production`,
 * `--env=production`, an env file `dotenv=.env.production`), all lower case. These go to the
 * engine's `hosts`, so the policy's `host:` globs (`*prod*`) classify them. Pure; `[]` for
 * commands outside the catalogue.
 */
export function toolTargetSignals(
  entries: readonly ToolEntry[],
  cmd: ShellCommand,
  analysis?: ShellAnalysis,
): string[] {
  const l = launched(cmd);
  if (!l) return [];
  const out = new Set<string>(l.envFiles.map((f) => `dotenv=${f}`.toLowerCase()));
  const found = entryFor(entries, l);
  const t = found?.entry.target;
  if (!found || !t) return [...out];
  const { options } = readArgs(found.entry, { ...l, args: found.args });
  for (const v of optionValues(options, found.args, t.hostOptions ?? [])) {
    const hosts = hostsOf(v);
    for (const h of hosts.length > 0 ? hosts : [v]) out.add(h.toLowerCase());
  }
  for (const v of optionValues(options, found.args, t.contextOptions ?? [])) out.add(v.toLowerCase());
  for (const n of t.envOptions ?? []) {
    for (const v of optionValues(options, found.args, [n])) out.add(`${n}=${v}`.toLowerCase());
  }
  for (const a of assignmentsOf(cmd, found.args, found.entry, analysis)) {
    if (a.value === undefined || a.value === '') continue;
    if (t.urlVars?.includes(a.name)) for (const h of hostsOf(a.value)) out.add(h);
    if (t.envVars?.includes(a.name)) out.add(`${a.name}=${a.value}`.toLowerCase());
  }
  return [...out];
}

/** One control-plane API request that destroys. */
export interface HttpMatch {
  entry: HttpApiEntry;
  method: string;
  url: string;
  /** The GraphQL mutation field, when the match is one. */
  mutation?: string;
  span: Span;
}

/** The first field of a GraphQL mutation in a request body (JSON `{"query": "mutation { deleteX …"}` or raw). */
function mutationField(body: string): string | undefined {
  let query = body;
  try {
    const parsed: unknown = JSON.parse(body);
    if (parsed && typeof parsed === 'object' && 'query' in parsed && typeof parsed.query === 'string')
      query = parsed.query;
  } catch {
    // Not JSON: httpie `query=…` items and raw bodies are the query text itself.
  }
  const m = /\bmutation\b[^{]*\{\s*(?:[A-Za-z_]\w*\s*:\s*)?([A-Za-z_]\w*)/.exec(query);
  return m?.[1];
}

function globToRe(glob: string): RegExp {
  return re(
    glob
      .replace(/[.+^${}()|[\]\\]/g, '\\$&')
      .replace(/\*/g, '.*')
      .replace(/\?/g, '.'),
    'i',
  );
}

/** Control-plane requests on `cmd` that match an entry: a destroying method or a delete mutation. Pure. */
export function matchHttp(entries: readonly HttpApiEntry[], cmd: ShellCommand): HttpMatch[] {
  const req = httpRequest(cmd);
  if (!req) return [];
  const out: HttpMatch[] = [];
  for (const { url, word } of req.urls) {
    const parts = urlParts(url);
    if (!parts) continue;
    for (const entry of entries) {
      const hostHit = entry.hosts.some((h) => globToRe(h).test(parts.host));
      const portHit = parts.port !== undefined && (entry.ports ?? []).includes(parts.port);
      if (!hostHit && !portHit) continue;
      if (entry.pathPattern !== undefined && !new RegExp(entry.pathPattern).test(parts.path)) continue;
      if (req.method !== undefined && entry.methods.includes(req.method)) {
        out.push({ entry, method: req.method, url, span: word.span });
        break;
      }
      if (entry.graphqlMutation !== undefined) {
        const field = req.bodies
          .map(mutationField)
          .find((f) => f !== undefined && re(entry.graphqlMutation ?? '', 'i').test(f));
        if (field) {
          out.push({ entry, method: req.method ?? 'POST', url, mutation: field, span: word.span });
          break;
        }
      }
    }
  }
  return out;
}

/** A catalogued subcommand that runs SQL, read from one command (see {@link SqlRunner}). */
export interface SqlRun {
  entry: ToolEntry;
  runner: SqlRunner;
  dialect: Dialect;
  /** SQL given as option values, with the words holding them. */
  texts: { text: string; word: ShellWord }[];
  /** Files of SQL named by the command. */
  files: string[];
  /** Whether the SQL comes on standard input. */
  stdin: boolean;
}

/**
 * The dialect a database URL's scheme (or a driver name) names (`mysql://` ⇒ mysql), or
 * `undefined`. Besides the usual schemes, the driver names of golang-migrate
 * (https://github.com/golang-migrate/migrate#databases: `pgx5`, `cockroachdb`, `sqlite3`…) and
 * goose (https://github.com/pressly/goose#usage: `postgres`, `sqlite3`, `mssql`, `turso`…).
 */
function dialectOfUrl(url: string | undefined): Dialect | undefined {
  const scheme = /^(?:jdbc:)?([a-z][a-z0-9+.-]*):/i.exec(url ?? '')?.[1]?.toLowerCase();
  if (scheme === undefined) return undefined;
  if (/^(postgres(ql)?|pgx[45]?|postgis|cockroach(db)?|crdb-postgres|redshift)$/.test(scheme))
    return 'postgresql';
  if (scheme === 'mysql') return 'mysql';
  if (scheme === 'mariadb') return 'mariadb';
  if (scheme === 'sqlserver' || scheme === 'mssql') return 'transactsql';
  if (/^(file|sqlite3?|libsql|turso)$/.test(scheme)) return 'sqlite';
  return undefined;
}

/**
 * The SQL a catalogued SQL-running subcommand is given on `cmd` (`prisma db execute --stdin`,
 * `heroku pg:psql -c '…'`), or `undefined` when `cmd` is none. Pure.
 */
export function matchSqlRun(
  entries: readonly ToolEntry[],
  cmd: ShellCommand,
  analysis?: ShellAnalysis,
): SqlRun | undefined {
  const l = launched(cmd);
  if (!l) return undefined;
  const found = entryFor(entries, l);
  if (!found?.entry.sqlRunners) return undefined;
  const { entry } = found;
  const { options, operands } = readArgs(entry, { ...l, args: found.args });
  const runner = entry.sqlRunners?.find(
    (r) => operands.length >= r.path.length && r.path.every((p, i) => wordMatches(p, operands[i]?.value)),
  );
  if (!runner) return undefined;
  const texts = options.flatMap((o) =>
    (runner.sqlOptions ?? []).some((n) => optName(n) === o.name) && o.value !== undefined && o.valueWord
      ? [{ text: o.value, word: o.valueWord }]
      : [],
  );
  const files = optionValues(options, found.args, runner.fileOptions ?? []);
  const urls = [
    ...optionValues(options, found.args, runner.urlOptions ?? []),
    ...assignmentsOf(cmd, found.args, entry, analysis)
      .filter((a) => runner.urlVars?.includes(a.name))
      .map((a) => a.value),
  ];
  const dialect = urls.map(dialectOfUrl).find((d) => d !== undefined) ?? runner.dialect;
  return {
    entry,
    runner,
    dialect,
    texts,
    files,
    stdin: runner.stdin === true && texts.length === 0 && files.length === 0,
  };
}

/** A catalogued migration runner found on one command (see {@link MigrationRunner}). */
export interface MigrationRun {
  entry: ToolEntry;
  runner: MigrationRunner;
  /**
   * Folders the command names (option values, variables, the schema file's folder), as written;
   * empty when it names none (the runner's `defaultDir` applies).
   */
  dirs: string[];
  /** The tool's configuration files the command names (`--config`). */
  configs: string[];
  /** The dialect its database URL or driver names, when static. */
  dialect?: Dialect;
}

/** `file://m`, `filesystem:sql,filesystem:more` ⇒ the folders (other sources give none). */
function foldersOf(value: string): string[] {
  return value.split(',').flatMap((v) => {
    const m = /^(?:file:\/\/|filesystem:)?(.*)$/s.exec(v.trim());
    const dir = m?.[1] ?? '';
    return dir === '' || /^[a-z][a-z0-9+.-]*:/i.test(dir) ? [] : [dir];
  });
}

/**
 * The migration runner of the catalogue on `cmd` (`migrate -path m up`, `npx prisma migrate
 * deploy`, `goose -dir db postgres "$DSN" up`), with the folders, configuration files and dialect
 * the command names, or `undefined` when `cmd` is none (or has one of the runner's `unless`
 * options, or `--help`). Pure.
 */
export function matchMigrationRun(
  entries: readonly ToolEntry[],
  cmd: ShellCommand,
  analysis?: ShellAnalysis,
): MigrationRun | undefined {
  const l = launched(cmd);
  if (!l) return undefined;
  const found = entryFor(entries, l);
  if (!found?.entry.migrationRunners) return undefined;
  const { entry, args } = found;
  const { options, operands } = readArgs(entry, { ...l, args });
  const runner = entry.migrationRunners?.find((r) =>
    r.task
      ? operands.some((w) => wordMatches(r.path[0] ?? '', w.value))
      : operands.length >= r.path.length && r.path.every((p, i) => wordMatches(p, operands[i]?.value)),
  );
  if (!runner) return undefined;
  if (hasFlag(options, args, ['--help', ...(runner.unless ?? [])])) return undefined;
  const vars = assignmentsOf(cmd, args, entry, analysis);
  const varValues = (names: readonly string[] | undefined): string[] =>
    vars.filter((a) => names?.includes(a.name) && a.value !== undefined).map((a) => a.value ?? '');
  const named = [...optionValues(options, args, runner.dirOptions ?? []), ...varValues(runner.dirVars)];
  const schemas = optionValues(options, args, runner.schemaOptions ?? []).map((s) =>
    s.endsWith('.prisma') ? `${s.replace(/\/?[^/]*$/, '') || '.'}/migrations` : `${s}/migrations`,
  );
  const dirs = [...named.flatMap(foldersOf), ...schemas];
  // A driver name is read as a URL scheme (`postgres` ⇒ `postgres:`).
  const drivers = runner.driverOperand
    ? [operands[0]?.value, ...varValues(runner.driverVar ? [runner.driverVar] : [])].flatMap((d) =>
        d === undefined || d.includes(':') ? [] : [`${d}:`],
      )
    : [];
  const urls = [...optionValues(options, args, runner.urlOptions ?? []), ...varValues(runner.urlVars)];
  const dialect = [...drivers, ...urls].map(dialectOfUrl).find((d) => d !== undefined);
  return {
    entry,
    runner,
    dirs,
    configs: optionValues(options, args, runner.configOptions ?? []),
    ...(dialect ? { dialect } : {}),
  };
}
