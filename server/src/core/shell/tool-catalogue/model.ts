import type { Category, Dialect, EffectVerb, ResourceKind, Severity } from '../../types';
import type { OptionSpec } from '../options';

/**
 * The shape of the destructive-verb catalogue: one {@link ToolEntry} per command-line tool that
 * agents drive (ORMs and migration tools, datastores, container and cluster tools, cloud and
 * infrastructure CLIs, git), and one {@link HttpApiEntry} per control-plane HTTP API. Entries are
 * data: `match.ts` reads them, the `destructive-tool-verb`, `tool-downtime`,
 * `tool-privileged-access`, `tool-exfiltration` and `environment-check-override` rules report
 * what matched. Adding a tool means adding an entry, with its `sources`, to its family's file.
 */

/** The tool families of the catalogue (issue 11 §1; `tunnels`: issue 9 §5), one file each. */
export type ToolFamily = 'orm' | 'datastore' | 'containers' | 'cloud' | 'git' | 'tunnels';

/**
 * One word of a subcommand path: a literal (`migrate`, `db:drop`), `*` (any word), or a regular
 * expression written `/source/` (`/^delete-/`), matched against the whole word.
 */
export type WordPattern = string;

/**
 * A condition on the arguments after the subcommand path. All conditions given on a verb must hold.
 * Option names are written as on the command line (`--force`, `-f`); a short option also matches
 * inside a cluster (`-rf` has `-f`), a long one also as `--name=value`.
 */
export interface VerbConditions {
  /** At least one of these options is present. */
  flags?: readonly string[];
  /** At least one of these options has a value matching `pattern` (`--replicas=0`, `-v /:/host`). */
  optionValue?: { options: readonly string[]; pattern: string };
  /** At least one operand after the path matches one of these patterns (`zero`, `VERSION=0`, `base`, ``). */
  operands?: readonly string[];
  /** Text the command runs (an option's value, its operands after the path, or its static stdin) matches `pattern` (case-insensitive). */
  script?: { options?: readonly string[]; operands?: boolean; stdin?: boolean; pattern: string };
  /** The command's arguments arrive on stdin (`… | xargs redis-cli del`). */
  argsFromStdin?: boolean;
  /** An operand is a `$(…)` whose command is `program` with these leading words and one of `flags` (`$(docker ps -aq)`). */
  operandFrom?: { program: string; words: readonly string[]; flags: readonly string[] };
  /**
   * The first operand after the path names what an earlier command of the same text defined with
   * `program words… NAME` (`git remote add x URL; git push x` ⇒ a push to a remote added just now).
   */
  definedEarlier?: { program: string; words: readonly string[] };
  /**
   * The verb's own options that take a value (`docker run -v`): with them, the verb's options are
   * read after the path up to its first operand only (the image), plus the tool's global options.
   */
  options?: OptionSpec;
}

/** One destructive (or otherwise dangerous) verb of a tool. */
export interface VerbEntry extends VerbConditions {
  /**
   * The subcommand path after the program and its global options (`['migrate', 'reset']`). With
   * `task: true` the tool takes a list of tasks (`rails db:drop db:create`) and the one-word path
   * may be any operand.
   */
  path: readonly WordPattern[];
  task?: boolean;
  /** Options that make the verb harmless (`--dry-run`, `--create-only`): no finding when present. */
  unless?: readonly string[];
  /** What it does to what, in a sentence fragment after the command (`drops and recreates the database`). */
  what: string;
  effect: EffectVerb;
  /** The resource kind hit, in the tool's own terms (`database`, `volume`, `bucket`, `namespace`). */
  resource: string;
  /** The effect vocabulary's kind of that resource; `datastore` when omitted. */
  resourceKind?: ResourceKind;
  category: Category;
  /** Defaults to `error`; `warning` for narrower or reversible verbs (one rollback step). */
  severity?: Severity;
  /**
   * An existing rule that already reports this verb (`terraform-destroy`): the verb is documented
   * here, the generic rule stays quiet on it. Matching stops at the first matching verb.
   */
  reportedBy?: string;
  /** A command line that must match this verb (tested). */
  example: string;
}

/** How a tool's target (and so its environment) is named on its command line. */
export interface TargetSpec {
  /** Options whose value is a host, URL or connection string (`--url`, `-database`, `--host`). */
  hostOptions?: readonly string[];
  /** Options naming a kube context, cloud profile, project, app or account (`--context`, `--project`, `-a`). */
  contextOptions?: readonly string[];
  /** Options naming the environment (`--env production`, `-e production`, `--settings=…production`). */
  envOptions?: readonly string[];
  /** Variables holding a URL or host (`DATABASE_URL`, `KUBECONFIG`), read from `NAME=value` before the command. */
  urlVars?: readonly string[];
  /** Variables naming the environment (`RAILS_ENV`, `NODE_ENV`, `AWS_PROFILE`), read likewise. */
  envVars?: readonly string[];
  /** `NAME=value` operands also set variables (rake: `rake db:drop RAILS_ENV=production`). */
  operandAssignments?: boolean;
}

/** A switch that turns off a tool's own production safeguard. */
export interface OverrideEntry {
  /** A variable (`DISABLE_DATABASE_ENVIRONMENT_CHECK`) whose presence (any value but `0`/`false`/empty) disables the check. */
  envVar?: string;
  /** The values of `envVar` that disable the check (a pattern); by default any value but `0`/`false`/`no`/`off`/empty. */
  value?: string;
  /** An option (`--force`) that skips the check; reported only together with a destructive verb. */
  flag?: string;
  /** What the safeguard is. */
  what: string;
  example: string;
}

/**
 * A subcommand that runs SQL the tool was given (`prisma db execute --stdin`, `heroku pg:psql -c`,
 * `wrangler d1 execute --command`): the SQL is handed to the SQL analyzer like `psql -c`'s.
 */
export interface SqlRunner {
  path: readonly WordPattern[];
  /** The dialect when no URL says otherwise. */
  dialect: Dialect;
  /** Options whose value is SQL text (`-c`, `--command`). */
  sqlOptions?: readonly string[];
  /** Options whose value names a file of SQL (`--file`). */
  fileOptions?: readonly string[];
  /** The tool reads SQL from standard input (always, or with `--stdin`). */
  stdin?: boolean;
  /** Options or variables whose URL scheme names the dialect (`--url mysql://…`, `DATABASE_URL`). */
  urlOptions?: readonly string[];
  urlVars?: readonly string[];
}

/**
 * How a migration tool lays out its migration files, read by `../migration-files.ts`:
 * `N_name.{up,down}.sql` files (golang-migrate), one file with Up and Down sections (goose,
 * dbmate), `N_name[.up|.down].sql` (SQLx), a folder per migration (Diesel `up.sql`/`down.sql`,
 * Prisma `migration.sql`), `V<version>__name.sql` with `U…` undo and `R__…` repeatable files
 * (Flyway), `NNNN_name.sql` (Drizzle Kit).
 */
export type MigrationLayout =
  'golang-migrate' | 'goose' | 'dbmate' | 'sqlx' | 'diesel' | 'prisma' | 'flyway' | 'drizzle';

/**
 * A subcommand that applies (or reverts) the migration files of a folder (`migrate -path m up`,
 * `prisma migrate deploy`): the SQL it would run is judged like `psql -f`'s (see
 * `../migration-files.ts`).
 */
export interface MigrationRunner {
  /** The subcommand path; with `task: true`, one word that may be any operand (goose's command follows the driver and DSN). */
  path: readonly WordPattern[];
  task?: boolean;
  /** The part of a migration it runs: `up` (applies), `down` (reverts the latest), `redo` (both). */
  direction: 'up' | 'down' | 'redo';
  layout: MigrationLayout;
  /**
   * Options whose value names the migrations folder (`-path`, `--source`, `--migrations-dir`);
   * a `file://` or `filesystem:` prefix is removed, a comma-separated list is several folders.
   */
  dirOptions?: readonly string[];
  /** Variables naming the folder (`GOOSE_MIGRATION_DIR=…`), set before the command or exported earlier. */
  dirVars?: readonly string[];
  /** Options naming a schema file whose folder holds `migrations/` (Prisma `--schema`). */
  schemaOptions?: readonly string[];
  /** Options naming the tool's configuration file, read for the folder (Drizzle Kit `--config`). */
  configOptions?: readonly string[];
  /** The folder when nothing names it, relative to the command's folder. */
  defaultDir?: string;
  /** Options making the run harmless (`--dry-run`): nothing is judged. */
  unless?: readonly string[];
  /** Options and variables whose URL scheme names the dialect (`-database postgres://…`, `DATABASE_URL`). */
  urlOptions?: readonly string[];
  urlVars?: readonly string[];
  /** The first operand names the database driver (`goose postgres DSN up`), as does `driverVar`. */
  driverOperand?: boolean;
  driverVar?: string;
  /** A command line that must find the runner (tested). */
  example: string;
}

/** One command-line tool. */
export interface ToolEntry {
  /** Stable id (`prisma`, `rails`, `kubectl`). */
  id: string;
  family: ToolFamily;
  /** The tool's name as people write it (`Prisma CLI`). */
  title: string;
  /**
   * Program names after launchers are removed (`prisma`; `manage.py` for `python manage.py`,
   * `artisan` for `php artisan`). A two-word program (`docker compose`) is written with a space.
   */
  programs: readonly string[];
  /** Options of the tool (global and of its verbs) that take a value, so that operands are read right. */
  options: OptionSpec;
  /** Options written with one dash and a long name that take the next word (Go's flag package: `-database URL`). */
  singleDashValue?: readonly string[];
  /**
   * Every `-name` / `-name=value` word is one long option, never a cluster of letters (Terraform's
   * `-replace=ADDR`, Flyway's `-url=…`, Go's flag package).
   */
  singleDashLong?: boolean;
  verbs: readonly VerbEntry[];
  /** Harmless neighbours of the verbs (tested: no finding). */
  safe: readonly string[];
  target?: TargetSpec;
  overrides?: readonly OverrideEntry[];
  /** Subcommands that run SQL given to them. */
  sqlRunners?: readonly SqlRunner[];
  /** Subcommands that apply or revert the migration files of a folder. */
  migrationRunners?: readonly MigrationRunner[];
  /** Documentation pages, GTFOBins pages, incident write-ups, peer rule ids. */
  sources: readonly string[];
}

/** An HTTP API whose requests can destroy (a hosting control plane, a search cluster). */
export interface HttpApiEntry {
  id: string;
  family: ToolFamily;
  title: string;
  /** Host globs (`api.github.com`, `*.elastic-cloud.com`), lower case. */
  hosts: readonly string[];
  /** Ports that identify the API on any host (`9200` for Elasticsearch/OpenSearch). */
  ports?: readonly number[];
  /** Methods that destroy (`DELETE`). */
  methods: readonly string[];
  /** When set, only URL paths matching it (`/protection$`). */
  pathPattern?: string;
  /** A GraphQL endpoint: a mutation whose first field matches this pattern destroys. */
  graphqlMutation?: string;
  what: string;
  effect: EffectVerb;
  resource: string;
  resourceKind?: ResourceKind;
  category: Category;
  severity?: Severity;
  example: string;
  safe: readonly string[];
  sources: readonly string[];
}
