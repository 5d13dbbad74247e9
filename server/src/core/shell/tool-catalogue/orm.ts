import type { TargetSpec, ToolEntry } from './model';

/**
 * ORMs and migration tools (issue 11 §1, first family): resets, drops, pushes that accept data
 * loss, rollbacks to zero/base, flushes, fresh/refresh migrations, schema drops, `clean`/`dropAll`,
 * across JavaScript/TypeScript, Ruby, Python, PHP, Java, .NET, Elixir and Go, plus the hosted
 * Postgres CLIs. Incident: Replit's agent deleted a production database during a code freeze
 * (https://www.theregister.com/2025/07/21/replit_saastr_vibe_coding_incident/); Prisma added an
 * AI-agent guard on `migrate reset` after agents ran it (https://www.prisma.io/docs/orm/reference/prisma-cli-reference#migrate-reset).
 */

const NODE_DB: TargetSpec = { envVars: ['NODE_ENV'], urlVars: ['DATABASE_URL'] };

const prisma: ToolEntry = {
  id: 'prisma',
  family: 'orm',
  title: 'Prisma CLI',
  programs: ['prisma'],
  options: { long: ['schema', 'name', 'url', 'file', 'from-url', 'to-url', 'shadow-database-url'] },
  verbs: [
    {
      path: ['migrate', 'reset'],
      what: 'drops the database, recreates it and reapplies every migration',
      effect: 'destroy',
      resource: 'database',
      category: 'data-loss',
      example: 'prisma migrate reset --force',
    },
    {
      path: ['db', 'push'],
      flags: ['--force-reset'],
      what: 'drops the database and recreates it from the schema',
      effect: 'destroy',
      resource: 'database',
      category: 'data-loss',
      example: 'npx prisma db push --force-reset',
    },
    {
      path: ['db', 'push'],
      flags: ['--accept-data-loss'],
      what: 'applies schema changes that drop tables or columns',
      effect: 'destroy',
      resource: 'schema',
      category: 'data-loss',
      example: 'prisma db push --accept-data-loss',
    },
  ],
  safe: [
    'prisma migrate status',
    'prisma migrate dev --create-only',
    'prisma migrate deploy',
    'prisma db pull',
    'prisma generate',
    'prisma migrate reset --help',
  ],
  target: { ...NODE_DB, hostOptions: ['--url'] },
  overrides: [
    {
      envVar: 'PRISMA_USER_CONSENT_FOR_DANGEROUS_AI_ACTION',
      what: "Prisma's refusal to run destructive commands for AI agents",
      example: 'PRISMA_USER_CONSENT_FOR_DANGEROUS_AI_ACTION=yes prisma migrate reset --force',
    },
  ],
  sqlRunners: [
    {
      path: ['db', 'execute'],
      dialect: 'postgresql',
      fileOptions: ['--file'],
      stdin: true,
      urlOptions: ['--url'],
      urlVars: ['DATABASE_URL'],
    },
  ],
  migrationRunners: [
    {
      path: ['migrate', 'deploy'],
      direction: 'up',
      layout: 'prisma',
      schemaOptions: ['--schema'],
      defaultDir: 'prisma/migrations',
      urlVars: ['DATABASE_URL'],
      example: 'npx prisma migrate deploy',
    },
    {
      path: ['migrate', 'dev'],
      direction: 'up',
      layout: 'prisma',
      schemaOptions: ['--schema'],
      defaultDir: 'prisma/migrations',
      unless: ['--create-only'],
      urlVars: ['DATABASE_URL'],
      example: 'prisma migrate dev --schema db/schema.prisma',
    },
  ],
  sources: [
    'https://www.prisma.io/docs/orm/reference/prisma-cli-reference#migrate-deploy',
    'https://www.prisma.io/docs/orm/prisma-migrate/understanding-prisma-migrate/migration-histories',
    'https://www.prisma.io/docs/orm/reference/prisma-cli-reference#migrate-reset',
    'https://www.prisma.io/docs/orm/reference/prisma-cli-reference#db-push',
    'https://www.prisma.io/docs/orm/reference/environment-variables-reference',
  ],
};

const drizzle: ToolEntry = {
  id: 'drizzle-kit',
  family: 'orm',
  title: 'Drizzle Kit',
  programs: ['drizzle-kit'],
  options: { long: ['config', 'dialect', 'schema', 'url', 'out'] },
  verbs: [
    {
      path: ['push'],
      flags: ['--force'],
      what: 'applies schema changes, data-loss statements included, without asking',
      effect: 'destroy',
      resource: 'schema',
      category: 'data-loss',
      example: 'npx drizzle-kit push --force',
    },
    {
      path: ['drop'],
      what: 'deletes a generated migration',
      effect: 'destroy',
      resource: 'migration',
      category: 'data-loss',
      severity: 'warning',
      example: 'drizzle-kit drop',
    },
  ],
  safe: ['drizzle-kit generate', 'drizzle-kit migrate', 'drizzle-kit push', 'drizzle-kit check'],
  target: { ...NODE_DB, hostOptions: ['--url'] },
  migrationRunners: [
    {
      path: ['migrate'],
      direction: 'up',
      layout: 'drizzle',
      configOptions: ['--config'],
      defaultDir: 'drizzle',
      urlVars: ['DATABASE_URL'],
      example: 'npx drizzle-kit migrate --config drizzle.config.ts',
    },
  ],
  sources: [
    'https://orm.drizzle.team/docs/drizzle-kit-migrate',
    'https://orm.drizzle.team/docs/drizzle-config-file#out',
    'https://orm.drizzle.team/docs/drizzle-kit-push',
    'https://orm.drizzle.team/docs/drizzle-kit-drop',
  ],
};

const typeorm: ToolEntry = {
  id: 'typeorm',
  family: 'orm',
  title: 'TypeORM CLI',
  programs: ['typeorm', 'typeorm-ts-node-commonjs', 'typeorm-ts-node-esm'],
  options: { short: 'd', long: ['dataSource', 'connection', 'config'] },
  verbs: [
    {
      path: ['schema:drop'],
      what: 'drops every table of the database',
      effect: 'destroy',
      resource: 'database',
      category: 'data-loss',
      example: 'typeorm schema:drop -d src/data-source.ts',
    },
    {
      path: ['schema:sync'],
      what: 'synchronises the schema with the entities, dropping columns and tables they no longer have',
      effect: 'destroy',
      resource: 'schema',
      category: 'data-loss',
      severity: 'warning',
      example: 'npx typeorm schema:sync',
    },
    {
      path: ['migration:revert'],
      what: 'reverts the last migration (its down step usually drops what it added)',
      effect: 'destroy',
      resource: 'schema',
      category: 'data-loss',
      severity: 'warning',
      example: 'npx typeorm-ts-node-commonjs migration:revert -d ./ds.ts',
    },
  ],
  safe: [
    'typeorm migration:run',
    'typeorm migration:show',
    'typeorm schema:log',
    'typeorm migration:generate src/m',
  ],
  target: NODE_DB,
  sources: ['https://typeorm.io/docs/advanced-topics/using-cli/'],
};

const sequelize: ToolEntry = {
  id: 'sequelize-cli',
  family: 'orm',
  title: 'Sequelize CLI',
  programs: ['sequelize', 'sequelize-cli'],
  options: { long: ['env', 'url', 'config', 'options-path', 'migrations-path', 'to', 'name'] },
  verbs: [
    {
      path: ['db:drop'],
      what: 'drops the database',
      effect: 'destroy',
      resource: 'database',
      category: 'data-loss',
      example: 'npx sequelize-cli db:drop',
    },
    {
      path: ['db:migrate:undo:all'],
      what: 'reverts every migration',
      effect: 'destroy',
      resource: 'schema',
      category: 'data-loss',
      example: 'sequelize db:migrate:undo:all --env production',
    },
    {
      path: ['db:seed:undo:all'],
      what: 'reverts every seed (deletes the seeded rows)',
      effect: 'destroy',
      resource: 'table rows',
      category: 'data-loss',
      severity: 'warning',
      example: 'sequelize db:seed:undo:all',
    },
    {
      path: ['db:migrate:undo'],
      what: 'reverts the last migration',
      effect: 'destroy',
      resource: 'schema',
      category: 'data-loss',
      severity: 'warning',
      example: 'npx sequelize-cli db:migrate:undo',
    },
  ],
  safe: ['sequelize db:migrate', 'sequelize db:migrate:status', 'sequelize migration:generate --name x'],
  target: { ...NODE_DB, hostOptions: ['--url'], envOptions: ['--env'] },
  sources: [
    'https://sequelize.org/docs/v6/other-topics/migrations/',
    'https://github.com/sequelize/cli#documentation',
  ],
};

const knex: ToolEntry = {
  id: 'knex',
  family: 'orm',
  title: 'Knex CLI',
  programs: ['knex'],
  options: { long: ['env', 'knexfile', 'cwd', 'client', 'connection', 'migrations-directory'] },
  verbs: [
    {
      path: ['migrate:rollback'],
      flags: ['--all'],
      what: 'reverts every migration batch',
      effect: 'destroy',
      resource: 'schema',
      category: 'data-loss',
      example: 'knex migrate:rollback --all',
    },
    {
      path: ['migrate:rollback'],
      what: 'reverts the last migration batch',
      effect: 'destroy',
      resource: 'schema',
      category: 'data-loss',
      severity: 'warning',
      example: 'npx knex migrate:rollback',
    },
    {
      path: ['migrate:down'],
      what: 'reverts the last migration',
      effect: 'destroy',
      resource: 'schema',
      category: 'data-loss',
      severity: 'warning',
      example: 'knex migrate:down',
    },
  ],
  safe: ['knex migrate:latest', 'knex migrate:status', 'knex migrate:make add_users', 'knex seed:make s'],
  target: { ...NODE_DB, hostOptions: ['--connection'], envOptions: ['--env'] },
  sources: ['https://knexjs.org/guide/migrations.html#migration-cli'],
};

const RAILS_TARGET: TargetSpec = {
  envVars: ['RAILS_ENV', 'RACK_ENV'],
  urlVars: ['DATABASE_URL'],
  envOptions: ['-e', '--environment'],
  operandAssignments: true,
};
const RAILS_OVERRIDE = [
  {
    envVar: 'DISABLE_DATABASE_ENVIRONMENT_CHECK',
    what: "Rails' refusal to run destructive database tasks against production",
    example: 'DISABLE_DATABASE_ENVIRONMENT_CHECK=1 rails db:drop',
  },
];
const railsTask = (task: string, what: string, severity?: 'warning'): ToolEntry['verbs'][number] => ({
  path: [task],
  task: true,
  what,
  effect: 'destroy',
  resource: 'database',
  category: 'data-loss',
  ...(severity ? { severity } : {}),
  example: `rails ${task}`,
});

const rails: ToolEntry = {
  id: 'rails',
  family: 'orm',
  title: 'Rails / Rake database tasks',
  programs: ['rails', 'rake'],
  options: { short: 'efIrR', long: ['environment', 'rakefile', 'libdir', 'require', 'rakelibdir'] },
  verbs: [
    {
      ...railsTask('db:migrate', 'migrates down to version 0, reverting every migration'),
      operands: ['VERSION=0'],
      example: 'bundle exec rake db:migrate VERSION=0',
    },
    {
      ...railsTask(
        '/^db:drop(:.+)?$/',
        'drops the database (`db:drop:_unsafe` even skips the production check)',
      ),
      example: 'rails db:drop:_unsafe',
    },
    railsTask('db:reset', 'drops and recreates the database from the schema'),
    railsTask('db:migrate:reset', 'drops the database and reruns every migration'),
    railsTask('db:schema:load', 'loads the schema over the database, dropping its tables'),
    railsTask('db:structure:load', 'loads structure.sql over the database, dropping its tables'),
    { ...railsTask('/^db:purge(:.+)?$/', 'empties the database'), example: 'rails db:purge:all' },
    railsTask('db:truncate_all', 'truncates every table'),
    railsTask('db:seed:replant', 'truncates every table and reseeds'),
    railsTask('db:setup', 'creates the database and loads the schema over any existing tables', 'warning'),
    railsTask('db:rollback', 'reverts migrations', 'warning'),
    railsTask('db:migrate:down', 'reverts a migration', 'warning'),
  ],
  safe: [
    'rails db:migrate',
    'rails db:migrate:status',
    'bin/rails db:version',
    'rake db:schema:dump',
    'rails db:create',
    'rails console',
  ],
  target: RAILS_TARGET,
  overrides: RAILS_OVERRIDE,
  sqlRunners: [
    { path: ['/^(dbconsole|db)$/'], dialect: 'postgresql', stdin: true, urlVars: ['DATABASE_URL'] },
  ],
  sources: [
    'https://guides.rubyonrails.org/active_record_migrations.html#setup-the-database',
    'https://github.com/rails/rails/blob/main/activerecord/lib/active_record/railties/databases.rake',
    'https://github.com/rails/rails/pull/22967',
  ],
};

const DJANGO_TARGET: TargetSpec = {
  envVars: ['DJANGO_SETTINGS_MODULE', 'DJANGO_ENV', 'ENVIRONMENT'],
  urlVars: ['DATABASE_URL'],
  envOptions: ['--settings'],
  contextOptions: ['--database'],
};
const django: ToolEntry = {
  id: 'django',
  family: 'orm',
  title: 'Django management commands',
  programs: ['manage.py', 'django-admin', 'django'],
  options: { short: 'v', long: ['settings', 'pythonpath', 'database', 'verbosity'] },
  verbs: [
    {
      path: ['flush'],
      what: 'deletes every row of every table',
      effect: 'destroy',
      resource: 'database',
      category: 'data-loss',
      example: 'python manage.py flush --noinput',
    },
    {
      path: ['migrate', '*'],
      operands: ['zero'],
      what: 'unapplies every migration of the app (its tables are dropped)',
      effect: 'destroy',
      resource: 'schema',
      category: 'data-loss',
      example: 'python manage.py migrate billing zero',
    },
    {
      path: ['reset_db'],
      what: 'drops and recreates the database (django-extensions)',
      effect: 'destroy',
      resource: 'database',
      category: 'data-loss',
      example: './manage.py reset_db --noinput',
    },
    {
      path: ['reset_schema'],
      what: 'drops and recreates the schema (django-extensions)',
      effect: 'destroy',
      resource: 'schema',
      category: 'data-loss',
      example: './manage.py reset_schema',
    },
  ],
  safe: [
    'python manage.py migrate',
    'python manage.py showmigrations',
    'python manage.py sqlflush',
    'django-admin check',
    'python manage.py makemigrations',
  ],
  target: DJANGO_TARGET,
  sqlRunners: [{ path: ['dbshell'], dialect: 'postgresql', stdin: true, urlVars: ['DATABASE_URL'] }],
  sources: [
    'https://docs.djangoproject.com/en/stable/ref/django-admin/#flush',
    'https://docs.djangoproject.com/en/stable/ref/django-admin/#migrate',
    'https://django-extensions.readthedocs.io/en/latest/command_extensions.html',
  ],
};

const alembic: ToolEntry = {
  id: 'alembic',
  family: 'orm',
  title: 'Alembic (and Flask-Migrate)',
  programs: ['alembic'],
  options: { short: 'cnx', long: ['config', 'name', 'raiseerr'] },
  verbs: [
    {
      path: ['downgrade'],
      operands: ['base'],
      unless: ['--sql'],
      what: 'downgrades to base, reverting every migration',
      effect: 'destroy',
      resource: 'schema',
      category: 'data-loss',
      example: 'alembic downgrade base',
    },
    {
      path: ['downgrade'],
      unless: ['--sql'],
      what: 'reverts migrations',
      effect: 'destroy',
      resource: 'schema',
      category: 'data-loss',
      severity: 'warning',
      example: 'alembic downgrade -1',
    },
  ],
  safe: ['alembic upgrade head', 'alembic current', 'alembic history', 'alembic downgrade base --sql'],
  target: { urlVars: ['DATABASE_URL', 'SQLALCHEMY_DATABASE_URI'], envVars: ['ENV', 'APP_ENV'] },
  sources: ['https://alembic.sqlalchemy.org/en/latest/tutorial.html#downgrading'],
};

const flaskDb: ToolEntry = {
  id: 'flask-migrate',
  family: 'orm',
  title: 'Flask-Migrate',
  programs: ['flask db'],
  options: { short: 'd', long: ['directory', 'tag', 'x-arg'] },
  verbs: [
    {
      path: ['downgrade'],
      operands: ['base'],
      unless: ['--sql'],
      what: 'downgrades to base, reverting every migration',
      effect: 'destroy',
      resource: 'schema',
      category: 'data-loss',
      example: 'flask db downgrade base',
    },
    {
      path: ['downgrade'],
      unless: ['--sql'],
      what: 'reverts migrations',
      effect: 'destroy',
      resource: 'schema',
      category: 'data-loss',
      severity: 'warning',
      example: 'flask db downgrade',
    },
  ],
  safe: ['flask db upgrade', 'flask db current', 'flask db migrate -m x'],
  target: { urlVars: ['DATABASE_URL', 'SQLALCHEMY_DATABASE_URI'], envVars: ['FLASK_ENV', 'APP_ENV'] },
  sources: ['https://flask-migrate.readthedocs.io/en/latest/#command-reference'],
};

const laravelVerb = (cmd: string, what: string, severity?: 'warning'): ToolEntry['verbs'][number] => ({
  path: [cmd],
  what,
  effect: 'destroy',
  resource: 'database',
  category: 'data-loss',
  ...(severity ? { severity } : {}),
  example: `php artisan ${cmd}`,
});
const laravel: ToolEntry = {
  id: 'laravel',
  family: 'orm',
  title: 'Laravel Artisan',
  programs: ['artisan', 'sail artisan'],
  options: { long: ['env', 'database', 'path', 'step', 'seeder'] },
  verbs: [
    laravelVerb('migrate:fresh', 'drops every table and reruns every migration'),
    laravelVerb('db:wipe', 'drops every table, view and type'),
    laravelVerb('migrate:reset', 'reverts every migration'),
    laravelVerb('migrate:refresh', 'reverts and reruns every migration'),
    laravelVerb('migrate:rollback', 'reverts the last batch of migrations', 'warning'),
  ],
  safe: [
    'php artisan migrate',
    'php artisan migrate:status',
    'php artisan migrate --pretend',
    'php artisan tinker',
    'php artisan migrate --force',
  ],
  target: {
    envVars: ['APP_ENV'],
    urlVars: ['DATABASE_URL', 'DB_URL', 'DB_HOST'],
    envOptions: ['--env'],
    contextOptions: ['--database'],
  },
  overrides: [
    {
      flag: '--force',
      what: "Laravel's confirmation before destructive commands in production",
      example: 'php artisan migrate:fresh --force',
    },
  ],
  sources: [
    'https://laravel.com/docs/migrations#rolling-back-migrations',
    'https://laravel.com/docs/migrations#forcing-migrations-to-run-in-production',
  ],
};

const doctrine: ToolEntry = {
  id: 'doctrine',
  family: 'orm',
  title: 'Symfony console / Doctrine',
  programs: ['console'],
  options: { short: 'e', long: ['env', 'connection', 'em'] },
  verbs: [
    {
      path: ['doctrine:database:drop'],
      flags: ['--force', '-f'],
      what: 'drops the database',
      effect: 'destroy',
      resource: 'database',
      category: 'data-loss',
      example: 'php bin/console doctrine:database:drop --force',
    },
    {
      path: ['doctrine:schema:drop'],
      flags: ['--force', '-f'],
      what: 'drops every table',
      effect: 'destroy',
      resource: 'schema',
      category: 'data-loss',
      example: 'bin/console doctrine:schema:drop --force --full-database',
    },
    {
      path: ['doctrine:fixtures:load'],
      unless: ['--append'],
      what: 'purges every table before loading fixtures',
      effect: 'destroy',
      resource: 'database',
      category: 'data-loss',
      example: 'bin/console doctrine:fixtures:load -n',
    },
    {
      path: ['doctrine:migrations:migrate'],
      operands: ['first'],
      what: 'migrates down to the first version, reverting every migration',
      effect: 'destroy',
      resource: 'schema',
      category: 'data-loss',
      example: 'bin/console doctrine:migrations:migrate first',
    },
  ],
  safe: [
    'bin/console doctrine:migrations:migrate',
    'bin/console doctrine:schema:validate',
    'bin/console doctrine:fixtures:load --append',
  ],
  target: { envVars: ['APP_ENV'], urlVars: ['DATABASE_URL'], envOptions: ['--env', '-e'] },
  sources: [
    'https://symfony.com/doc/current/doctrine.html',
    'https://symfony.com/bundles/DoctrineFixturesBundle/current/index.html',
  ],
};

/** Where Flyway's migrations and database are named, for its migrate and undo runners. */
const FLYWAY_FILES = {
  layout: 'flyway',
  dirOptions: ['-locations'],
  dirVars: ['FLYWAY_LOCATIONS'],
  defaultDir: 'sql',
  urlOptions: ['-url'],
  urlVars: ['FLYWAY_URL'],
} as const;

const flyway: ToolEntry = {
  id: 'flyway',
  family: 'orm',
  title: 'Flyway (CLI, Maven, Gradle)',
  programs: ['flyway'],
  options: {},
  singleDashLong: true,
  singleDashValue: ['-configFiles', '-workingDirectory'],
  verbs: [
    {
      path: ['clean'],
      what: 'drops every object in the configured schemas',
      effect: 'destroy',
      resource: 'schema',
      category: 'data-loss',
      example: 'flyway -url=jdbc:postgresql://prod-db/app clean',
    },
    {
      path: ['undo'],
      what: 'undoes the last migration',
      effect: 'destroy',
      resource: 'schema',
      category: 'data-loss',
      severity: 'warning',
      example: 'flyway undo',
    },
  ],
  safe: ['flyway info', 'flyway migrate', 'flyway validate'],
  target: { hostOptions: ['-url'], urlVars: ['FLYWAY_URL'], envOptions: ['-environment'] },
  migrationRunners: [
    {
      path: ['migrate'],
      direction: 'up',
      ...FLYWAY_FILES,
      example: 'flyway -url=jdbc:postgresql://prod-db/app -locations=filesystem:db/sql migrate',
    },
    {
      path: ['undo'],
      direction: 'down',
      ...FLYWAY_FILES,
      example: 'flyway undo',
    },
  ],
  overrides: [
    {
      envVar: 'FLYWAY_CLEAN_DISABLED',
      value: 'false|0|no',
      what: 'the refusal of `flyway clean` (`cleanDisabled`)',
      example: 'FLYWAY_CLEAN_DISABLED=false flyway clean',
    },
  ],
  sources: [
    'https://documentation.red-gate.com/fd/clean-184127458.html',
    'https://documentation.red-gate.com/fd/migrations-184127470.html',
    'https://documentation.red-gate.com/fd/flyway-locations-setting-277578980.html',
    'https://documentation.red-gate.com/fd/flyway-clean-disabled-setting-277578964.html',
  ],
};

const liquibase: ToolEntry = {
  id: 'liquibase',
  family: 'orm',
  title: 'Liquibase',
  programs: ['liquibase'],
  options: {
    long: ['url', 'username', 'password', 'changelog-file', 'defaults-file', 'tag', 'count', 'date'],
  },
  verbs: [
    {
      path: ['/^(dropAll|drop-all)$/'],
      what: 'drops every object in the schema',
      effect: 'destroy',
      resource: 'schema',
      category: 'data-loss',
      example: 'liquibase --url=jdbc:postgresql://prod/app dropAll',
    },
    {
      path: ['/^(rollback|rollback-count|rollbackCount|rollback-to-date|rollbackToDate)$/'],
      what: 'rolls back changesets',
      effect: 'destroy',
      resource: 'schema',
      category: 'data-loss',
      severity: 'warning',
      example: 'liquibase rollback-count --count=5',
    },
  ],
  safe: ['liquibase update', 'liquibase status', 'liquibase rollback-sql --tag=v1', 'liquibase history'],
  target: { hostOptions: ['--url'], urlVars: ['LIQUIBASE_COMMAND_URL'] },
  sources: [
    'https://docs.liquibase.com/commands/utility/drop-all.html',
    'https://docs.liquibase.com/commands/rollback/rollback-count.html',
  ],
};

const buildPlugins: ToolEntry = {
  id: 'maven-gradle-migrations',
  family: 'orm',
  title: 'Flyway and Liquibase through Maven and Gradle',
  programs: ['mvn', 'mvnw', 'gradle', 'gradlew'],
  options: { short: 'fsplP', long: ['file', 'settings', 'projects'] },
  verbs: [
    {
      path: ['/^(flyway:clean|flywayClean)$/'],
      task: true,
      what: 'drops every object in the configured schemas',
      effect: 'destroy',
      resource: 'schema',
      category: 'data-loss',
      example: 'mvn flyway:clean',
    },
    {
      path: ['/^(liquibase:dropAll|dropAll)$/'],
      task: true,
      what: 'drops every object in the schema',
      effect: 'destroy',
      resource: 'schema',
      category: 'data-loss',
      example: './gradlew dropAll',
    },
  ],
  safe: ['mvn flyway:migrate', './gradlew flywayInfo', 'mvn test'],
  target: { hostOptions: ['-Dflyway.url', '-Dliquibase.url'] },
  sources: [
    'https://documentation.red-gate.com/fd/maven-goal-184127408.html',
    'https://docs.liquibase.com/tools-integrations/maven/commands/maven-dropall.html',
  ],
};

/** Where golang-migrate's migrations and database are named, for its up and down runners. */
const GOLANG_MIGRATE_FILES = {
  layout: 'golang-migrate',
  dirOptions: ['-path', '-source'],
  urlOptions: ['-database'],
  urlVars: ['DATABASE_URL'],
} as const;

const golangMigrate: ToolEntry = {
  id: 'golang-migrate',
  family: 'orm',
  title: 'golang-migrate',
  programs: ['migrate'],
  options: {},
  singleDashLong: true,
  singleDashValue: ['-database', '-path', '-source', '-lock-timeout', '-prefetch'],
  verbs: [
    {
      path: ['drop'],
      what: 'drops everything in the database',
      effect: 'destroy',
      resource: 'database',
      category: 'data-loss',
      example: 'migrate -database "$DATABASE_URL" -path db/migrations drop -f',
    },
    {
      path: ['down'],
      flags: ['-all'],
      what: 'applies every down migration',
      effect: 'destroy',
      resource: 'schema',
      category: 'data-loss',
      example: 'migrate -path m -database postgres://prod-db/app down -all',
    },
    {
      path: ['down'],
      what: 'applies down migrations',
      effect: 'destroy',
      resource: 'schema',
      category: 'data-loss',
      severity: 'warning',
      example: 'migrate -path m down 1',
    },
    {
      path: ['force'],
      what: 'forces the recorded version without running migrations',
      effect: 'overwrite',
      resource: 'migration state',
      category: 'data-loss',
      severity: 'warning',
      example: 'migrate -path m force 3',
    },
  ],
  safe: [
    'migrate -path m -database postgres://x up',
    'migrate version',
    'migrate create -ext sql -dir m add_users',
  ],
  target: { hostOptions: ['-database'], urlVars: ['DATABASE_URL'] },
  migrationRunners: [
    {
      path: ['up'],
      direction: 'up',
      ...GOLANG_MIGRATE_FILES,
      example: 'migrate -path ./migrations -database "$DATABASE_URL" up',
    },
    {
      path: ['down'],
      direction: 'down',
      ...GOLANG_MIGRATE_FILES,
      example: 'migrate -source file://db/migrations -database mysql://prod-db/app down 1',
    },
  ],
  sources: [
    'https://github.com/golang-migrate/migrate/tree/master/cmd/migrate#usage',
    'https://github.com/golang-migrate/migrate/blob/master/MIGRATIONS.md',
  ],
};

const atlas: ToolEntry = {
  id: 'atlas',
  family: 'orm',
  title: 'Atlas',
  programs: ['atlas'],
  options: { short: 'uc', long: ['url', 'env', 'config', 'to', 'dev-url', 'dir', 'var'] },
  verbs: [
    {
      path: ['schema', 'clean'],
      what: 'drops every object in the schema or database',
      effect: 'destroy',
      resource: 'schema',
      category: 'data-loss',
      example: 'atlas schema clean -u postgres://prod-db/app --auto-approve',
    },
    {
      path: ['schema', 'apply'],
      flags: ['--auto-approve'],
      unless: ['--dry-run'],
      what: 'applies the desired schema without review, including any drops it plans',
      effect: 'destroy',
      resource: 'schema',
      category: 'data-loss',
      severity: 'warning',
      example: 'atlas schema apply --env prod --auto-approve',
    },
    {
      path: ['migrate', 'down'],
      unless: ['--dry-run'],
      what: 'reverts applied migrations',
      effect: 'destroy',
      resource: 'schema',
      category: 'data-loss',
      severity: 'warning',
      example: 'atlas migrate down --env prod',
    },
  ],
  safe: [
    'atlas schema inspect -u postgres://x',
    'atlas migrate diff --env dev',
    'atlas schema apply --env prod --dry-run',
    'atlas migrate apply --env dev',
  ],
  target: { hostOptions: ['-u', '--url'], envOptions: ['--env'] },
  sources: [
    'https://atlasgo.io/declarative/apply#clean-schemas',
    'https://atlasgo.io/lint/analyzers#destructive-changes',
  ],
};

const ecto: ToolEntry = {
  id: 'ecto',
  family: 'orm',
  title: 'Ecto (mix tasks)',
  programs: ['mix'],
  options: { short: 'r', long: ['repo', 'to', 'step'] },
  verbs: [
    {
      path: ['ecto.drop'],
      task: true,
      what: 'drops the repository database',
      effect: 'destroy',
      resource: 'database',
      category: 'data-loss',
      example: 'MIX_ENV=prod mix ecto.drop',
    },
    {
      path: ['ecto.reset'],
      task: true,
      what: 'drops, recreates and migrates the database',
      effect: 'destroy',
      resource: 'database',
      category: 'data-loss',
      example: 'mix ecto.reset',
    },
    {
      path: ['ecto.rollback'],
      task: true,
      flags: ['--all'],
      what: 'reverts every migration',
      effect: 'destroy',
      resource: 'schema',
      category: 'data-loss',
      example: 'mix ecto.rollback --all',
    },
    {
      path: ['ecto.rollback'],
      task: true,
      what: 'reverts the last migration',
      effect: 'destroy',
      resource: 'schema',
      category: 'data-loss',
      severity: 'warning',
      example: 'mix ecto.rollback',
    },
  ],
  safe: ['mix ecto.migrate', 'mix ecto.migrations', 'mix ecto.create', 'mix test'],
  target: { envVars: ['MIX_ENV'], urlVars: ['DATABASE_URL'] },
  sources: [
    'https://hexdocs.pm/ecto/Mix.Tasks.Ecto.Drop.html',
    'https://hexdocs.pm/ecto_sql/Mix.Tasks.Ecto.Rollback.html',
  ],
};

const efCore: ToolEntry = {
  id: 'dotnet-ef',
  family: 'orm',
  title: 'Entity Framework Core tools',
  programs: ['dotnet ef', 'dotnet-ef'],
  options: {
    short: 'pc',
    long: ['project', 'startup-project', 'context', 'connection', 'configuration', 'framework'],
  },
  verbs: [
    {
      path: ['database', 'drop'],
      what: 'drops the database',
      effect: 'destroy',
      resource: 'database',
      category: 'data-loss',
      example: 'dotnet ef database drop --force',
    },
    {
      path: ['database', 'update'],
      operands: ['0'],
      what: 'reverts every migration',
      effect: 'destroy',
      resource: 'schema',
      category: 'data-loss',
      example: 'dotnet ef database update 0',
    },
  ],
  safe: ['dotnet ef database update', 'dotnet ef migrations list', 'dotnet ef migrations add Init'],
  target: { envVars: ['ASPNETCORE_ENVIRONMENT', 'DOTNET_ENVIRONMENT'], hostOptions: ['--connection'] },
  sources: ['https://learn.microsoft.com/en-us/ef/core/cli/dotnet#dotnet-ef-database-drop'],
};

const supabase: ToolEntry = {
  id: 'supabase',
  family: 'orm',
  title: 'Supabase CLI',
  programs: ['supabase'],
  options: { long: ['db-url', 'project-ref', 'workdir', 'password', 'version'] },
  verbs: [
    {
      path: ['db', 'reset'],
      flags: ['--linked', '--db-url'],
      what: 'resets the linked (remote) database, deleting its data',
      effect: 'destroy',
      resource: 'database',
      category: 'data-loss',
      example: 'supabase db reset --linked',
    },
    {
      path: ['db', 'reset'],
      what: 'resets the local database',
      effect: 'destroy',
      resource: 'database',
      category: 'data-loss',
      severity: 'warning',
      example: 'supabase db reset',
    },
    {
      path: ['projects', 'delete'],
      what: 'deletes the project and its database',
      effect: 'destroy',
      resource: 'project',
      category: 'data-loss',
      example: 'supabase projects delete abcd',
    },
  ],
  safe: ['supabase db diff', 'supabase db push --dry-run', 'supabase start', 'supabase status'],
  target: { hostOptions: ['--db-url'], contextOptions: ['--project-ref'] },
  sources: [
    'https://supabase.com/docs/reference/cli/supabase-db-reset',
    'https://supabase.com/docs/reference/cli/supabase-projects-delete',
  ],
};

const neon: ToolEntry = {
  id: 'neonctl',
  family: 'orm',
  title: 'Neon CLI',
  programs: ['neonctl', 'neon'],
  options: { long: ['project-id', 'org-id', 'api-key', 'context-file', 'output', 'parent'] },
  verbs: [
    {
      path: ['/^(projects|project)$/', 'delete'],
      what: 'deletes the project with all its branches and databases',
      effect: 'destroy',
      resource: 'project',
      category: 'data-loss',
      example: 'neonctl projects delete prj-1',
    },
    {
      path: ['/^(branches|branch)$/', '/^(delete|reset|restore)$/'],
      what: 'deletes or resets a branch and its data',
      effect: 'destroy',
      resource: 'branch',
      category: 'data-loss',
      example: 'neonctl branches delete main',
    },
    {
      path: ['/^(databases|database|db)$/', 'delete'],
      what: 'deletes a database',
      effect: 'destroy',
      resource: 'database',
      category: 'data-loss',
      example: 'neonctl databases delete app',
    },
  ],
  safe: ['neonctl branches list', 'neonctl connection-string', 'neonctl branches create --name dev'],
  target: { contextOptions: ['--project-id'] },
  sources: ['https://neon.tech/docs/reference/cli-branches', 'https://neon.tech/docs/reference/cli-projects'],
};

const planetscale: ToolEntry = {
  id: 'pscale',
  family: 'orm',
  title: 'PlanetScale CLI',
  programs: ['pscale'],
  options: { long: ['org', 'service-token', 'service-token-id', 'format'] },
  verbs: [
    {
      path: ['/^(database|db)$/', 'delete'],
      what: 'deletes the database',
      effect: 'destroy',
      resource: 'database',
      category: 'data-loss',
      example: 'pscale database delete shop --force',
    },
    {
      path: ['branch', 'delete'],
      what: 'deletes a branch and its data',
      effect: 'destroy',
      resource: 'branch',
      category: 'data-loss',
      example: 'pscale branch delete shop main',
    },
  ],
  safe: ['pscale branch list shop', 'pscale deploy-request create shop dev', 'pscale connect shop dev'],
  target: { contextOptions: ['--org'] },
  sources: [
    'https://planetscale.com/docs/reference/database',
    'https://planetscale.com/docs/reference/branch',
  ],
};

const heroku: ToolEntry = {
  id: 'heroku',
  family: 'orm',
  title: 'Heroku CLI',
  programs: ['heroku'],
  options: { short: 'arcf', long: ['app', 'remote', 'confirm', 'command', 'file'] },
  sqlRunners: [
    {
      path: ['pg:psql'],
      dialect: 'postgresql',
      sqlOptions: ['-c', '--command'],
      fileOptions: ['-f', '--file'],
      stdin: true,
    },
  ],
  verbs: [
    {
      path: ['pg:reset'],
      what: 'deletes every table of the database',
      effect: 'destroy',
      resource: 'database',
      category: 'data-loss',
      example: 'heroku pg:reset DATABASE_URL -a shop-prod --confirm shop-prod',
    },
    {
      path: ['/^(apps:destroy|destroy)$/'],
      what: 'deletes the app with its add-ons and databases',
      effect: 'destroy',
      resource: 'app',
      category: 'data-loss',
      example: 'heroku apps:destroy -a shop-prod',
    },
    {
      path: ['/^(addons:destroy|addons:remove)$/'],
      what: 'deletes an add-on (a database, a cache) and its data',
      effect: 'destroy',
      resource: 'add-on',
      category: 'data-loss',
      example: 'heroku addons:destroy heroku-postgresql -a shop',
    },
    {
      path: ['pg:backups:delete'],
      what: 'deletes a database backup',
      effect: 'destroy',
      resource: 'backup',
      category: 'data-loss',
      example: 'heroku pg:backups:delete b101 -a shop',
    },
    {
      path: ['pg:killall'],
      what: 'terminates every connection to the database',
      effect: 'destroy',
      resource: 'database sessions',
      category: 'lock',
      example: 'heroku pg:killall -a shop',
    },
  ],
  safe: ['heroku pg:info -a shop', 'heroku logs --tail -a shop', 'heroku pg:backups:capture -a shop'],
  target: { contextOptions: ['-a', '--app', '-r', '--remote'] },
  sources: [
    'https://devcenter.heroku.com/articles/heroku-cli-commands',
    'https://devcenter.heroku.com/articles/managing-heroku-postgres-using-cli',
  ],
};

/** The ORM and migration-tool entries. */
export const ORM_TOOLS: readonly ToolEntry[] = [
  prisma,
  drizzle,
  typeorm,
  sequelize,
  knex,
  rails,
  django,
  alembic,
  flaskDb,
  laravel,
  doctrine,
  flyway,
  liquibase,
  buildPlugins,
  golangMigrate,
  atlas,
  ecto,
  efCore,
  supabase,
  neon,
  planetscale,
  heroku,
];
