import type { TargetSpec, ToolEntry } from './model';
import { destroys, reverts } from './verbs';

/**
 * ORMs and framework migration commands not in `orm.ts` (family `orm`): the Rust tools (Diesel,
 * SQLx, SeaORM), MikroORM and Payload CMS for Node.js, and the PHP ones (Phinx, CakePHP
 * Migrations, Yii). Each has a database drop or reset, a revert-everything form, and a one-step
 * rollback (a warning).
 */

const RUST_DB: TargetSpec = { urlVars: ['DATABASE_URL'], hostOptions: ['--database-url'] };

/** Where Diesel reads migrations: `--migration-dir`, `MIGRATION_DIRECTORY`, else `migrations/`. */
const DIESEL_RUN = {
  layout: 'diesel',
  dirOptions: ['--migration-dir'],
  dirVars: ['MIGRATION_DIRECTORY'],
  defaultDir: 'migrations',
  urlOptions: ['--database-url'],
  urlVars: ['DATABASE_URL'],
} as const;

const diesel: ToolEntry = {
  id: 'diesel',
  family: 'orm',
  title: 'Diesel CLI',
  programs: ['diesel'],
  options: { short: 'n', long: ['database-url', 'migration-dir', 'config-file', 'number'] },
  verbs: [
    destroys(
      ['database', 'reset'],
      'drops the database, recreates it and runs every migration',
      'database',
      'diesel database reset',
    ),
    destroys(
      ['database', 'drop'],
      'drops the database',
      'database',
      'diesel database drop --database-url "$PROD_DB"',
    ),
    destroys(
      ['migration', 'revert'],
      'runs the down.sql of every migration',
      'schema',
      'diesel migration revert --all',
      {
        flags: ['--all'],
      },
    ),
    destroys(
      ['migration', 'redo'],
      'runs the down.sql of every migration, then every up.sql',
      'schema',
      'diesel migration redo --all',
      {
        flags: ['--all'],
      },
    ),
    reverts(
      ['migration', 'revert'],
      'runs the down.sql of the latest migrations',
      'schema',
      'diesel migration revert',
    ),
    reverts(
      ['migration', 'redo'],
      'runs the down.sql and then the up.sql of the latest migration',
      'schema',
      'diesel migration redo',
    ),
  ],
  safe: [
    'diesel migration run',
    'diesel setup',
    'diesel print-schema',
    'diesel migration list',
    'diesel migration generate add_users',
  ],
  target: RUST_DB,
  migrationRunners: [
    {
      ...DIESEL_RUN,
      path: ['migration', 'run'],
      direction: 'up',
      example: 'diesel migration run --migration-dir db/migrations',
    },
    { ...DIESEL_RUN, path: ['database', 'setup'], direction: 'up', example: 'diesel database setup' },
    { ...DIESEL_RUN, path: ['setup'], direction: 'up', example: 'diesel setup' },
    { ...DIESEL_RUN, path: ['migration', 'revert'], direction: 'down', example: 'diesel migration revert' },
    { ...DIESEL_RUN, path: ['migration', 'redo'], direction: 'redo', example: 'diesel migration redo' },
  ],
  sources: [
    'https://github.com/diesel-rs/diesel/tree/master/diesel_cli#commands',
    'https://diesel.rs/guides/getting-started.html',
    'https://docs.rs/crate/diesel_cli/latest',
  ],
};

const SQLX_DB = '/^(database|db)$/';
/** Where SQLx reads migrations: `--source`, else `migrations/`; `--dry-run` applies nothing. */
const SQLX_RUN = {
  layout: 'sqlx',
  dirOptions: ['--source'],
  defaultDir: 'migrations',
  unless: ['--dry-run'],
  urlOptions: ['-D', '--database-url'],
  urlVars: ['DATABASE_URL'],
} as const;
const sqlx: ToolEntry = {
  id: 'sqlx-cli',
  family: 'orm',
  title: 'SQLx CLI',
  programs: ['sqlx', 'cargo sqlx'],
  options: { short: 'D', long: ['database-url', 'source', 'target-version', 'connect-timeout'] },
  verbs: [
    destroys([SQLX_DB, 'drop'], 'drops the database', 'database', 'sqlx database drop -y'),
    destroys(
      [SQLX_DB, 'reset'],
      'drops the database, recreates it and runs every migration',
      'database',
      'cargo sqlx db reset -y',
    ),
    destroys(
      ['migrate', 'revert'],
      'reverts every migration (down to version 0)',
      'schema',
      'sqlx migrate revert --target-version 0',
      {
        optionValue: { options: ['--target-version'], pattern: '0' },
        unless: ['--dry-run'],
      },
    ),
    reverts(['migrate', 'revert'], 'reverts the latest migration', 'schema', 'sqlx migrate revert', {
      unless: ['--dry-run'],
    }),
  ],
  safe: [
    'sqlx migrate run',
    'sqlx migrate info',
    'sqlx database create',
    'sqlx migrate revert --dry-run',
    'cargo sqlx prepare',
  ],
  target: { ...RUST_DB, hostOptions: ['-D', '--database-url'] },
  migrationRunners: [
    {
      ...SQLX_RUN,
      path: ['migrate', 'run'],
      direction: 'up',
      example: 'sqlx migrate run --source db/migrations',
    },
    { ...SQLX_RUN, path: [SQLX_DB, 'setup'], direction: 'up', example: 'cargo sqlx database setup' },
    { ...SQLX_RUN, path: ['migrate', 'revert'], direction: 'down', example: 'sqlx migrate revert' },
  ],
  sources: [
    'https://github.com/launchbadge/sqlx/blob/main/sqlx-cli/README.md',
    'https://docs.rs/sqlx/latest/sqlx/macro.migrate.html',
    'https://docs.rs/crate/sqlx-cli/latest',
  ],
};

const seaOrm: ToolEntry = {
  id: 'sea-orm-cli',
  family: 'orm',
  title: 'SeaORM CLI (sea-orm-cli migrate)',
  programs: ['sea-orm-cli'],
  options: { short: 'dusn', long: ['migration-dir', 'database-url', 'database-schema', 'num'] },
  verbs: [
    destroys(
      ['migrate', 'fresh'],
      'drops every table, then applies every migration',
      'database',
      'sea-orm-cli migrate fresh',
    ),
    destroys(
      ['migrate', 'refresh'],
      'rolls back every migration, then applies them again',
      'schema',
      'sea-orm-cli migrate refresh',
    ),
    destroys(
      ['migrate', 'reset'],
      'rolls back every applied migration',
      'schema',
      'sea-orm-cli migrate reset -u "$DATABASE_URL"',
    ),
    reverts(
      ['migrate', 'down'],
      'rolls back the last applied migrations',
      'schema',
      'sea-orm-cli migrate down -n 1',
    ),
  ],
  safe: [
    'sea-orm-cli migrate up',
    'sea-orm-cli migrate status',
    'sea-orm-cli generate entity -o src/entities',
  ],
  target: { ...RUST_DB, hostOptions: ['-u', '--database-url'] },
  sources: ['https://www.sea-ql.org/SeaORM/docs/migration/running-migration/'],
};

const MIKRO_RUN = { flags: ['--run', '-r'], unless: ['--dump', '-d'] };
const mikroOrm: ToolEntry = {
  id: 'mikro-orm',
  family: 'orm',
  title: 'MikroORM CLI',
  programs: ['mikro-orm', 'mikro-orm-esm'],
  options: {
    short: 'tfop',
    long: ['config', 'contextName', 'context', 'schema', 'seed', 'to', 'from', 'only', 'path'],
  },
  // The schema commands only print their help unless `--run` (or `--dump`, which prints the SQL).
  verbs: [
    destroys(
      ['schema:drop'],
      'drops every table of the entities (with `--drop-db`, the database)',
      'schema',
      'npx mikro-orm schema:drop --run',
      MIKRO_RUN,
    ),
    destroys(
      ['schema:fresh'],
      'drops the schema and creates it again, empty',
      'schema',
      'mikro-orm schema:fresh -r --seed',
      MIKRO_RUN,
    ),
    destroys(
      ['migration:fresh'],
      'drops the database schema and reruns every migration',
      'schema',
      'npx mikro-orm migration:fresh',
    ),
    destroys(
      ['migration:down'],
      'migrates down to version 0, reverting every migration',
      'schema',
      'mikro-orm migration:down --to 0',
      {
        optionValue: { options: ['--to', '-t'], pattern: '0' },
      },
    ),
    reverts(['migration:down'], 'reverts the last migration', 'schema', 'npx mikro-orm migration:down'),
    reverts(
      ['schema:update'],
      'updates the schema to the entities, dropping tables and columns they no longer have',
      'schema',
      'mikro-orm schema:update --run',
      {
        ...MIKRO_RUN,
        unless: ['--dump', '-d', '--safe'],
      },
    ),
  ],
  safe: [
    'npx mikro-orm migration:up',
    'mikro-orm migration:list',
    'mikro-orm schema:drop --dump',
    'mikro-orm schema:fresh',
    'mikro-orm schema:update --run --safe',
  ],
  target: { envVars: ['NODE_ENV'], urlVars: ['MIKRO_ORM_CLIENT_URL', 'DATABASE_URL'] },
  sources: [
    'https://mikro-orm.io/docs/schema-generator',
    'https://mikro-orm.io/docs/migrations',
    'https://fig.io/manual/mikro-orm/schema:fresh',
  ],
};

const payload: ToolEntry = {
  id: 'payload',
  family: 'orm',
  title: 'Payload CMS migrations',
  programs: ['payload'],
  options: {},
  verbs: [
    destroys(
      ['migrate:fresh'],
      'drops every table and reruns every migration',
      'database',
      'npx payload migrate:fresh',
    ),
    destroys(['migrate:reset'], 'rolls back every migration', 'schema', 'payload migrate:reset'),
    destroys(
      ['migrate:refresh'],
      'rolls back every migration and runs them again',
      'schema',
      'payload migrate:refresh',
    ),
    reverts(
      ['migrate:down'],
      'rolls back the last batch of migrations',
      'schema',
      'npm run payload migrate:down',
    ),
  ],
  safe: [
    'payload migrate',
    'payload migrate:status',
    'payload migrate:create add_posts',
    'payload generate:types',
  ],
  target: { envVars: ['NODE_ENV'], urlVars: ['DATABASE_URI', 'DATABASE_URL'] },
  sources: ['https://payloadcms.com/docs/database/migrations'],
};

const PHINX_DRY = ['--dry-run', '-x'];
const phinx: ToolEntry = {
  id: 'phinx',
  family: 'orm',
  title: 'Phinx',
  programs: ['phinx'],
  options: { short: 'ectdp', long: ['environment', 'configuration', 'target', 'date', 'parser', 'seed'] },
  verbs: [
    destroys(
      ['rollback'],
      'rolls back every migration (target 0)',
      'schema',
      'vendor/bin/phinx rollback -e production -t 0',
      {
        optionValue: { options: ['-t', '--target'], pattern: '0' },
        unless: PHINX_DRY,
      },
    ),
    reverts(['rollback'], 'rolls back migrations', 'schema', 'phinx rollback', { unless: PHINX_DRY }),
  ],
  safe: ['phinx migrate -e production', 'phinx status', 'phinx rollback --dry-run', 'phinx create AddUsers'],
  target: { envOptions: ['-e', '--environment'] },
  sources: ['https://book.cakephp.org/phinx/0/en/commands.html#the-rollback-command'],
};

const CAKE_MIGRATIONS = '/^(migrations|Migrations\\.migrations)$/';
const cakephp: ToolEntry = {
  id: 'cakephp-migrations',
  family: 'orm',
  title: 'CakePHP Migrations',
  programs: ['cake'],
  options: { short: 'tdcsp', long: ['target', 'date', 'connection', 'source', 'plugin'] },
  verbs: [
    destroys(
      [CAKE_MIGRATIONS, 'rollback'],
      'rolls back every migration (target 0)',
      'schema',
      'bin/cake migrations rollback -t 0',
      {
        optionValue: { options: ['-t', '--target'], pattern: '0' },
        unless: PHINX_DRY,
      },
    ),
    reverts(
      [CAKE_MIGRATIONS, 'rollback'],
      'rolls back the last migration',
      'schema',
      'bin/cake migrations rollback',
      {
        unless: PHINX_DRY,
      },
    ),
  ],
  safe: [
    'bin/cake migrations migrate',
    'bin/cake migrations status',
    'bin/cake migrations rollback --dry-run',
  ],
  target: { urlVars: ['DATABASE_URL'], contextOptions: ['-c', '--connection'] },
  sources: ['https://book.cakephp.org/migrations/4/en/index.html#rollback-rolling-back'],
};

const yii: ToolEntry = {
  id: 'yii',
  family: 'orm',
  title: 'Yii migrations (yii migrate)',
  programs: ['yii'],
  options: { long: ['appconfig', 'migrationPath', 'db'] },
  verbs: [
    destroys(
      ['migrate/fresh'],
      'drops every table of the database and reapplies every migration',
      'database',
      './yii migrate/fresh --interactive=0',
    ),
    destroys(['migrate/down'], 'reverts every applied migration', 'schema', 'php yii migrate/down all', {
      operands: ['all'],
    }),
    destroys(
      ['migrate/redo'],
      'reverts every applied migration and applies them again',
      'schema',
      'yii migrate/redo all',
      {
        operands: ['all'],
      },
    ),
    reverts(['migrate/down'], 'reverts the most recent migrations', 'schema', './yii migrate/down 3'),
    reverts(
      ['migrate/redo'],
      'reverts the most recent migrations and applies them again',
      'schema',
      'yii migrate/redo',
    ),
  ],
  safe: ['./yii migrate', 'yii migrate/up', 'yii migrate/history', 'yii migrate/create create_news_table'],
  target: { envVars: ['YII_ENV'] },
  sources: ['https://www.yiiframework.com/doc/guide/2.0/en/db-migrations'],
};

/** The ORM and framework entries outside `orm.ts`. */
export const FRAMEWORK_TOOLS: readonly ToolEntry[] = [
  diesel,
  sqlx,
  seaOrm,
  mikroOrm,
  payload,
  phinx,
  cakephp,
  yii,
];
