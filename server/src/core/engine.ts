import { analyzeFileAction } from './file/analyze';
import { followLinks } from './links';
import type { Parsers } from './parsers';
import { SHELL_RULES, SQL_RULES } from './rules';
import { findingOf, type ShellRule, type SqlRule } from './rules/rule';
import { runShellRules, runSqlRules, sortFindings } from './rules/run';
import { analyzeShell } from './shell/analyze';
import { dumpStatementFacts } from './shell/dump-tables';
import { commandFacts, extractEmbeddedSql } from './shell/embedded-sql';
import type { ListDir } from './shell/context';
import type { ShellAnalysis, ShellCommand } from './shell/model';
import { analyzeSql } from './sql/analyze';
import { detectDialect } from './sql/dialect';
import { emptyFacts, type SqlAnalysis } from './sql/model';
import { LineIndex } from './text';
import { UNPARSED } from './sql/analyzer-findings';
import type { Action, ColumnFact, CommandFacts, Dialect, Finding, Sink, Span, StatementFacts } from './types';

/** Options of {@link analyzeAction}. */
export interface AnalyzeOptions {
  /** Rule sets to run; all built-in rules by default. */
  sqlRules?: readonly SqlRule[];
  shellRules?: readonly ShellRule[];
  /**
   * Reads a file a command names (`psql -f migrate.sql`), resolved against `Action.cwd`. The only
   * I/O analysis may do; omit it to never read files (the file's SQL is then reported `unparsed`).
   */
  readFile?: (path: string) => string | undefined;
  /**
   * Lists a folder a command reads as a whole (the migrations `migrate up` applies), resolved like
   * `readFile`'s paths; omit it to never list folders (such commands are then judged without them).
   */
  listDir?: ListDir;
  /** Dialect when neither the action nor the file name/content tells. Default `postgresql`. */
  defaultDialect?: Dialect;
  /** The user's home folder: file actions write paths under it as `~/…` (for policy globs). */
  home?: string;
  /**
   * The path an absolute path really names when it, or a folder on the way, is a symbolic link
   * (`undefined` when it is none or cannot be read): effects on a link are also effects on its
   * target (`links.ts`). Omit it to judge paths as named.
   */
  realPath?: (absolute: string) => string | undefined;
}

/** Everything analysis learned about one action; the input of policy evaluation. */
export interface ActionAnalysis {
  action: Action;
  /** All findings, sorted by position then rule id. */
  findings: Finding[];
  /** SQL analyses: the action's own SQL, or every SQL text embedded in the shell command. */
  sql: SqlAnalysis[];
  shell?: ShellAnalysis;
  /** Hosts the action talks to (`psql -h`, `ssh host`, URLs): input for environment detection. */
  hosts: string[];
  /** Tables read and written by the action's SQL (union over statements). */
  tablesRead: string[];
  tablesWritten: string[];
}

/**
 * Findings without repeats: a command reached two ways (a launcher the tool catalogue reads, and
 * the same command unwrapped by the shell analyzer) gives the same finding twice; one is kept.
 * Two findings repeat when rule, message id, message and span are the same. Order is kept.
 */
function withoutRepeats(findings: Finding[]): Finding[] {
  const seen = new Set<string>();
  return findings.filter((f) => {
    const key = `${f.ruleId}\u0000${f.messageId ?? ''}\u0000${f.span.start}\u0000${f.span.end}\u0000${f.message}`;
    if (seen.has(key)) return false;
    seen.add(key);
    return true;
  });
}

/** The `unparsed` finding for a SQL file a command names but analysis could not read. */
function unreadableSqlFile(file: string | undefined, span: Span, command: CommandFacts): Finding {
  return {
    ...findingOf(UNPARSED, { messageId: 'unreadableFile', data: { file: file ?? '(unknown)' } }, span),
    statement: emptyFacts('UNKNOWN'),
    command,
  };
}

/**
 * The facts of several statements one command runs, as one: tables, columns, object kinds and
 * sinks united (columns without repeats, in order); `statementKind` the statements' kind when they
 * share one, else their kinds in order joined by `; ` (`BEGIN; SELECT; COMMIT`). WHERE facts are
 * per statement and left out.
 */
export function mergeStatementFacts(list: readonly StatementFacts[]): StatementFacts {
  const kinds = [...new Set(list.map((f) => f.statementKind))];
  const columns = (pick: (f: StatementFacts) => ColumnFact[]): ColumnFact[] => {
    const seen = new Map<string, ColumnFact>();
    for (const c of list.flatMap(pick)) seen.set(`${c.table ?? ''}\u0000${c.name}`, c);
    return [...seen.values()];
  };
  const sinks = new Map<string, Sink>();
  for (const k of list.flatMap((f) => f.sinks))
    sinks.set(`${k.kind}\u0000${k.direction}\u0000${k.target ?? ''}`, k);
  return {
    statementKind: kinds.join('; ') || 'UNKNOWN',
    tablesRead: [...new Set(list.flatMap((f) => f.tablesRead))],
    tablesWritten: [...new Set(list.flatMap((f) => f.tablesWritten))],
    columnsRead: columns((f) => f.columnsRead),
    columnsWritten: columns((f) => f.columnsWritten),
    objectKinds: [...new Set(list.flatMap((f) => f.objectKinds))],
    sinks: [...sinks.values()],
  };
}

function uniq(values: Iterable<string>): string[] {
  return [...new Set(values)].sort();
}

function analyzeSqlText(
  parsers: Parsers,
  text: string,
  dialect: Dialect,
  options: AnalyzeOptions,
  extra: Parameters<typeof analyzeSql>[2],
): { analysis: SqlAnalysis; findings: Finding[] } {
  const analysis = analyzeSql(parsers, text, { ...extra, dialect });
  const findings = [...analysis.findings, ...runSqlRules(options.sqlRules ?? SQL_RULES, analysis)];
  return { analysis, findings };
}

/**
 * Analyzes an action: parses it (shell, then SQL found inside it; or SQL directly), runs the
 * rules and collects facts. Pure and synchronous apart from `options.readFile` and `options.realPath`.
 *
 * Shapes: see {@link ActionAnalysis}. Never throws on bad input: unparseable text becomes an
 * `unparsed` finding. Throws only on programming errors (a rule reporting an unknown message id).
 */
export function analyzeAction(
  parsers: Parsers,
  action: Action,
  options: AnalyzeOptions = {},
): ActionAnalysis {
  const lineIndex = new LineIndex(action.text);
  const sql: SqlAnalysis[] = [];
  const findings: Finding[] = [];
  const hosts: string[] = [];
  let shell: ShellAnalysis | undefined;

  if (action.kind === 'file') {
    const r = analyzeFileAction(parsers, action, {
      sqlRules: options.sqlRules ?? SQL_RULES,
      shellRules: options.shellRules ?? SHELL_RULES,
      lineIndex,
      ...(options.home ? { home: options.home } : {}),
      ...(options.defaultDialect ? { defaultDialect: options.defaultDialect } : {}),
      analyzeScript: (text) => {
        const a = analyzeAction(
          parsers,
          { kind: 'shell', text, ...(action.cwd ? { cwd: action.cwd } : {}) },
          options,
        );
        return { findings: a.findings, sql: a.sql, hosts: a.hosts, ...(a.shell ? { shell: a.shell } : {}) };
      },
    });
    sql.push(...r.sql);
    findings.push(...r.findings);
    hosts.push(...(r.hosts ?? []));
    if (r.shell) shell = r.shell;
  } else if (action.kind === 'sql') {
    const dialect =
      action.dialect ?? detectDialect(action.file, action.text) ?? options.defaultDialect ?? 'postgresql';
    const r = analyzeSqlText(parsers, action.text, dialect, options, {
      dialect,
      lineIndex,
      ...(action.file ? { file: action.file } : {}),
    });
    sql.push(r.analysis);
    findings.push(...r.findings);
  } else {
    shell = analyzeShell(parsers, action.text, {
      lineIndex,
      ...(action.cwd ? { cwd: action.cwd } : {}),
      ...(options.readFile ? { readFile: options.readFile } : {}),
      ...(options.listDir ? { listDir: options.listDir } : {}),
    });
    if (action.cwd) shell = { ...shell, cwd: action.cwd };
    findings.push(...shell.findings);
    /** Facts of the top-level statements each command runs (`psql -c '…'`). */
    const ranSql = new Map<ShellCommand, StatementFacts[]>();
    for (const cmd of shell.commands) {
      const facts = commandFacts(cmd, shell);
      hosts.push(...facts.hosts);
      const embedded = extractEmbeddedSql(cmd, {
        ...(action.cwd ? { cwd: action.cwd } : {}),
        ...(options.readFile ? { readFile: options.readFile } : {}),
      });
      for (const e of embedded) {
        if (e.target.host) hosts.push(e.target.host);
        if (e.unreadable) {
          findings.push(unreadableSqlFile(e.file, cmd.span, facts));
          continue;
        }
        // SQL read from a file has the file's own coordinates: analyze it on its own and place
        // its findings on the command, naming the file position in the message.
        const r = analyzeSqlText(parsers, e.text, e.dialect, options, {
          dialect: e.dialect,
          ...(e.file ? {} : { lineIndex }),
          ...(e.baseOffset !== undefined && !e.file ? { baseOffset: e.baseOffset } : {}),
          ...(e.fixedSpan && !e.file ? { fixedSpan: e.fixedSpan } : {}),
          ...(e.file ? { file: e.file } : {}),
        });
        sql.push(r.analysis);
        const ran = r.analysis.statements.filter((st) => st.origin !== 'plpgsql').map((st) => st.facts);
        ranSql.set(cmd, [...(ranSql.get(cmd) ?? []), ...ran]);
        findings.push(
          ...r.findings.map((f) =>
            e.file
              ? {
                  ...f,
                  span: cmd.span,
                  message: `${e.file}:${f.span.line}:${f.span.column}: ${f.message}`,
                  command: facts,
                }
              : { ...f, command: facts },
          ),
        );
      }
    }
    // A shell finding about a command that runs SQL (its query output piped to `curl`) carries
    // that SQL's facts, and one about a dump (`pg_dump -t users … | curl`) the dumped tables, so
    // data classes (tables, columns) apply to it.
    findings.push(
      ...runShellRules(options.shellRules ?? SHELL_RULES, shell, (found, cmd) => {
        // A command standing for an interpreter call (`shutil.rmtree`) carries that call's effects.
        const f = cmd.effects ? { ...found, effects: [...(found.effects ?? []), ...cmd.effects] } : found;
        const ran = ranSql.get(cmd);
        if (ran?.length) return { ...f, statement: mergeStatementFacts(ran) };
        const dumped = dumpStatementFacts(cmd);
        return dumped ? { ...f, statement: dumped } : f;
      }),
    );
  }

  const stmts = sql.flatMap((a) => a.statements);
  const linked = options.realPath ? followLinks(findings, options.realPath, options.home) : findings;
  return {
    action,
    findings: withoutRepeats(sortFindings(linked)),
    sql,
    ...(shell ? { shell } : {}),
    hosts: uniq(hosts),
    tablesRead: uniq(stmts.flatMap((s) => s.facts.tablesRead)),
    tablesWritten: uniq(stmts.flatMap((s) => s.facts.tablesWritten)),
  };
}
