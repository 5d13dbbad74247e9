/**
 * Command lines of SQL clients beyond the PostgreSQL, MySQL, MongoDB, Redis, SQLite, ClickHouse
 * and CockroachDB ones of `db-tools.ts`: DuckDB, SQL Server (sqlcmd), warehouses (BigQuery,
 * Snowflake, Trino/Presto, Hive's beeline, Spark SQL), MySQL Shell, Oracle SQL*Plus, and the
 * interactive and universal shells (usql, pgcli, mycli, litecli, turso). One documented entry
 * each; `DB_TOOLS` and `DB_SUBCOMMANDS` in `db-tools.ts` list them by program.
 */
import type { DbTool } from './db-tools';
import type { OptionSpec } from './options';

/** Environment variables libpq and the mysql client read for the connection (also used by `db-tools.ts`). */
export const PG_ENV = { host: 'PGHOST', database: 'PGDATABASE', user: 'PGUSER' };
export const MYSQL_ENV = { host: 'MYSQL_HOST' };

/**
 * DuckDB CLI: https://duckdb.org/docs/stable/clients/cli/arguments (`duckdb [OPTIONS] [FILENAME
 * [COMMAND…]]`, the sqlite3 shell's command line). DuckDB's SQL follows PostgreSQL's ("DuckDB's
 * SQL dialect closely follows the conventions of the PostgreSQL dialect",
 * https://duckdb.org/docs/stable/sql/dialect/postgresql_compatibility), so the PostgreSQL parser
 * reads it; DuckDB-only statements (`SUMMARIZE`, `FROM t`) stay unparsed.
 */
export const DUCKDB: DbTool = {
  doc: 'https://duckdb.org/docs/stable/clients/cli/arguments',
  kind: 'query',
  dialect: 'postgresql',
  singleDashLong: true,
  options: { short: 'cfs', long: ['cmd', 'init', 'newline', 'nullvalue', 'separator'] },
  host: [],
  database: [],
  user: [],
  connection: [],
  operands: 'file',
  query: ['c', 's', 'cmd'],
  queryFile: ['f', 'init'],
  queryOperands: true,
  info: ['help', 'version'],
};

/**
 * sqlcmd (SQL Server): https://learn.microsoft.com/en-us/sql/tools/sqlcmd/sqlcmd-utility
 * (`-Q` runs a query and exits, `-q` runs it and stays, `-i` takes a comma-separated list of
 * files, `-S [tcp:]server[\instance][,port]`; SQLCMDSERVER, SQLCMDDBNAME, SQLCMDUSER variables;
 * `GO` ends a batch).
 */
export const SQLCMD: DbTool = {
  doc: 'https://learn.microsoft.com/en-us/sql/tools/sqlcmd/sqlcmd-utility',
  kind: 'query',
  dialect: 'transactsql',
  options: { short: 'acdfHhiKlmoPQqSstUVvwYyZz', long: [] },
  host: ['S'],
  database: ['d'],
  user: ['U'],
  connection: [],
  operands: 'none',
  env: { host: 'SQLCMDSERVER', database: 'SQLCMDDBNAME', user: 'SQLCMDUSER' },
  query: ['Q', 'q'],
  queryFile: ['i'],
  queryFileList: true,
  sqlServerHosts: true,
  batchSeparator: 'GO',
  output: ['o'],
  info: ['?'],
};

/**
 * `bq query` (BigQuery): https://cloud.google.com/bigquery/docs/reference/bq-cli-reference#bq_query
 * (the operands are the query; without them bq reads it from standard input). Global flags before
 * `query` are read by {@link BQ_GLOBALS}.
 */
export const BQ_QUERY: DbTool = {
  doc: 'https://cloud.google.com/bigquery/docs/reference/bq-cli-reference#bq_query',
  kind: 'query',
  dialect: 'bigquery',
  options: {
    short: 'n',
    long: [
      'allow_large_results',
      'append_table',
      'clustering_fields',
      'connection_property',
      'destination_kms_key',
      'destination_schema',
      'destination_table',
      'external_table_definition',
      'format',
      'job_id',
      'job_timeout_ms',
      'label',
      'location',
      'max_rows',
      'maximum_bytes_billed',
      'parameter',
      'project_id',
      'dataset_id',
      'range_partitioning',
      'reservation_id',
      'schedule',
      'display_name',
      'target_dataset',
      'schema_update_option',
      'session_id',
      'time_partitioning_expiration',
      'time_partitioning_field',
      'time_partitioning_type',
      'udf_resource',
    ],
  },
  host: ['project_id'],
  database: ['dataset_id'],
  user: [],
  connection: [],
  operands: 'sql',
  info: ['help'],
};

/** bq's global flags with values (https://cloud.google.com/bigquery/docs/reference/bq-cli-reference#global_flags). */
export const BQ_GLOBALS: OptionSpec = {
  long: [
    'api',
    'api_version',
    'apilog',
    'bigqueryrc',
    'ca_certificates_file',
    'credential_file',
    'dataset_id',
    'format',
    'httplib2_debuglevel',
    'job_id',
    'job_property',
    'location',
    'max_rows_per_request',
    'project_id',
    'proxy_address',
    'proxy_password',
    'proxy_port',
    'proxy_username',
    'service_account',
    'service_account_credential_file',
    'service_account_private_key_file',
    'trace',
  ],
};

/** Snowflake connection options shared by SnowSQL and `snow sql`. */
const SNOWFLAKE_LONG = [
  'accountname',
  'account',
  'username',
  'user',
  'dbname',
  'database',
  'schemaname',
  'schema',
  'rolename',
  'role',
  'warehouse',
  'host',
  'port',
  'region',
  'authenticator',
  'private-key-path',
  'private-key-file',
  'connection',
  'config',
  'query',
  'filename',
  'variable',
  'option',
];

/**
 * SnowSQL: https://docs.snowflake.com/en/user-guide/snowsql-start (`-a` account, `-d` database,
 * `-q` query, `-f` file; SNOWSQL_ACCOUNT, SNOWSQL_DATABASE, SNOWSQL_USER variables).
 */
export const SNOWSQL: DbTool = {
  doc: 'https://docs.snowflake.com/en/user-guide/snowsql-start',
  kind: 'query',
  dialect: 'snowflake',
  options: { short: 'acDdfhopqrsuw', long: SNOWFLAKE_LONG },
  host: ['a', 'accountname', 'h', 'host'],
  database: ['d', 'dbname'],
  user: ['u', 'username'],
  connection: [],
  operands: 'none',
  env: { host: 'SNOWSQL_ACCOUNT', database: 'SNOWSQL_DATABASE', user: 'SNOWSQL_USER' },
  query: ['q', 'query'],
  queryFile: ['f', 'filename'],
  output: [],
  info: ['help', 'v', 'version'],
};

/**
 * `snow sql` (Snowflake CLI):
 * https://docs.snowflake.com/en/developer-guide/snowflake-cli/command-reference/sql-commands/sql
 * (`-q` query, `-f` file, `-i` standard input; `-c` names a configured connection).
 */
export const SNOW_SQL: DbTool = {
  doc: 'https://docs.snowflake.com/en/developer-guide/snowflake-cli/command-reference/sql-commands/sql',
  kind: 'query',
  dialect: 'snowflake',
  options: {
    short: 'cDfq',
    long: [...SNOWFLAKE_LONG, 'environment', 'password', 'format', 'token-file-path'],
  },
  host: ['account', 'accountname', 'host'],
  database: ['database', 'dbname'],
  user: ['user', 'username'],
  connection: [],
  operands: 'none',
  query: ['q', 'query'],
  queryFile: ['f', 'filename'],
  info: ['help'],
};

/**
 * MySQL Shell: https://dev.mysql.com/doc/mysql-shell/8.4/en/mysqlsh.html (`--sql`, `--sqlc`,
 * `--sqlx` start SQL mode; JavaScript is the default, `--py` Python; `-e` code, `-f` file, whose
 * `.sql` extension selects SQL; the operand is a URI-like string
 * https://dev.mysql.com/doc/mysql-shell/8.4/en/mysql-shell-connection-using-uri.html).
 */
export const MYSQLSH: DbTool = {
  doc: 'https://dev.mysql.com/doc/mysql-shell/8.4/en/mysqlsh.html',
  kind: 'query',
  dialect: 'mysql',
  options: {
    short: 'DefhPSu',
    attachedOnly: 'p',
    long: [
      'uri',
      'host',
      'port',
      'socket',
      'user',
      'dbuser',
      'schema',
      'database',
      'execute',
      'file',
      'auth-method',
      'connect-timeout',
      'log-level',
      'log-file',
      'result-format',
      'ssl-ca',
      'ssl-cert',
      'ssl-key',
      'ssl-mode',
      'ssh',
      'ssh-identity-file',
      'ssh-config-file',
      'pym',
      'import',
    ],
  },
  host: ['h', 'host'],
  database: ['D', 'schema', 'database'],
  user: ['u', 'user', 'dbuser'],
  connection: ['uri'],
  operands: 'mysql-uri',
  query: ['e', 'execute'],
  queryFile: ['f', 'file'],
  sqlMode: ['sql', 'sqlc', 'sqlx'],
  info: ['help', 'V', 'version'],
};

/**
 * Trino CLI: https://trino.io/docs/current/client/cli.html (`--server`, `--catalog`, `--schema`,
 * `--execute`, `-f`/`--file`; the operand is the server URL), and Presto's
 * (https://prestodb.io/docs/current/clients/presto-cli.html), with the same options. Trino's SQL
 * is ANSI SQL with double-quoted identifiers, which the PostgreSQL parser reads; Trino-only
 * statements (`SHOW TABLES FROM c.s`, `DESCRIBE`) stay unparsed.
 */
export const TRINO: DbTool = {
  doc: 'https://trino.io/docs/current/client/cli.html',
  kind: 'query',
  dialect: 'postgresql',
  options: {
    short: 'f',
    long: [
      'server',
      'catalog',
      'schema',
      'user',
      'execute',
      'file',
      'output-format',
      'session',
      'source',
      'client-tags',
      'client-info',
      'extra-credential',
      'access-token',
      'timezone',
      'socks-proxy',
      'http-proxy',
      'path',
      'role',
      'config',
      'history-file',
      'keystore-path',
      'keystore-password',
      'truststore-path',
      'truststore-password',
      'krb5-principal',
      'krb5-config-path',
      'krb5-keytab-path',
      'krb5-remote-service-name',
      'resource-estimate',
      'editing-mode',
    ],
  },
  host: ['server'],
  database: ['catalog'],
  user: ['user'],
  connection: [],
  operands: 'connection',
  query: ['execute'],
  queryFile: ['f', 'file'],
  info: ['help', 'version'],
};

/**
 * usql: https://github.com/xo/usql#usage (`usql [DSN] -c COMMAND -f FILE`, psql's options); the
 * DSN's scheme names the database (`pg://`, `my://`, `sq:`, `ms://`…), hence the dialect.
 */
export const USQL: DbTool = {
  doc: 'https://github.com/xo/usql#usage',
  kind: 'query',
  dialect: 'postgresql',
  schemeDialect: true,
  options: {
    short: 'cfFNoPRTv',
    long: [
      'command',
      'file',
      'out',
      'set',
      'cset',
      'pset',
      'field-separator',
      'record-separator',
      'table-attr',
    ],
  },
  host: [],
  database: [],
  user: [],
  connection: [],
  operands: 'connection',
  query: ['c', 'command'],
  queryFile: ['f', 'file'],
  output: ['o', 'out'],
  info: ['help', 'V', 'version'],
};

/**
 * `turso db shell DB [SQL]`: https://docs.turso.tech/cli/db/shell (the operand after the database
 * is a statement to run; without it the shell reads standard input). libSQL is SQLite's fork.
 */
export const TURSO_SHELL: DbTool = {
  doc: 'https://docs.turso.tech/cli/db/shell',
  kind: 'query',
  dialect: 'sqlite',
  options: { long: ['instance', 'location'] },
  host: [],
  database: [],
  user: [],
  connection: [],
  operands: 'database',
  queryOperands: true,
  info: ['help'],
};

/**
 * pgcli: https://www.pgcli.com/docs and `pgcli --help` (4.3: `-c`/`--command` and `-f`/`--file`
 * run SQL and exit, https://github.com/dbcli/pgcli/blob/main/changelog.rst); libpq's variables.
 */
export const PGCLI: DbTool = {
  doc: 'https://www.pgcli.com/docs',
  kind: 'query',
  dialect: 'postgresql',
  options: {
    short: 'cDdfhpUu',
    long: [
      'host',
      'port',
      'username',
      'user',
      'dbname',
      'dsn',
      'command',
      'file',
      'pgclirc',
      'prompt',
      'prompt-dsn',
      'row-limit',
      'application-name',
      'log-file',
      'ssh-tunnel',
      'init-command',
    ],
  },
  host: ['h', 'host'],
  database: ['d', 'dbname'],
  user: ['U', 'u', 'username', 'user'],
  connection: ['d', 'dbname'],
  operands: 'database',
  env: PG_ENV,
  query: ['c', 'command', 'init-command'],
  queryFile: ['f', 'file'],
  info: ['help', 'v', 'version'],
};

/** mycli: https://www.mycli.net/docs and `mycli --help` (`-e`/`--execute` runs a query and quits). */
export const MYCLI: DbTool = {
  doc: 'https://www.mycli.net/docs',
  kind: 'query',
  dialect: 'mysql',
  options: {
    short: 'DdehlPpRSu',
    long: [
      'host',
      'port',
      'user',
      'socket',
      'password',
      'pass',
      'database',
      'dsn',
      'execute',
      'prompt',
      'logfile',
      'defaults-group-suffix',
      'defaults-file',
      'login-path',
      'myclirc',
      'init-command',
      'charset',
      'ssl-ca',
      'ssl-capath',
      'ssl-cert',
      'ssl-key',
      'ssl-cipher',
      'ssh-user',
      'ssh-host',
      'ssh-port',
      'ssh-password',
      'ssh-key-filename',
      'ssh-config-path',
      'ssh-config-host',
    ],
  },
  host: ['h', 'host'],
  database: ['D', 'database'],
  user: ['u', 'user'],
  connection: [],
  operands: 'database',
  env: MYSQL_ENV,
  query: ['e', 'execute', 'init-command'],
  info: ['help', 'V', 'version'],
};

/** litecli: https://litecli.com/docs and `litecli --help` (`-e`/`--execute` runs a query and quits; the operand is the database file). */
export const LITECLI: DbTool = {
  doc: 'https://litecli.com/docs',
  kind: 'query',
  dialect: 'sqlite',
  options: { short: 'DeRl', long: ['database', 'execute', 'prompt', 'logfile', 'liteclirc'] },
  host: [],
  database: ['D', 'database'],
  user: [],
  connection: [],
  operands: 'file',
  query: ['e', 'execute'],
  info: ['help', 'V', 'version'],
};

/**
 * Beeline (Hive): https://cwiki.apache.org/confluence/display/Hive/HiveServer2+Clients#HiveServer2Clients-BeelineCommandOptions
 * (`-u jdbc:hive2://host:port/db`, `-e` query, `-f` and `-i` files). HiveQL quotes identifiers with
 * backticks as MySQL does; the MySQL parser reads its DDL and DML, and Hive-only statements
 * (`INSERT OVERWRITE`, `MSCK REPAIR`) stay unparsed.
 */
export const BEELINE: DbTool = {
  doc: 'https://cwiki.apache.org/confluence/display/Hive/HiveServer2+Clients#HiveServer2Clients-BeelineCommandOptions',
  kind: 'query',
  dialect: 'mysql',
  options: {
    short: 'adefinpuw',
    long: ['hiveconf', 'hivevar', 'property-file', 'delimiterForDSV', 'outputformat', 'nullemptystring'],
  },
  host: [],
  database: [],
  user: ['n'],
  connection: ['u'],
  operands: 'none',
  query: ['e'],
  queryFile: ['f', 'i'],
  info: ['help'],
};

/**
 * spark-sql: https://spark.apache.org/docs/latest/sql-distributed-sql-engine-spark-sql-cli.html
 * (`-e` query, `-f`/`-i` files, `--database`; spark-submit's options,
 * https://spark.apache.org/docs/latest/submitting-applications.html). Spark SQL quotes
 * identifiers with backticks: read with the MySQL parser, as Hive's.
 */
export const SPARK_SQL: DbTool = {
  doc: 'https://spark.apache.org/docs/latest/sql-distributed-sql-engine-spark-sql-cli.html',
  kind: 'query',
  dialect: 'mysql',
  options: {
    short: 'cdefi',
    long: [
      'database',
      'define',
      'hiveconf',
      'hivevar',
      'master',
      'deploy-mode',
      'class',
      'name',
      'jars',
      'packages',
      'exclude-packages',
      'repositories',
      'py-files',
      'files',
      'archives',
      'conf',
      'properties-file',
      'driver-memory',
      'driver-java-options',
      'driver-library-path',
      'driver-class-path',
      'executor-memory',
      'proxy-user',
      'driver-cores',
      'total-executor-cores',
      'executor-cores',
      'num-executors',
      'principal',
      'keytab',
      'queue',
    ],
  },
  host: [],
  database: ['database'],
  user: [],
  connection: [],
  operands: 'none',
  query: ['e'],
  queryFile: ['f', 'i'],
  info: ['help', 'version'],
};

/**
 * SQL*Plus (Oracle): https://docs.oracle.com/en/database/oracle/oracle-database/23/sqpug/SQL-Plus-command-reference.html
 * ("SQLPLUS": `sqlplus [-S] [-M opts] [-R level] [logon | /NOLOG] [@script]`, the SQL on standard
 * input or in the scripts). No parser here reads Oracle's dialect: statements are read with the
 * PostgreSQL parser (DDL and DML common to both are judged), and the rest (PL/SQL blocks, SQL*Plus
 * commands such as `SET`, `SPOOL`) stays unparsed, as it should.
 */
export const SQLPLUS: DbTool = {
  doc: 'https://docs.oracle.com/en/database/oracle/oracle-database/23/sqpug/SQL-Plus-command-reference.html',
  kind: 'query',
  dialect: 'postgresql',
  options: { short: 'CcMmRr', long: [] },
  stopAtOperand: true,
  host: [],
  database: [],
  user: [],
  connection: [],
  operands: 'oracle-logon',
  scriptOperands: true,
  info: ['H', 'h', 'help', 'V', 'v', 'version'],
};
