/**
 * The shared vocabulary of Railguard's pure core: actions in, findings and decisions out.
 *
 * Nothing here imports `vscode`, `vscode-languageserver` or does I/O. Every interceptor (CLI,
 * language server, shell hook, agent hook, proxy) builds an {@link Action}, hands it to the engine
 * and gets a {@link Decision} back; see `../../../../shared/DESIGN.md`, "The flow of one action".
 */

/**
 * What kind of text an action carries. `task` and `tool` are judged as shell text; `file` is a file
 * tool call (write, edit, read, delete of {@link Action.file}), judged by its path and content.
 */
export type ActionKind = 'shell' | 'sql' | 'task' | 'tool' | 'file';

/**
 * What a `file` action does to its file. `patch`: the text is a patch (a Codex `*** Begin Patch`
 * envelope or a unified diff) that names the files it adds, updates and deletes itself.
 */
export type FileOperation = 'read' | 'write' | 'edit' | 'delete' | 'patch';

/**
 * SQL dialects. `postgresql` is parsed by libpg-query (the PostgreSQL parser); the others by
 * node-sql-parser, whose database names they match.
 */
export type Dialect =
  'postgresql' | 'mysql' | 'mariadb' | 'sqlite' | 'bigquery' | 'snowflake' | 'transactsql';

/** Every {@link Dialect}, PostgreSQL first. */
export const DIALECTS: readonly Dialect[] = [
  'postgresql',
  'mysql',
  'mariadb',
  'sqlite',
  'bigquery',
  'snowflake',
  'transactsql',
];

/** Where an action came from (NIST AU-3 "source of the event"). */
export type ActionSource =
  'cli' | 'terminal' | 'task' | 'agent-hook' | 'lm-tool' | 'mcp' | 'proxy' | 'editor';

/** Who acts: a human, or an AI agent acting for a human. */
export interface Actor {
  type: 'human' | 'agent';
  /** Agent name (`claude-code`, `copilot`, `cursor`, `codex`, `gemini`…) or the human's user name. */
  name: string;
  /** The OS / git user an agent acts for, when known. */
  onBehalfOf?: string;
  /** Agent session id, when the agent reports one. */
  sessionId?: string;
}

/** One thing somebody wants to run. `text` is the exact text; findings point into it. */
export interface Action {
  kind: ActionKind;
  text: string;
  /** SQL dialect for `kind: 'sql'`; SQL found inside shell commands is dialect-detected per tool. */
  dialect?: Dialect;
  cwd?: string;
  source?: ActionSource;
  /**
   * File the text came from, when it came from a file (lint, `psql -f`). For `kind: 'file'`: the
   * file the tool reads or writes (as the agent gave it; resolved against `cwd` when relative), and
   * `text` is the content written (the new text of an edit, empty for a read or delete).
   */
  file?: string;
  /** For `kind: 'file'`: what the tool does to {@link Action.file}; `write` when omitted. */
  operation?: FileOperation;
}

/** Finding categories; a policy maps categories (and rule ids) to effects. */
export type Category =
  | 'data-loss'
  | 'lock'
  | 'compatibility'
  | 'exfiltration'
  | 'secret'
  | 'privilege'
  | 'opaque'
  | 'unparsed'
  /** Railguard's own controls (policies, hooks, runtime, audit) changed, disabled or read. */
  | 'control';

export const CATEGORIES: readonly Category[] = [
  'data-loss',
  'lock',
  'compatibility',
  'exfiltration',
  'secret',
  'privilege',
  'opaque',
  'unparsed',
  'control',
];

/** Severity as an editor shows it (LSP DiagnosticSeverity error/warning/information/hint). */
export type Severity = 'error' | 'warning' | 'info' | 'hint';

/**
 * A range in the action's text. Offsets are UTF-16 code units (JavaScript string indices) into
 * `Action.text`, `end` exclusive; `line`/`column` are 1-based. Text found inside quoted shell
 * words (`bash -c '…'`, `psql -c "…"`) maps back exactly when the quoting is plain, otherwise to
 * the whole containing word.
 */
export interface Span {
  start: number;
  end: number;
  line: number;
  column: number;
  endLine: number;
  endColumn: number;
}

/** A text edit (LSP TextEdit shape, in offsets of `Action.text`). */
export interface TextEdit {
  start: number;
  end: number;
  newText: string;
}

/** A safe rewrite a rule offers (becomes an LSP code action / quick fix). */
export interface Fix {
  title: string;
  edits: TextEdit[];
}

/** Where data goes or comes from outside the database/shell: a sink or an external source. */
export interface Sink {
  kind: 'file' | 'program' | 'network' | 'stdout' | 'stdin' | 'remote-db' | 'public-share';
  /** File path, program text, host or URL; `undefined` when dynamic. */
  target?: string;
  direction: 'out' | 'in';
}

/**
 * One column a SQL statement reads or writes, taken from the parse tree (never guessed from text).
 * - `name`: the column name as the parser gives it (PostgreSQL folds unquoted names to lower
 *   case; quotes are removed), or `*` for "every column of `table`" (`SELECT *`, `t.*`, `COPY t`
 *   or `INSERT INTO t VALUES …` without a column list).
 * - `table`: the relation the column belongs to, in the form of {@link StatementFacts.tablesRead}
 *   (`users`, `public.users`), resolved through the FROM clause's aliases (`u.email` with
 *   `FROM users u` ⇒ `users`). Absent when the SQL does not say which of the statement's
 *   relations holds the column (an unqualified name with several relations in scope); policy
 *   matching then considers every relation of the statement (see `columnMatches` in
 *   `policy/match.ts`). A `name: '*'` always has a `table`.
 */
export interface ColumnFact {
  name: string;
  table?: string;
}

/** Facts about one SQL statement, computed once by the analyzer and shared by all rules. */
export interface StatementFacts {
  /**
   * Statement kind as the PostgreSQL / MySQL reference names the command: `SELECT`, `DELETE`,
   * `DROP TABLE`, `ALTER TABLE`, `CREATE INDEX`, `COPY`, `GRANT`, `DO`… (`UNKNOWN` when unparsed
   * and the leading keywords are not recognised).
   */
  statementKind: string;
  /**
   * Relations read, as written, schema-qualified when the SQL qualifies them (`public.users`). On
   * a database dump's findings, the dumped tables as globs (`*` for every table; see
   * `shell/dump-tables.ts`).
   */
  tablesRead: string[];
  /** Relations written, altered, dropped or truncated. */
  tablesWritten: string[];
  /**
   * Columns whose values the statement returns, copies or builds on, without repeats, in the
   * order the statement names them: SELECT and RETURNING target lists (in subqueries and CTEs
   * too), the source expressions of UPDATE SET, `COPY t (cols) TO`, CREATE INDEX keys and
   * UNIQUE / PRIMARY KEY / FOREIGN KEY columns. Columns used only to filter, join or order
   * (WHERE, ON, GROUP BY, ORDER BY) are not listed. Empty when the statement was not parsed.
   */
  columnsRead: ColumnFact[];
  /**
   * Columns the statement writes or changes: UPDATE SET targets, INSERT / MERGE / `COPY … FROM`
   * column lists (`*` without a list), ALTER TABLE ADD / DROP / ALTER / RENAME COLUMN (old and new
   * names), CREATE TABLE column definitions. DELETE and TRUNCATE remove whole rows and list none
   * (their tables are in `tablesWritten`). Empty when the statement was not parsed.
   */
  columnsWritten: ColumnFact[];
  /** For UPDATE/DELETE: whether a WHERE clause exists. */
  hasWhere?: boolean;
  /** For UPDATE/DELETE: the WHERE clause is always true (`1=1`, `true`, `id IS NOT NULL`, `'a'='a'`). */
  whereIsTautology?: boolean;
  /** Object kinds the statement affects (`table`, `column`, `index`, `schema`, `role`, `function`…). */
  objectKinds: string[];
  sinks: Sink[];
}

/** Facts about a shell command that policies and audit can use. */
export interface CommandFacts {
  /** The program, after unwrapping wrappers (`sudo`, `env`, `bash -c`…). */
  program: string;
  /** Hosts the command talks to (`psql -h`, `ssh host`, URLs), for environment detection. */
  hosts: string[];
  sinks: Sink[];
}

/**
 * What an action does, in the vocabulary of DESIGN.md ("Effects"): a verb on a resource.
 * - `read`: reads the resource (a secret file, a table); `write`: creates or changes it without
 *   losing what was there; `overwrite`: replaces its content (`> file`, `cp` over, `dd of=`);
 *   `destroy`: removes it (`rm`, `DROP`, `shred`, `truncate`, `chmod 000`); `send`: copies it off
 *   the machine (through `sink`); `execute`: runs it as code; `grant`: changes who may access it;
 *   `persist`: makes something run again later (crontab, `authorized_keys`, rc files, git hooks);
 *   `disable`: switches a control off (a hook, a trap, logging, an agent's own safety switch).
 */
export type EffectVerb =
  'read' | 'write' | 'overwrite' | 'destroy' | 'send' | 'execute' | 'grant' | 'persist' | 'disable';

/**
 * The kinds of resource an effect lands on.
 * - `path`: a file or folder; `id` is the path as the command resolves it (absolute when the
 *   analysis knew the cwd, `~/…` for home, else as written); policy classifies it with its
 *   `resources:` globs (build outputs, service data, system paths, Railguard's own files…).
 * - `table`, `column`: SQL relations and columns (`schema.table`, `table.column`).
 * - `datastore`: a whole database, keyspace, bucket, index, cluster or cloud resource
 *   (`redis:prod-cache`, `s3://bucket`, `k8s:namespace/deploy`); `id` names tool and target.
 * - `secret`: a credential (a key file, an environment dump, a cloud metadata endpoint).
 * - `control`: one of Railguard's or an agent's own controls (hook config, audit log, daemon
 *   process, `RAILGUARD_*` variables, shell traps, `--dangerously-skip-permissions`).
 * - `process`, `env`, `host`, `code`: a running process, an environment variable, a machine
 *   reached over the network, code fetched or built at run time.
 */
export type ResourceKind =
  'path' | 'table' | 'column' | 'datastore' | 'secret' | 'control' | 'process' | 'env' | 'host' | 'code';

/** A resource an effect lands on. */
export interface ResourceRef {
  kind: ResourceKind;
  /** What the resource is (see {@link ResourceKind}); `undefined` when built at run time. */
  id: string | undefined;
  /** True when part of `id` is only known at run time (`/var/lib/$X`); `id` holds the static part. */
  dynamic?: boolean;
}

/** One effect of an action on a resource, found by an analyzer or a rule. */
export interface ActionEffect {
  verb: EffectVerb;
  resource: ResourceRef;
  /** For `send`: where the data goes. */
  sink?: Sink;
  /** The program (after unwrapping) or statement kind that has the effect (`rm`, `shutil.rmtree`, `DROP TABLE`). */
  via?: string;
}

/** One thing a rule (or an analyzer) noticed. */
export interface Finding {
  ruleId: string;
  /** The rule's message id (stable, for tests and translations). */
  messageId?: string;
  category: Category;
  severity: Severity;
  message: string;
  span: Span;
  /** Statement facts when the finding is about a SQL statement. */
  statement?: StatementFacts;
  /** Command facts when the finding is about a shell command. */
  command?: CommandFacts;
  fix?: Fix;
  /**
   * The effects behind the finding (`rm -rf /var/lib/mysql` ⇒ destroy path `/var/lib/mysql`);
   * policy matches their resources against its `resources:` classes.
   */
  effects?: ActionEffect[];
  /** Set when a `-- railguard-ignore RULE: reason` comment suppressed it (kept for audit). */
  suppressed?: { reason: string };
}

/** Decision effects, from least to most restrictive. */
export type Effect = 'allow' | 'warn' | 'ask' | 'deny';

export const EFFECT_ORDER: readonly Effect[] = ['allow', 'warn', 'ask', 'deny'];

/** The more restrictive of two effects. */
export function strictestEffect(a: Effect, b: Effect): Effect {
  return EFFECT_ORDER.indexOf(a) >= EFFECT_ORDER.indexOf(b) ? a : b;
}

/** Policy enforcement mode: `audit` decides and logs but never blocks (effective effect ≤ warn). */
export type EnforcementMode = 'enforce' | 'audit';
