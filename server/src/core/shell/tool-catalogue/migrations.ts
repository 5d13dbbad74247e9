import type { ToolEntry } from './model';
import { destroys, reverts } from './verbs';

/**
 * Standalone migration tools and data-build tools (family `orm`, like `orm.ts`): Go, Perl and
 * Node.js migration runners whose rollbacks run the down scripts (which drop what the up scripts
 * made), resets that revert everything, database drops, the Hasura and Gel CLIs, and dbt's
 * `--full-refresh`, which drops and rebuilds incremental models and seed tables.
 */

/**
 * Where goose reads migrations (`-dir`, `GOOSE_MIGRATION_DIR`, else the current folder) and how
 * it names the database (`goose DRIVER DBSTRING COMMAND`, `GOOSE_DRIVER`, `GOOSE_DBSTRING`).
 */
const GOOSE_RUN = {
  task: true,
  layout: 'goose',
  dirOptions: ['-dir'],
  dirVars: ['GOOSE_MIGRATION_DIR'],
  defaultDir: '.',
  driverOperand: true,
  driverVar: 'GOOSE_DRIVER',
  urlVars: ['GOOSE_DBSTRING'],
} as const;

const goose: ToolEntry = {
  id: 'goose',
  family: 'orm',
  title: 'goose (pressly/goose)',
  programs: ['goose'],
  options: { long: ['dir', 'table', 'certfile', 'ssl-cert', 'ssl-key', 'timeout', 'env'] },
  singleDashLong: true,
  singleDashValue: ['-dir', '-table', '-certfile', '-ssl-cert', '-ssl-key', '-timeout', '-env'],
  // `goose [OPTIONS] DRIVER DBSTRING COMMAND` or `GOOSE_DRIVER=… goose COMMAND`: the command may
  // follow the driver and the connection string, so it is read like a task (any operand).
  verbs: [
    destroys(['reset'], 'rolls back every migration', 'schema', 'goose reset', { task: true }),
    destroys(['down-to'], 'rolls back every migration (down to version 0)', 'schema', 'goose down-to 0', {
      task: true,
      operands: ['0'],
    }),
    reverts(['down-to'], 'rolls back the migrations above a version', 'schema', 'goose down-to 20240101', {
      task: true,
    }),
    reverts(['down'], 'rolls back the latest migration', 'schema', 'goose postgres "$DATABASE_URL" down', {
      task: true,
    }),
    reverts(['redo'], 'rolls back the latest migration and applies it again', 'schema', 'goose redo', {
      task: true,
    }),
  ],
  safe: [
    'goose up',
    'goose status',
    'goose -dir db/migrations postgres "$DATABASE_URL" up',
    'goose create add_users sql',
    'goose version',
  ],
  target: { urlVars: ['GOOSE_DBSTRING', 'DATABASE_URL'] },
  migrationRunners: [
    {
      ...GOOSE_RUN,
      path: ['/^(up|up-by-one|up-to)$/'],
      direction: 'up',
      example: 'goose -dir migrations postgres "$DATABASE_URL" up',
    },
    { ...GOOSE_RUN, path: ['down'], direction: 'down', example: 'GOOSE_DRIVER=mysql goose -dir db down' },
    { ...GOOSE_RUN, path: ['redo'], direction: 'redo', example: 'goose -dir db sqlite3 ./app.db redo' },
  ],
  sources: [
    'https://github.com/pressly/goose#usage',
    'https://pressly.github.io/goose/documentation/annotations/',
    'https://pressly.github.io/goose/documentation/environment-variables/',
    'https://pressly.github.io/goose/blog/2021/visualizing-up-down-commands',
  ],
};

/** Where dbmate's migrations and database are named, for its up and down runners. */
const DBMATE_FILES = {
  layout: 'dbmate',
  dirOptions: ['-d', '--migrations-dir'],
  dirVars: ['DBMATE_MIGRATIONS_DIR'],
  defaultDir: 'db/migrations',
  urlOptions: ['-u', '--url'],
  urlVars: ['DATABASE_URL'],
} as const;

const dbmate: ToolEntry = {
  id: 'dbmate',
  family: 'orm',
  title: 'dbmate',
  programs: ['dbmate'],
  options: {
    short: 'uesd',
    long: ['url', 'env', 'env-file', 'migrations-dir', 'migrations-table', 'schema-file', 'wait-timeout'],
  },
  verbs: [
    destroys(['drop'], 'drops the database', 'database', 'dbmate --url "$PROD_URL" drop'),
    reverts(['/^(rollback|down)$/'], 'rolls back the most recent migration', 'schema', 'dbmate rollback'),
  ],
  safe: ['dbmate up', 'dbmate status', 'dbmate new create_users', 'dbmate create', 'dbmate migrate'],
  target: { hostOptions: ['-u', '--url'], urlVars: ['DATABASE_URL'] },
  migrationRunners: [
    {
      path: ['/^(up|migrate)$/'],
      direction: 'up',
      ...DBMATE_FILES,
      example: 'dbmate up',
    },
    {
      path: ['/^(rollback|down)$/'],
      direction: 'down',
      ...DBMATE_FILES,
      example: 'dbmate -d sql/migrations rollback',
    },
  ],
  sources: [
    'https://github.com/amacneil/dbmate#commands',
    'https://github.com/amacneil/dbmate#creating-migrations',
  ],
};

const tern: ToolEntry = {
  id: 'tern',
  family: 'orm',
  title: 'tern (jackc/tern)',
  programs: ['tern'],
  options: {
    short: 'dmc',
    long: ['destination', 'migrations', 'config', 'conn-string', 'host', 'port', 'user', 'database'],
  },
  verbs: [
    destroys(
      ['migrate'],
      'migrates down to version 0, reverting every migration',
      'schema',
      'tern migrate --destination 0',
      {
        optionValue: { options: ['--destination', '-d'], pattern: '0' },
      },
    ),
    reverts(['migrate'], 'reverts the last migrations', 'schema', 'tern migrate --destination -1', {
      optionValue: { options: ['--destination', '-d'], pattern: '-\\d+' },
    }),
  ],
  safe: ['tern migrate', 'tern migrate --destination +1', 'tern status', 'tern new add_users'],
  target: { hostOptions: ['--conn-string', '--host'] },
  sources: ['https://github.com/jackc/tern#migrating'],
};

const SQITCH_DRY = ['--log-only'];
const sqitch: ToolEntry = {
  id: 'sqitch',
  family: 'orm',
  title: 'Sqitch',
  programs: ['sqitch'],
  options: {
    short: 'tsreduhpfC',
    long: [
      ...['target', 'to', 'to-change', 'to-target', 'onto', 'onto-change', 'onto-target'],
      ...['upto', 'upto-change', 'upto-target', 'set', 'set-revert', 'set-deploy', 'mode'],
      ...['registry', 'db-client', 'db-name', 'db-user', 'db-host', 'db-port', 'plan-file'],
      ...['lock-timeout', 'chdir', 'engine', 'top-dir'],
    ],
  },
  verbs: [
    reverts(
      ['revert'],
      'reverts the changes deployed after the given change',
      'schema',
      'sqitch revert --to @HEAD^',
      {
        flags: ['--to', '--to-change', '--to-target'],
        unless: SQITCH_DRY,
      },
    ),
    destroys(
      ['revert'],
      'reverts every deployed change (their revert scripts drop what was deployed)',
      'schema',
      'sqitch revert -y',
      {
        unless: SQITCH_DRY,
      },
    ),
    reverts(
      ['rebase'],
      'reverts the changes after the given change and deploys them again',
      'schema',
      'sqitch rebase --onto @HEAD^ -y',
      {
        flags: ['--onto', '--onto-change', '--onto-target', '--modified', '-m'],
        unless: SQITCH_DRY,
      },
    ),
    destroys(
      ['rebase'],
      'reverts every deployed change, then deploys them again',
      'schema',
      'sqitch rebase -y',
      {
        unless: SQITCH_DRY,
      },
    ),
  ],
  safe: ['sqitch deploy', 'sqitch status', 'sqitch verify', 'sqitch log', 'sqitch revert --log-only'],
  target: { contextOptions: ['-t', '--target'], hostOptions: ['-h', '--db-host'] },
  sources: [
    'https://sqitch.org/docs/manual/sqitch-revert/',
    'https://metacpan.org/pod/release/DWHEELER/App-Sqitch-v1.1.0/lib/sqitch-rebase.pod',
    'https://www.metacpan.org/dist/App-Sqitch/view/lib/sqitch-rebase-usage.pod',
  ],
};

const dbMigrate: ToolEntry = {
  id: 'db-migrate',
  family: 'orm',
  title: 'db-migrate (Node.js)',
  programs: ['db-migrate'],
  options: { short: 'ecm', long: ['env', 'config', 'count', 'migrations-dir', 'table', 'migration-table'] },
  verbs: [
    destroys(['reset'], 'runs every down migration', 'schema', 'db-migrate reset --env prod', {
      unless: ['--dry-run'],
    }),
    reverts(['down'], 'runs the last down migrations', 'schema', 'npx db-migrate down -c 2', {
      unless: ['--dry-run'],
    }),
  ],
  safe: ['db-migrate up', 'db-migrate create add-users', 'db-migrate reset --dry-run'],
  target: { envOptions: ['-e', '--env'], envVars: ['NODE_ENV'], urlVars: ['DATABASE_URL'] },
  sources: [
    'https://db-migrate.readthedocs.io/en/latest/Getting%20Started/commands/',
    'https://github.com/db-migrate/node-db-migrate#usage',
  ],
};

const migrateMongo: ToolEntry = {
  id: 'migrate-mongo',
  family: 'orm',
  title: 'migrate-mongo',
  programs: ['migrate-mongo'],
  options: { short: 'f', long: ['file'] },
  verbs: [reverts(['down'], 'undoes the last applied migration', 'collections', 'npx migrate-mongo down')],
  safe: ['migrate-mongo up', 'migrate-mongo status', 'migrate-mongo create add-index'],
  target: { envVars: ['NODE_ENV'] },
  sources: ['https://github.com/seppevs/migrate-mongo#usage'],
};

const graphileMigrate: ToolEntry = {
  id: 'graphile-migrate',
  family: 'orm',
  title: 'Graphile Migrate',
  programs: ['graphile-migrate'],
  options: { long: ['config'] },
  verbs: [
    destroys(
      ['reset'],
      'drops and recreates the database, then reruns the committed migrations',
      'database',
      'graphile-migrate reset --erase',
      {
        unless: ['--shadow'],
      },
    ),
  ],
  safe: [
    'graphile-migrate migrate',
    'graphile-migrate watch',
    'graphile-migrate commit',
    'graphile-migrate reset --shadow --erase',
  ],
  target: { urlVars: ['DATABASE_URL'] },
  sources: ['https://github.com/graphile/migrate#reset'],
};

const hasura: ToolEntry = {
  id: 'hasura',
  family: 'orm',
  title: 'Hasura CLI',
  programs: ['hasura'],
  options: {
    long: [
      ...['endpoint', 'admin-secret', 'database-name', 'envfile', 'project', 'log-level'],
      ...['certificate-authority', 'down', 'up', 'goto', 'version', 'type'],
    ],
  },
  verbs: [
    destroys(
      ['migrate', 'apply'],
      'applies every down migration of the database',
      'schema',
      'hasura migrate apply --down all --database-name default',
      {
        optionValue: { options: ['--down'], pattern: 'all' },
      },
    ),
    reverts(['migrate', 'apply'], 'applies down migrations', 'schema', 'hasura migrate apply --down 2', {
      flags: ['--down'],
    }),
    reverts(
      ['migrate', 'apply'],
      'rolls back a migration version',
      'schema',
      'hasura migrate apply --version 1550925483858 --type down',
      {
        optionValue: { options: ['--type'], pattern: 'down' },
      },
    ),
    reverts(
      ['metadata', '/^(clear|reset)$/'],
      'clears the GraphQL Engine metadata (tracked tables, relationships, permissions)',
      'metadata',
      'hasura metadata clear --endpoint https://api.shop.example',
      {
        resourceKind: 'control',
      },
    ),
  ],
  safe: [
    'hasura migrate apply --database-name default',
    'hasura metadata apply',
    'hasura migrate status --database-name default',
    'hasura console',
  ],
  target: { hostOptions: ['--endpoint'], urlVars: ['HASURA_GRAPHQL_ENDPOINT'] },
  sources: [
    'https://hasura.io/docs/latest/hasura-cli/commands/hasura_migrate_apply/',
    'https://hasura.io/docs/latest/hasura-cli/commands/hasura_metadata_clear',
  ],
};

const gel: ToolEntry = {
  id: 'gel',
  family: 'orm',
  title: 'Gel (EdgeDB) CLI',
  programs: ['gel', 'edgedb'],
  options: {
    short: 'IdbHPu',
    long: [
      'instance',
      'database',
      'branch',
      'host',
      'port',
      'user',
      'dsn',
      'credentials-file',
      'tls-ca-file',
    ],
  },
  verbs: [
    destroys(
      ['/^(branch|database)$/', 'drop'],
      'drops a branch (a database) with its data',
      'branch',
      'gel branch drop main --non-interactive',
    ),
    destroys(
      ['/^(branch|database)$/', 'wipe'],
      'destroys the contents of a branch and resets its schema',
      'branch',
      'edgedb database wipe --non-interactive',
    ),
    destroys(
      ['instance', 'destroy'],
      'removes the instance and all its data',
      'instance',
      'gel instance destroy shop --force',
    ),
  ],
  safe: [
    'gel migrate',
    'gel branch list',
    'gel branch create feature',
    'gel instance list',
    'gel migration status',
  ],
  target: { contextOptions: ['-I', '--instance'], hostOptions: ['--dsn', '-H', '--host'] },
  sources: [
    'https://docs.geldata.com/reference/cli/gel_branch/gel_branch_drop',
    'https://docs.geldata.com/reference/cli/gel_branch/gel_branch_wipe',
    'https://docs.geldata.com/reference/cli/gel_database/gel_database_drop',
    'https://docs.geldata.com/reference/cli/gel_instance/gel_instance_destroy',
  ],
};

const dbt: ToolEntry = {
  id: 'dbt',
  family: 'orm',
  title: 'dbt',
  programs: ['dbt'],
  options: {
    short: 'st',
    long: [
      ...['select', 'exclude', 'selector', 'target', 'profile', 'profiles-dir', 'project-dir'],
      ...['vars', 'threads', 'state', 'defer-state', 'resource-type', 'log-path', 'target-path'],
    ],
  },
  verbs: [
    destroys(
      ['/^(run|build)$/'],
      'drops and rebuilds incremental models from their sources (the rows they accumulated are lost)',
      'table',
      'dbt run --full-refresh --target prod',
      {
        flags: ['--full-refresh', '-f'],
      },
    ),
    reverts(
      ['seed'],
      'drops and recreates the seed tables from their CSV files',
      'table',
      'dbt seed --full-refresh',
      {
        flags: ['--full-refresh', '-f'],
      },
    ),
  ],
  safe: [
    'dbt run',
    'dbt run --select orders',
    'dbt build --target prod',
    'dbt seed',
    'dbt test',
    'dbt compile',
  ],
  target: { contextOptions: ['-t', '--target'] },
  sources: [
    'https://docs.getdbt.com/reference/commands/run',
    'https://docs.getdbt.com/reference/resource-configs/full_refresh',
    'https://docs.getdbt.com/reference/commands/seed',
  ],
};

/** The standalone migration tools, the Hasura and Gel CLIs, and dbt. */
export const MIGRATION_TOOLS: readonly ToolEntry[] = [
  goose,
  dbmate,
  tern,
  sqitch,
  dbMigrate,
  migrateMongo,
  graphileMigrate,
  hasura,
  gel,
  dbt,
];
