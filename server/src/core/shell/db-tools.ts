import type { Dialect } from '../types';
import {
  DUCKDB,
  MYSQL_ENV,
  PG_ENV,
  SQLCMD,
  BQ_QUERY,
  BQ_GLOBALS,
  SNOWSQL,
  SNOW_SQL,
  MYSQLSH,
  TRINO,
  USQL,
  TURSO_SHELL,
  PGCLI,
  MYCLI,
  LITECLI,
  BEELINE,
  SPARK_SQL,
  SQLPLUS,
} from './db-tools-other';
import type { OptionSpec } from './options';

/**
 * Database and data-store command-line tools as data: one option table per tool, taken from the
 * tool's own documentation (cited per table). Read by `db-clients.ts`, which everything else
 * (hosts for environment detection, embedded SQL, the exfiltration rules) goes through.
 */

/** What a tool does with a database. */
export type DbToolKind = 'query' | 'dump' | 'restore' | 'bench';

/** What a tool's operands (non-option words) are. */
export type OperandKind =
  /** `psql [DBNAME [USER]]`, `mysqldump DB [TABLE…]`: a database name or a connection string. */
  | 'database'
  /** mongo/mongosh "db address": `mongodb://…`, `host[:port]/db`, `host:port` or `db`; then `.js` files. */
  | 'mongo-address'
  /** `mongodump [URI]`, `clickhouse-client [URI]`: an optional connection string only. */
  | 'connection'
  /** `pg_restore ARCHIVE`, `mongorestore DIR`, `sqlite3 FILE`: a local file or folder. */
  | 'file'
  /** `redis-cli [COMMAND ARGS…]`: the command to run. */
  | 'command'
  /** `bq query [SQL…]`: the operands, joined with spaces, are the query. */
  | 'sql'
  /** MySQL Shell URI-like string: `[scheme://][user[:password]@]host[:port][/schema]`. */
  | 'mysql-uri'
  /** SQL*Plus logon, `user[/password]@[//]host[:port]/service` or `@alias`, then `@script` operands. */
  | 'oracle-logon'
  | 'none';

/** The command line of one database tool. */
export interface DbTool {
  /** The documentation page the option table follows. */
  doc: string;
  kind: DbToolKind;
  /** Dialect of the SQL the tool runs; absent for tools that run no SQL (dumpers, mongosh, redis-cli). */
  dialect?: Dialect;
  /** Options that take a value (everything else is a flag). */
  options: OptionSpec;
  /** The tool stops reading options at its first operand (redis-cli); getopt_long permutation otherwise. */
  stopAtOperand?: boolean;
  /** Long options are written with one dash (`sqlite3 -cmd X`). */
  singleDashLong?: boolean;
  /** Options naming the server host (`-h`, `--host`); never the port (`-p`/`-P`/`--port`). */
  host: string[];
  /** Options naming the database. */
  database: string[];
  /** Options naming the user. */
  user: string[];
  /** Options whose value is a connection string (URI or libpq keyword/value string). */
  connection: string[];
  operands: OperandKind;
  /** Variables the tool reads its host / database / user from (`PGHOST=prod psql`). */
  env?: { host?: string; database?: string; user?: string };
  /** Options whose value is query text (SQL, JavaScript, a Redis command). */
  query?: string[];
  /** Options whose value names a file of queries. */
  queryFile?: string[];
  /** Operands after the first (the database) are query text: `sqlite3 DB 'SQL'`; for `command` tools, all are. */
  queryOperands?: boolean;
  /** Options naming the file the tool writes its results or dump to (`-` is standard output). */
  output?: string[];
  /** Options that make the tool print help or its version and touch no data. */
  info: string[];
  /**
   * Options switching the tool to SQL (`mysqlsh --sql`): without one, its query text is another
   * language (JavaScript, Python) and only query files named `*.sql` are SQL.
   */
  sqlMode?: string[];
  /** The dialect is named by the connection string's scheme (`usql my://…`); `dialect` otherwise. */
  schemeDialect?: true;
  /** A query-file option's value is a comma-separated list of files (`sqlcmd -i a.sql,b.sql`). */
  queryFileList?: true;
  /** Host values are SQL Server server names: `[tcp:]host[\\instance][,port]`. */
  sqlServerHosts?: true;
  /** Lines holding only this word end a batch (`GO` of sqlcmd): a statement separator, not SQL. */
  batchSeparator?: string;
  /** Operands after the first starting with `@` run that script file (`sqlplus LOGON @x.sql`; `.sql` implied). */
  scriptOperands?: true;
}

/** Connection options shared by the PostgreSQL client applications ("Connection Options" of each page). */
const PG_CONNECTION_LONG = ['host', 'port', 'username', 'role', 'dbname'];
/** MySQL/MariaDB client options common to mysql and mysqldump ("Connection options"). */
const MYSQL_COMMON_LONG = [
  'host',
  'port',
  'user',
  'socket',
  'protocol',
  'login-path',
  'defaults-file',
  'defaults-extra-file',
  'default-auth',
  'plugin-dir',
  'character-sets-dir',
  'default-character-set',
  'max-allowed-packet',
  'net-buffer-length',
  'ssl-ca',
  'ssl-capath',
  'ssl-cert',
  'ssl-cipher',
  'ssl-key',
  'ssl-crl',
  'ssl-crlpath',
  'tls-version',
  'connect-timeout',
];
/** MongoDB Database Tools connection options ("Options" of mongodump, mongoexport, mongorestore). */
const MONGO_TOOLS_LONG = [
  'config',
  'uri',
  'host',
  'port',
  'username',
  'password',
  'authenticationDatabase',
  'authenticationMechanism',
  'awsSessionToken',
  'gssapiServiceName',
  'gssapiHostName',
  'db',
  'collection',
  'readPreference',
  'sslCAFile',
  'sslPEMKeyFile',
  'sslPEMKeyPassword',
  'sslCRLFile',
  'tlsCAFile',
  'tlsCertificateKeyFile',
  'tlsCertificateKeyFilePassword',
  'tlsCRLFile',
  'compressors',
];
/** mongosh / legacy mongo shell options with values. `-h` is `--help` in both. */
const MONGO_SHELL_LONG = [
  'host',
  'port',
  'username',
  'password',
  'eval',
  'file',
  'authenticationDatabase',
  'authenticationMechanism',
  'apiVersion',
  'awsAccessKeyId',
  'awsSecretAccessKey',
  'awsSessionToken',
  'awsIamSessionToken',
  'gssapiServiceName',
  'gssapiHostName',
  'sspiHostnameCanonicalization',
  'sspiRealmOverride',
  'tlsCAFile',
  'tlsCertificateKeyFile',
  'tlsCertificateKeyFilePassword',
  'tlsCertificateSelector',
  'tlsCRLFile',
  'tlsDisabledProtocols',
  'sslCAFile',
  'sslPEMKeyFile',
  'sslPEMKeyPassword',
  'cryptSharedLibPath',
  'csfleLibraryPath',
  'keyVaultNamespace',
  'browser',
  'oidcFlows',
  'oidcRedirectUri',
];

/** psql(1): https://www.postgresql.org/docs/current/app-psql.html */
const PSQL: DbTool = {
  doc: 'https://www.postgresql.org/docs/current/app-psql.html',
  kind: 'query',
  dialect: 'postgresql',
  options: {
    short: 'cdfFhLoPpRTUv',
    long: [
      ...PG_CONNECTION_LONG,
      'command',
      'file',
      'field-separator',
      'log-file',
      'output',
      'pset',
      'record-separator',
      'table-attr',
      'set',
      'variable',
    ],
  },
  host: ['h', 'host'],
  database: ['d', 'dbname'],
  user: ['U', 'username'],
  connection: ['d', 'dbname'],
  operands: 'database',
  env: PG_ENV,
  query: ['c', 'command'],
  queryFile: ['f', 'file'],
  output: ['o', 'output'],
  info: ['?', 'help', 'V', 'version'],
};

/** pg_dump(1): https://www.postgresql.org/docs/current/app-pgdump.html */
const PG_DUMP: DbTool = {
  doc: 'https://www.postgresql.org/docs/current/app-pgdump.html',
  kind: 'dump',
  options: {
    short: 'dEefFhjNnpSTtUZ',
    long: [
      ...PG_CONNECTION_LONG,
      'file',
      'format',
      'jobs',
      'compress',
      'lock-wait-timeout',
      'extension',
      'exclude-extension',
      'encoding',
      'schema',
      'exclude-schema',
      'superuser',
      'table',
      'exclude-table',
      'exclude-table-data',
      'table-and-children',
      'exclude-table-and-children',
      'exclude-table-data-and-children',
      'extra-float-digits',
      'include-foreign-data',
      'filter',
      'restrict-key',
      'rows-per-insert',
      'section',
      'snapshot',
    ],
  },
  host: ['h', 'host'],
  database: ['d', 'dbname'],
  user: ['U', 'username'],
  connection: ['d', 'dbname'],
  operands: 'database',
  env: PG_ENV,
  output: ['f', 'file'],
  info: ['?', 'help', 'V', 'version'],
};

/** pg_dumpall(1): https://www.postgresql.org/docs/current/app-pg-dumpall.html (`-l` names the database, `-d` is a connection string). */
const PG_DUMPALL: DbTool = {
  doc: 'https://www.postgresql.org/docs/current/app-pg-dumpall.html',
  kind: 'dump',
  options: {
    short: 'dEfhlpSU',
    long: [
      ...PG_CONNECTION_LONG,
      'database',
      'file',
      'encoding',
      'superuser',
      'lock-wait-timeout',
      'exclude-database',
      'extra-float-digits',
      'filter',
      'restrict-key',
      'rows-per-insert',
    ],
  },
  host: ['h', 'host'],
  database: ['l', 'database'],
  user: ['U', 'username'],
  connection: ['d', 'dbname'],
  operands: 'none',
  env: PG_ENV,
  output: ['f', 'file'],
  info: ['?', 'help', 'V', 'version'],
};

/** pg_restore(1): https://www.postgresql.org/docs/current/app-pgrestore.html (the operand is the archive). */
export const PG_RESTORE: DbTool = {
  doc: 'https://www.postgresql.org/docs/current/app-pgrestore.html',
  kind: 'restore',
  options: {
    short: 'dfFhIjLnNpPStTU',
    long: [
      ...PG_CONNECTION_LONG,
      'file',
      'format',
      'index',
      'jobs',
      'use-list',
      'schema',
      'exclude-schema',
      'function',
      'superuser',
      'table',
      'trigger',
      'section',
      'filter',
      'restrict-key',
      'exclude-database',
    ],
  },
  host: ['h', 'host'],
  database: ['d', 'dbname'],
  user: ['U', 'username'],
  connection: ['d', 'dbname'],
  operands: 'file',
  env: { host: 'PGHOST', user: 'PGUSER' },
  output: ['f', 'file'],
  info: ['?', 'help', 'V', 'version'],
};

/** pgbench(1): https://www.postgresql.org/docs/current/pgbench.html (`-d` is `--debug`, a flag). */
const PGBENCH: DbTool = {
  doc: 'https://www.postgresql.org/docs/current/pgbench.html',
  kind: 'bench',
  options: {
    short: 'bcDFfhIjLMPpRsTtU',
    long: [
      'host',
      'port',
      'username',
      'init-steps',
      'fillfactor',
      'scale',
      'index-tablespace',
      'partition-method',
      'partitions',
      'tablespace',
      'builtin',
      'file',
      'client',
      'define',
      'jobs',
      'latency-limit',
      'protocol',
      'progress',
      'rate',
      'transactions',
      'time',
      'aggregate-interval',
      'log-prefix',
      'max-tries',
      'random-seed',
      'sampling-rate',
      'show-script',
    ],
  },
  host: ['h', 'host'],
  database: [],
  user: ['U', 'username'],
  connection: [],
  operands: 'database',
  env: PG_ENV,
  info: ['?', 'help', 'V', 'version'],
};

/**
 * mysql(1): https://dev.mysql.com/doc/refman/8.4/en/mysql-command-options.html and MariaDB's
 * https://mariadb.com/kb/en/mariadb-command-line-client/ (`-p` takes its password only attached).
 */
const MYSQL: DbTool = {
  doc: 'https://dev.mysql.com/doc/refman/8.4/en/mysql-command-options.html',
  kind: 'query',
  dialect: 'mysql',
  options: {
    short: 'DehPSu',
    attachedOnly: 'p#',
    long: [
      ...MYSQL_COMMON_LONG,
      'database',
      'execute',
      'init-command',
      'delimiter',
      'prompt',
      'tee',
      'select-limit',
      'max-join-size',
      'server-arg',
    ],
  },
  host: ['h', 'host'],
  database: ['D', 'database'],
  user: ['u', 'user'],
  connection: [],
  operands: 'database',
  env: MYSQL_ENV,
  query: ['e', 'execute', 'init-command'],
  output: ['tee'],
  info: ['?', 'I', 'help', 'V', 'version'],
};

/**
 * mysqldump(1): https://dev.mysql.com/doc/refman/8.4/en/mysqldump.html, and mariadb-dump
 * (https://mariadb.com/kb/en/mariadb-dump/), which has the same options.
 */
const MYSQLDUMP: DbTool = {
  doc: 'https://dev.mysql.com/doc/refman/8.4/en/mysqldump.html',
  kind: 'dump',
  options: {
    short: 'hPrSTuw',
    attachedOnly: 'p#',
    long: [
      ...MYSQL_COMMON_LONG,
      'result-file',
      'where',
      'tab',
      'ignore-table',
      'ignore-table-data',
      'ignore-database',
      'compatible',
      'fields-terminated-by',
      'fields-enclosed-by',
      'fields-optionally-enclosed-by',
      'fields-escaped-by',
      'lines-terminated-by',
      'log-error',
      'as-of',
      'system',
      'max-statement-time',
      'set-gtid-purged',
    ],
  },
  host: ['h', 'host'],
  database: [],
  user: ['u', 'user'],
  connection: [],
  operands: 'database',
  env: MYSQL_ENV,
  output: ['r', 'result-file'],
  info: ['?', 'help', 'V', 'version'],
};

/**
 * mongosh: https://www.mongodb.com/docs/mongodb-shell/reference/options/ (the legacy `mongo`
 * shell, https://www.mongodb.com/docs/v4.4/reference/program/mongo/, has the same connection
 * options). `-h` is `--help`; the host is `--host` or the connection string operand.
 */
const MONGOSH: DbTool = {
  doc: 'https://www.mongodb.com/docs/mongodb-shell/reference/options/',
  kind: 'query',
  options: { short: 'fpu', long: MONGO_SHELL_LONG },
  host: ['host'],
  database: [],
  user: ['u', 'username'],
  connection: [],
  operands: 'mongo-address',
  query: ['eval'],
  queryFile: ['f', 'file'],
  info: ['h', 'help', 'version'],
};

/**
 * mongodump: https://www.mongodb.com/docs/database-tools/mongodump/ (`--archive` takes a file
 * only as `--archive=FILE`; alone it writes the archive to standard output).
 */
const MONGODUMP: DbTool = {
  doc: 'https://www.mongodb.com/docs/database-tools/mongodump/',
  kind: 'dump',
  options: {
    short: 'cdhjopqu',
    long: [
      ...MONGO_TOOLS_LONG,
      'query',
      'queryFile',
      'out',
      'excludeCollection',
      'excludeCollectionsWithPrefix',
      'numParallelCollections',
    ],
  },
  host: ['h', 'host'],
  database: ['d', 'db'],
  user: ['u', 'username'],
  connection: ['uri'],
  operands: 'connection',
  output: ['o', 'out', 'archive'],
  info: ['help', 'version'],
};

/** mongoexport: https://www.mongodb.com/docs/database-tools/mongoexport/ (writes to standard output without `--out`). */
const MONGOEXPORT: DbTool = {
  doc: 'https://www.mongodb.com/docs/database-tools/mongoexport/',
  kind: 'dump',
  options: {
    short: 'cdfhopqu',
    long: [
      ...MONGO_TOOLS_LONG,
      'fields',
      'fieldFile',
      'query',
      'queryFile',
      'type',
      'out',
      'jsonFormat',
      'sort',
      'skip',
      'limit',
    ],
  },
  host: ['h', 'host'],
  database: ['d', 'db'],
  user: ['u', 'username'],
  connection: ['uri'],
  operands: 'connection',
  output: ['o', 'out'],
  info: ['help', 'version'],
};

/** mongorestore: https://www.mongodb.com/docs/database-tools/mongorestore/ (the operand is the dump folder). */
const MONGORESTORE: DbTool = {
  doc: 'https://www.mongodb.com/docs/database-tools/mongorestore/',
  kind: 'restore',
  options: {
    short: 'cdhjpu',
    long: [
      ...MONGO_TOOLS_LONG,
      'nsExclude',
      'nsInclude',
      'nsFrom',
      'nsTo',
      'oplogLimit',
      'oplogFile',
      'dir',
      'numParallelCollections',
      'numInsertionWorkersPerCollection',
      'writeConcern',
    ],
  },
  host: ['h', 'host'],
  database: ['d', 'db'],
  user: ['u', 'username'],
  connection: ['uri'],
  operands: 'file',
  info: ['help', 'version'],
};

/**
 * redis-cli: https://redis.io/docs/latest/develop/tools/cli/ and `redis-cli --help` (Redis 7):
 * options end at the first operand, the command. `-u URI` is a `redis://` URI; `--rdb FILE`
 * (`-` for standard output) transfers an RDB dump of the whole server.
 */
export const REDIS_CLI: DbTool = {
  doc: 'https://redis.io/docs/latest/develop/tools/cli/',
  kind: 'query',
  options: {
    short: 'aDdhinprstuX',
    long: [
      'user',
      'pass',
      'sni',
      'cacert',
      'cacertdir',
      'cert',
      'key',
      'tls-ciphers',
      'tls-ciphersuites',
      'show-pushes',
      'lru-test',
      'rdb',
      'functions-rdb',
      'pipe-timeout',
      'memkeys-samples',
      'pattern',
      'quoted-pattern',
      'count',
      'intrinsic-latency',
      'eval',
      'cluster',
    ],
  },
  stopAtOperand: true,
  host: ['h'],
  database: ['n'],
  user: ['user'],
  connection: ['u'],
  operands: 'command',
  queryOperands: true,
  queryFile: ['eval'],
  output: ['rdb', 'functions-rdb'],
  info: ['help', 'version'],
};

/**
 * sqlite3: https://sqlite.org/cli.html ("Command-line Options"); the first operand is the database
 * file, later ones SQL; `-init FILE` runs the file's SQL first.
 */
const SQLITE3: DbTool = {
  doc: 'https://sqlite.org/cli.html',
  kind: 'query',
  dialect: 'sqlite',
  singleDashLong: true,
  options: {
    long: ['cmd', 'init', 'maxsize', 'mmap', 'newline', 'nonce', 'nullvalue', 'separator', 'vfs'],
  },
  host: [],
  database: [],
  user: [],
  connection: [],
  operands: 'file',
  query: ['cmd'],
  queryFile: ['init'],
  queryOperands: true,
  info: ['help', 'version'],
};

/** clickhouse-client (also `clickhouse client`): https://clickhouse.com/docs/interfaces/cli */
export const CLICKHOUSE_CLIENT: DbTool = {
  doc: 'https://clickhouse.com/docs/interfaces/cli',
  kind: 'query',
  dialect: 'mysql',
  options: {
    short: 'Cdfhqu',
    long: [
      'host',
      'port',
      'user',
      'password',
      'database',
      'query',
      'queries-file',
      'format',
      'config-file',
      'history_file',
      'query_id',
      'connection',
      'jwt',
      'log-level',
      'send_logs_level',
      'server_logs_file',
    ],
  },
  host: ['h', 'host'],
  database: ['d', 'database'],
  user: ['u', 'user'],
  connection: [],
  operands: 'connection',
  query: ['q', 'query'],
  queryFile: ['queries-file'],
  info: ['help', 'V', 'version'],
};

/** `cockroach sql`: https://www.cockroachlabs.com/docs/stable/cockroach-sql */
export const COCKROACH_SQL: DbTool = {
  doc: 'https://www.cockroachlabs.com/docs/stable/cockroach-sql',
  kind: 'query',
  dialect: 'postgresql',
  options: {
    short: 'def',
    long: ['execute', 'database', 'user', 'host', 'url', 'certs-dir', 'port', 'file', 'format'],
  },
  host: ['host'],
  database: ['d', 'database'],
  user: ['u', 'user'],
  connection: ['url'],
  operands: 'none',
  query: ['e', 'execute'],
  queryFile: ['f', 'file'],
  info: ['help'],
};

/** A tool run as a subcommand of a program (`clickhouse client`, `bq query`), after its global options. */
export interface DbSubcommand {
  program: string;
  path: readonly string[];
  /** Global options that take a value (before the subcommand). */
  globals?: OptionSpec;
  tool: DbTool;
}

/** Every tool by program name. */
export const DB_TOOLS: Readonly<Record<string, DbTool>> = {
  psql: PSQL,
  pg_dump: PG_DUMP,
  pg_dumpall: PG_DUMPALL,
  pg_restore: PG_RESTORE,
  pgbench: PGBENCH,
  mysql: MYSQL,
  mariadb: { ...MYSQL, dialect: 'mariadb', doc: 'https://mariadb.com/kb/en/mariadb-command-line-client/' },
  mysqldump: MYSQLDUMP,
  'mariadb-dump': { ...MYSQLDUMP, doc: 'https://mariadb.com/kb/en/mariadb-dump/' },
  mongosh: MONGOSH,
  mongo: { ...MONGOSH, doc: 'https://www.mongodb.com/docs/v4.4/reference/program/mongo/' },
  mongodump: MONGODUMP,
  mongoexport: MONGOEXPORT,
  mongorestore: MONGORESTORE,
  'redis-cli': REDIS_CLI,
  'valkey-cli': REDIS_CLI,
  'keydb-cli': REDIS_CLI,
  sqlite3: SQLITE3,
  sqlite: SQLITE3,
  'clickhouse-client': CLICKHOUSE_CLIENT,
  duckdb: DUCKDB,
  sqlcmd: SQLCMD,
  snowsql: SNOWSQL,
  mysqlsh: MYSQLSH,
  trino: TRINO,
  presto: { ...TRINO, doc: 'https://prestodb.io/docs/current/clients/presto-cli.html' },
  usql: USQL,
  pgcli: PGCLI,
  mycli: MYCLI,
  litecli: LITECLI,
  beeline: BEELINE,
  'spark-sql': SPARK_SQL,
  sqlplus: SQLPLUS,
};

/** Tools that are a subcommand of a program. */
export const DB_SUBCOMMANDS: readonly DbSubcommand[] = [
  { program: 'clickhouse', path: ['client'], tool: CLICKHOUSE_CLIENT },
  { program: 'cockroach', path: ['sql'], tool: COCKROACH_SQL },
  { program: 'bq', path: ['query'], globals: BQ_GLOBALS, tool: BQ_QUERY },
  { program: 'snow', path: ['sql'], tool: SNOW_SQL },
  { program: 'turso', path: ['db', 'shell'], tool: TURSO_SHELL },
];
