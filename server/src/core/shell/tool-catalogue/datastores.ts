import { DB_TOOLS, REDIS_CLI } from '../db-tools';
import type { HttpApiEntry, ToolEntry } from './model';

/**
 * Non-SQL datastores and object stores (issue 11 §1, second family): MongoDB shells and their
 * `--eval` scripts, Redis mass deletes and scripts, Cassandra, etcd, InfluxDB, Elasticsearch and
 * OpenSearch over HTTP, and object-store CLIs (MinIO `mc`, rclone, s3cmd, azcopy). `FLUSHALL`/
 * `FLUSHDB` stay with the `redis-flush` rule; SQL run by `clickhouse-client`/`cockroach sql` is
 * judged by the SQL analyzer. Script conditions match the script's calls by name (JavaScript,
 * Lua, CQL are not parsed here yet). Incident: the 2017 "MongoDB apocalypse" ransom wipes of
 * exposed databases (https://www.bleepingcomputer.com/news/security/mongodb-apocalypse-professional-ransomware-group-gets-involved-infections-reach-28k-servers/).
 */

/** mongosh / mongo: `--eval` or stdin scripts that drop or delete without a filter. */
const MONGO_DESTROY = String.raw`\.\s*(dropDatabase|dropCollection|drop|dropIndexes)\s*\(|\.\s*(deleteMany|remove)\s*\(\s*(\{\s*\})?\s*[,)]`;

const mongosh: ToolEntry = {
  id: 'mongosh',
  family: 'datastore',
  title: 'MongoDB Shell',
  programs: ['mongosh', 'mongo'],
  options: DB_TOOLS.mongosh?.options ?? {},
  verbs: [
    {
      path: [],
      script: { options: ['--eval'], stdin: true, pattern: MONGO_DESTROY },
      what: 'drops a database or collection, or deletes every document',
      effect: 'destroy',
      resource: 'database',
      category: 'data-loss',
      example: `mongosh "mongodb://prod-db/app" --eval 'db.dropDatabase()'`,
    },
    {
      path: [],
      script: {
        options: ['--eval'],
        stdin: true,
        pattern: String.raw`\.\s*shutdownServer\s*\(|\bshutdown\s*:\s*1`,
      },
      what: 'shuts the database server down',
      effect: 'disable',
      resource: 'server',
      category: 'lock',
      example: `mongosh admin --eval 'db.shutdownServer()'`,
    },
  ],
  safe: [
    `mongosh --eval 'db.users.find({})'`,
    `mongosh --eval 'db.users.deleteMany({ _id: 1 })'`,
    'mongosh app',
  ],
  target: { urlVars: ['MONGODB_URI', 'MONGO_URL'] },
  sources: [
    'https://www.mongodb.com/docs/manual/reference/method/db.dropDatabase/',
    'https://www.mongodb.com/docs/manual/reference/method/db.collection.deleteMany/',
    'https://www.mongodb.com/docs/mongodb-shell/reference/options/',
    'https://www.mongodb.com/docs/manual/reference/method/db.shutdownServer/',
  ],
};

const mongorestore: ToolEntry = {
  id: 'mongorestore',
  family: 'datastore',
  title: 'mongorestore',
  programs: ['mongorestore'],
  options: DB_TOOLS.mongorestore?.options ?? {},
  verbs: [
    {
      path: [],
      flags: ['--drop'],
      unless: ['--dryRun'],
      what: 'drops each collection before restoring it',
      effect: 'overwrite',
      resource: 'collection',
      category: 'data-loss',
      example: 'mongorestore --drop --uri mongodb://prod-db dump/',
    },
  ],
  safe: ['mongorestore --uri mongodb://localhost dump/', 'mongorestore --dryRun --drop dump/'],
  sources: ['https://www.mongodb.com/docs/database-tools/mongorestore/#std-option-mongorestore.--drop'],
};

const redis: ToolEntry = {
  id: 'redis-cli',
  family: 'datastore',
  title: 'Redis / Valkey / KeyDB CLI',
  programs: ['redis-cli', 'valkey-cli', 'keydb-cli'],
  options: REDIS_CLI.options,
  verbs: [
    {
      path: ['/^flush(all|db)$/'],
      what: 'deletes every key',
      effect: 'destroy',
      resource: 'keyspace',
      category: 'data-loss',
      reportedBy: 'redis-flush',
      example: 'redis-cli FLUSHALL',
    },
    {
      path: ['/^(del|unlink)$/'],
      argsFromStdin: true,
      what: 'deletes every key piped in (a mass delete)',
      effect: 'destroy',
      resource: 'keyspace',
      category: 'data-loss',
      example: `redis-cli --scan --pattern '*' | xargs redis-cli del`,
    },
    {
      path: ['/^(eval|eval_ro)$/'],
      script: {
        operands: true,
        pattern: String.raw`redis\.p?call\(\s*['"](del|unlink|flushall|flushdb)['"]`,
      },
      what: 'runs a server-side script that deletes keys',
      effect: 'destroy',
      resource: 'keyspace',
      category: 'data-loss',
      example: `redis-cli EVAL "for _,k in ipairs(redis.call('keys','*')) do redis.call('del',k) end" 0`,
    },
    {
      // `SHUTDOWN NOSAVE` skips the final save: writes since the last snapshot are lost.
      path: ['/^shutdown$/'],
      operands: ['NOSAVE|nosave|Nosave'],
      what: 'shuts the server down without saving (writes since the last snapshot are lost)',
      effect: 'destroy',
      resource: 'keyspace',
      category: 'data-loss',
      example: 'redis-cli -h cache-1 SHUTDOWN NOSAVE',
    },
    {
      path: ['/^shutdown$/'],
      what: 'shuts the server down (every client loses its connection)',
      effect: 'disable',
      resource: 'server',
      category: 'lock',
      example: 'redis-cli shutdown',
    },
    {
      // The known file-write primitive: point the dump file at a folder and name of one's choice
      // (`authorized_keys`, a crontab, a web root) and `SAVE` writes it as the server's user.
      path: ['/^config$/', '/^set$/'],
      script: { operands: true, pattern: '^(dir|dbfilename|logfile|appenddirname|appendfilename)$' },
      what: 'points the server at a folder or file name of its choosing, so the next save writes a file anywhere the server can',
      effect: 'overwrite',
      resource: 'server host files',
      resourceKind: 'host',
      category: 'privilege',
      example: 'redis-cli -h cache-1 config set dbfilename authorized_keys',
    },
    {
      path: ['/^module$/', '/^load(ex)?$/'],
      what: 'loads a native module into the server (code run as the server)',
      effect: 'execute',
      resource: 'server process',
      resourceKind: 'host',
      category: 'privilege',
      example: 'redis-cli MODULE LOAD /tmp/exp.so',
    },
    {
      // `REPLICAOF host port` replaces the whole dataset with the named server's; `NO ONE` stops it.
      path: ['/^(replicaof|slaveof)$/'],
      script: { operands: true, pattern: '^[0-9]+$' },
      what: "makes the server a replica of another one, replacing every key with that server's",
      effect: 'overwrite',
      resource: 'keyspace',
      category: 'data-loss',
      example: 'redis-cli -h prod-cache SLAVEOF 203.0.113.9 6379',
    },
  ],
  safe: [
    'redis-cli --scan --pattern "cache:*"',
    'redis-cli del session:1',
    `redis-cli EVAL "return redis.call('get', KEYS[1])" 1 k`,
    'redis-cli CONFIG GET dir',
    'redis-cli config set maxmemory 2gb',
    'redis-cli REPLICAOF NO ONE',
    'redis-cli MODULE LIST',
  ],
  target: { urlVars: ['REDIS_URL'] },
  sources: [
    'https://redis.io/docs/latest/commands/del/',
    'https://redis.io/docs/latest/commands/eval/',
    'https://redis.io/docs/latest/develop/tools/cli/',
    'https://redis.io/docs/latest/commands/config-set/',
    'https://redis.io/docs/latest/commands/module-load/',
    'https://redis.io/docs/latest/commands/replicaof/',
    'https://redis.io/docs/latest/commands/shutdown/',
    'https://book.hacktricks.xyz/network-services-pentesting/6379-pentesting-redis',
  ],
};

const cqlsh: ToolEntry = {
  id: 'cqlsh',
  family: 'datastore',
  title: 'Cassandra cqlsh',
  programs: ['cqlsh'],
  options: {
    short: 'efuCk',
    long: [
      'execute',
      'file',
      'username',
      'password',
      'keyspace',
      'cqlversion',
      'encoding',
      'request-timeout',
    ],
  },
  verbs: [
    {
      path: [],
      script: {
        options: ['-e', '--execute'],
        stdin: true,
        pattern: String.raw`\b(drop\s+(keyspace|table|columnfamily|materialized\s+view|schema)|truncate)\b`,
      },
      what: 'drops a keyspace or table, or truncates a table',
      effect: 'destroy',
      resource: 'keyspace',
      category: 'data-loss',
      example: `cqlsh prod-cass -e 'DROP KEYSPACE shop'`,
    },
  ],
  safe: [`cqlsh -e 'DESCRIBE KEYSPACES'`, `cqlsh -e 'SELECT * FROM shop.orders LIMIT 1'`],
  sources: [
    'https://cassandra.apache.org/doc/latest/cassandra/managing/tools/cqlsh.html',
    'https://cassandra.apache.org/doc/latest/cassandra/developing/cql/ddl.html#drop-keyspace',
  ],
};

const etcdctl: ToolEntry = {
  id: 'etcdctl',
  family: 'datastore',
  title: 'etcdctl',
  programs: ['etcdctl'],
  options: {
    long: ['endpoints', 'cacert', 'cert', 'key', 'user', 'password', 'command-timeout', 'dial-timeout'],
  },
  verbs: [
    {
      path: ['del'],
      flags: ['--prefix', '--from-key'],
      operands: ['', '/', String.raw`\\0`],
      what: 'deletes every key',
      effect: 'destroy',
      resource: 'keyspace',
      category: 'data-loss',
      example: 'etcdctl del "" --from-key',
    },
    {
      // A prefix of one path segment is a whole tree: `/registry` is all of a Kubernetes cluster.
      path: ['del'],
      flags: ['--prefix'],
      operands: ['/?[^/]+/?'],
      what: 'deletes every key of a top-level prefix (a whole application or cluster state)',
      effect: 'destroy',
      resource: 'keyspace',
      category: 'data-loss',
      example: 'etcdctl del /registry --prefix',
    },
  ],
  safe: [
    'etcdctl get --prefix /registry',
    'etcdctl del /app/flag',
    'etcdctl del --prefix /app/cache/',
    'etcdctl del /registry',
  ],
  target: { hostOptions: ['--endpoints'], urlVars: ['ETCDCTL_ENDPOINTS'] },
  sources: [
    'https://etcd.io/docs/latest/dev-guide/interacting_v3/#delete-keys',
    'https://kubernetes.io/docs/tasks/administer-cluster/configure-upgrade-etcd/',
  ],
};

const influx: ToolEntry = {
  id: 'influx',
  family: 'datastore',
  title: 'InfluxDB CLI',
  programs: ['influx'],
  options: {
    short: 'otb',
    long: [
      'host',
      'org',
      'org-id',
      'token',
      'bucket',
      'bucket-id',
      'start',
      'stop',
      'predicate',
      'name',
      'id',
      'configs-path',
    ],
  },
  // InfluxDB 1.x CLI flags (Go's flag package): `-execute 'InfluxQL'`, `-host H`, `-database D`.
  singleDashValue: [
    '-execute',
    '-host',
    '-database',
    '-username',
    '-password',
    '-port',
    '-format',
    '-precision',
  ],
  verbs: [
    {
      path: [],
      script: {
        options: ['-execute', '--execute'],
        stdin: true,
        pattern: String.raw`\b(drop\s+(database|measurement|series|shard|retention\s+policy|continuous\s+query)\b|delete\s+from\s+("[^"]*"|[^\s;]+)\s*(;|$))`,
      },
      what: 'drops a database, measurement, series, shard or retention policy, or deletes every point of a measurement (InfluxQL)',
      effect: 'destroy',
      resource: 'database',
      category: 'data-loss',
      example: `influx -host prod-influx -execute 'DROP DATABASE metrics'`,
    },
    {
      path: ['delete'],
      what: 'deletes points from a bucket',
      effect: 'destroy',
      resource: 'bucket data',
      category: 'data-loss',
      example: 'influx delete --bucket metrics --start 1970-01-01T00:00:00Z --stop 2030-01-01T00:00:00Z',
    },
    {
      path: ['/^(bucket|org|v1)$/', 'delete'],
      what: 'deletes a bucket or organisation and its data',
      effect: 'destroy',
      resource: 'bucket',
      category: 'data-loss',
      example: 'influx bucket delete --name metrics',
    },
  ],
  safe: [
    'influx query "from(bucket:\\"m\\") |> range(start: -1h)"',
    'influx bucket list',
    `influx -database metrics -execute 'SHOW MEASUREMENTS'`,
    `influx -database metrics -execute "DELETE FROM cpu WHERE time < '2020-01-01'"`,
  ],
  target: { hostOptions: ['--host', '-host'], urlVars: ['INFLUX_HOST'] },
  sources: [
    'https://docs.influxdata.com/influxdb/v1/tools/influx-cli/use-influx-cli/',
    'https://docs.influxdata.com/influxdb/v1/query_language/manage-database/',
    'https://docs.influxdata.com/influxdb/v2/reference/cli/influx/delete/',
    'https://docs.influxdata.com/influxdb/v2/reference/cli/influx/bucket/delete/',
  ],
};

const mc: ToolEntry = {
  id: 'minio-mc',
  family: 'datastore',
  title: 'MinIO client (mc)',
  programs: ['mc', 'mcli'],
  options: { long: ['config-dir', 'older-than', 'newer-than', 'versions'] },
  verbs: [
    {
      path: ['rm'],
      flags: ['--recursive', '-r'],
      unless: ['--dry-run'],
      what: 'recursively deletes objects',
      effect: 'destroy',
      resource: 'bucket',
      category: 'data-loss',
      example: 'mc rm --recursive --force prod/backups',
    },
    {
      path: ['rb'],
      flags: ['--force'],
      what: 'removes a bucket with its objects',
      effect: 'destroy',
      resource: 'bucket',
      category: 'data-loss',
      example: 'mc rb --force prod/backups',
    },
    {
      path: ['mirror'],
      flags: ['--remove'],
      unless: ['--dry-run'],
      what: 'deletes destination objects missing from the source',
      effect: 'overwrite',
      resource: 'bucket',
      category: 'data-loss',
      severity: 'warning',
      example: 'mc mirror --remove ./out prod/site',
    },
  ],
  safe: ['mc ls prod/backups', 'mc rm prod/backups/old.tar', 'mc rm --recursive --dry-run prod/x'],
  sources: [
    'https://min.io/docs/minio/linux/reference/minio-mc/mc-rm.html',
    'https://min.io/docs/minio/linux/reference/minio-mc/mc-rb.html',
  ],
};

const rclone: ToolEntry = {
  id: 'rclone',
  family: 'datastore',
  title: 'rclone',
  programs: ['rclone'],
  options: {
    long: ['config', 'include', 'exclude', 'filter', 'min-age', 'max-age', 'transfers', 'log-file'],
  },
  verbs: [
    {
      path: ['purge'],
      unless: ['--dry-run', '-n', '-i', '--interactive'],
      what: 'deletes the path and everything in it',
      effect: 'destroy',
      resource: 'remote path',
      category: 'data-loss',
      example: 'rclone purge s3:prod-backups',
    },
    {
      path: ['/^(delete|rmdirs)$/'],
      unless: ['--dry-run', '-n', '-i', '--interactive'],
      what: 'deletes the files under the path',
      effect: 'destroy',
      resource: 'remote path',
      category: 'data-loss',
      example: 'rclone delete gdrive:archive',
    },
    {
      path: ['sync'],
      unless: ['--dry-run', '-n', '-i', '--interactive'],
      what: 'makes the destination identical to the source, deleting what the source lacks',
      effect: 'overwrite',
      resource: 'remote path',
      category: 'data-loss',
      severity: 'warning',
      example: 'rclone sync ./site s3:prod-site',
    },
  ],
  safe: [
    'rclone ls s3:bucket',
    'rclone copy ./a s3:b',
    'rclone sync --dry-run ./a s3:b',
    'rclone deletefile s3:b/x.log',
  ],
  sources: [
    'https://rclone.org/commands/rclone_purge/',
    'https://rclone.org/commands/rclone_delete/',
    'https://rclone.org/commands/rclone_sync/',
  ],
};

const s3cmd: ToolEntry = {
  id: 's3cmd',
  family: 'datastore',
  title: 's3cmd',
  programs: ['s3cmd'],
  options: { short: 'c', long: ['config', 'exclude', 'include'] },
  verbs: [
    {
      path: ['/^(del|rm)$/'],
      flags: ['--recursive', '-r'],
      unless: ['--dry-run', '-n'],
      what: 'recursively deletes objects',
      effect: 'destroy',
      resource: 'bucket',
      category: 'data-loss',
      example: 's3cmd del --recursive --force s3://prod-data',
    },
    {
      path: ['rb'],
      flags: ['--recursive', '-r', '--force', '-f'],
      what: 'removes a bucket with its objects',
      effect: 'destroy',
      resource: 'bucket',
      category: 'data-loss',
      example: 's3cmd rb --recursive s3://prod-data',
    },
    {
      path: ['sync'],
      flags: ['--delete-removed'],
      unless: ['--dry-run', '-n'],
      what: 'deletes destination objects missing from the source',
      effect: 'overwrite',
      resource: 'bucket',
      category: 'data-loss',
      severity: 'warning',
      example: 's3cmd sync --delete-removed ./a s3://b',
    },
  ],
  safe: ['s3cmd ls s3://b', 's3cmd del s3://b/one.txt'],
  sources: ['https://s3tools.org/usage'],
};

const azcopy: ToolEntry = {
  id: 'azcopy',
  family: 'datastore',
  title: 'AzCopy',
  programs: ['azcopy'],
  options: { long: ['include-pattern', 'exclude-pattern', 'log-level'] },
  verbs: [
    {
      path: ['/^(remove|rm)$/'],
      flags: ['--recursive'],
      unless: ['--dry-run'],
      what: 'recursively deletes blobs or files',
      effect: 'destroy',
      resource: 'container',
      category: 'data-loss',
      example: 'azcopy remove "https://acct.blob.core.windows.net/prod" --recursive',
    },
    {
      path: ['sync'],
      optionValue: { options: ['--delete-destination'], pattern: '[Tt]rue|TRUE|[Pp]rompt' },
      unless: ['--dry-run'],
      what: 'deletes destination blobs missing from the source',
      effect: 'overwrite',
      resource: 'container',
      category: 'data-loss',
      severity: 'warning',
      example: 'azcopy sync ./site "https://acct.blob.core.windows.net/$web" --delete-destination=true',
    },
  ],
  safe: [
    'azcopy list "https://acct.blob.core.windows.net/c"',
    'azcopy copy ./a "https://acct.blob.core.windows.net/c"',
  ],
  sources: [
    'https://learn.microsoft.com/en-us/azure/storage/common/storage-ref-azcopy-remove',
    'https://learn.microsoft.com/en-us/azure/storage/common/storage-ref-azcopy-sync',
  ],
};

const wrangler: ToolEntry = {
  id: 'wrangler',
  family: 'datastore',
  title: 'Cloudflare Wrangler (D1, R2, KV)',
  programs: ['wrangler'],
  options: { short: 'ec', long: ['command', 'file', 'config', 'env', 'namespace-id', 'binding'] },
  verbs: [
    {
      path: ['d1', 'delete'],
      what: 'deletes a D1 database',
      effect: 'destroy',
      resource: 'database',
      category: 'data-loss',
      example: 'npx wrangler d1 delete prod-db -y',
    },
    {
      path: ['r2', 'bucket', 'delete'],
      what: 'deletes an R2 bucket',
      effect: 'destroy',
      resource: 'bucket',
      category: 'data-loss',
      example: 'wrangler r2 bucket delete assets',
    },
    {
      path: ['kv', '/^(namespace|bulk)$/', 'delete'],
      what: 'deletes a KV namespace or keys in bulk',
      effect: 'destroy',
      resource: 'keyspace',
      category: 'data-loss',
      example: 'wrangler kv namespace delete --namespace-id abc',
    },
    {
      path: ['/^(queues|vectorize|hyperdrive)$/', 'delete'],
      what: 'deletes a queue, vector index or Hyperdrive configuration',
      effect: 'destroy',
      resource: 'keyspace',
      category: 'data-loss',
      example: 'wrangler vectorize delete docs-index --force',
    },
    {
      path: ['pages', 'project', 'delete'],
      what: 'deletes a Pages project with its deployments',
      effect: 'destroy',
      resource: 'project',
      category: 'data-loss',
      example: 'wrangler pages project delete shop -y',
    },
    {
      path: ['delete'],
      unless: ['--dry-run'],
      what: 'deletes the Worker (with its routes and bindings)',
      effect: 'destroy',
      resource: 'worker',
      category: 'data-loss',
      example: 'wrangler delete --name api --env production',
    },
  ],
  safe: ['wrangler d1 list', 'wrangler deploy', 'wrangler r2 bucket list', 'wrangler delete --dry-run'],
  target: { envOptions: ['--env', '-e'] },
  sqlRunners: [
    { path: ['d1', 'execute'], dialect: 'sqlite', sqlOptions: ['--command'], fileOptions: ['--file'] },
  ],
  sources: [
    'https://developers.cloudflare.com/workers/wrangler/commands/#d1',
    'https://developers.cloudflare.com/workers/wrangler/commands/#r2-bucket',
    'https://developers.cloudflare.com/workers/wrangler/commands/#delete',
  ],
};

/** PostgreSQL's server control: `pg_ctl` and Debian's `pg_ctlcluster`/`pg_dropcluster` (postgresql-common). */
const pgCtl: ToolEntry = {
  id: 'pg_ctl',
  family: 'datastore',
  title: 'PostgreSQL pg_ctl',
  programs: ['pg_ctl'],
  options: { short: 'DlmoptNUPSe', long: ['pgdata', 'log', 'mode', 'options', 'timeout'] },
  verbs: [
    {
      path: ['/^(stop|kill)$/'],
      what: 'stops the database server (with `-m immediate`, without a clean shutdown)',
      effect: 'disable',
      resource: 'server',
      category: 'lock',
      example: 'pg_ctl -D /var/lib/postgresql/data stop -m immediate',
    },
    {
      path: ['restart'],
      what: 'restarts the database server (every session is cut)',
      effect: 'disable',
      resource: 'server',
      category: 'lock',
      severity: 'warning',
      example: 'pg_ctl restart -D "$PGDATA"',
    },
  ],
  safe: ['pg_ctl status -D /var/lib/postgresql/data', 'pg_ctl start -D data -l log', 'pg_ctl reload'],
  sources: ['https://www.postgresql.org/docs/current/app-pg-ctl.html'],
};

const pgCtlcluster: ToolEntry = {
  id: 'pg_ctlcluster',
  family: 'datastore',
  title: 'PostgreSQL cluster tools (postgresql-common)',
  programs: ['pg_ctlcluster'],
  options: { short: 'mo', long: ['mode', 'options'] },
  verbs: [
    {
      path: ['*', '*', '/^(stop|restart)$/'],
      what: 'stops or restarts the database cluster (every session is cut)',
      effect: 'disable',
      resource: 'server',
      category: 'lock',
      example: 'pg_ctlcluster 15 main stop',
    },
  ],
  safe: ['pg_ctlcluster 15 main status', 'pg_ctlcluster 15 main start', 'pg_lsclusters'],
  sources: ['https://manpages.debian.org/bookworm/postgresql-common/pg_ctlcluster.1.en.html'],
};

const pgDropcluster: ToolEntry = {
  id: 'pg_dropcluster',
  family: 'datastore',
  title: 'PostgreSQL pg_dropcluster (postgresql-common)',
  programs: ['pg_dropcluster'],
  options: {},
  verbs: [
    {
      path: ['*', '*'],
      what: 'deletes the database cluster with its data directory',
      effect: 'destroy',
      resource: 'cluster',
      category: 'data-loss',
      example: 'pg_dropcluster --stop 15 main',
    },
  ],
  safe: ['pg_dropcluster --help'],
  sources: ['https://manpages.debian.org/bookworm/postgresql-common/pg_dropcluster.1.en.html'],
};

/** `mysqladmin shutdown` (its `drop` is the `dropdb` rule's). */
const mysqladmin: ToolEntry = {
  id: 'mysqladmin',
  family: 'datastore',
  title: 'MySQL / MariaDB mysqladmin',
  programs: ['mysqladmin', 'mariadb-admin'],
  options: {
    short: 'hPuSOci',
    long: [
      'host',
      'port',
      'user',
      'socket',
      'protocol',
      'defaults-file',
      'login-path',
      'connect-timeout',
      'shutdown-timeout',
    ],
  },
  verbs: [
    {
      path: ['/^(shutdown|stop-replica|stop-slave)$/'],
      what: 'shuts the database server down, or stops replication',
      effect: 'disable',
      resource: 'server',
      category: 'lock',
      example: 'mysqladmin -u root -p shutdown',
    },
  ],
  safe: ['mysqladmin status', 'mysqladmin -u root processlist', 'mysqladmin ping'],
  sources: ['https://dev.mysql.com/doc/refman/8.4/en/mysqladmin.html'],
};

/** `mongod --shutdown` (Linux): stops the server running on the given data directory. */
const mongod: ToolEntry = {
  id: 'mongod',
  family: 'datastore',
  title: 'MongoDB server (mongod)',
  programs: ['mongod'],
  options: { short: 'f', long: ['dbpath', 'config', 'port', 'bind_ip', 'logpath'] },
  verbs: [
    {
      path: [],
      flags: ['--shutdown'],
      what: 'shuts the database server down',
      effect: 'disable',
      resource: 'server',
      category: 'lock',
      example: 'mongod --dbpath /var/lib/mongodb --shutdown',
    },
  ],
  safe: ['mongod --version', 'mongod --dbpath ./data --port 27018'],
  sources: ['https://www.mongodb.com/docs/manual/reference/program/mongod/#std-option-mongod.--shutdown'],
};

/** The datastore and object-store tool entries. */
export const DATASTORE_TOOLS: readonly ToolEntry[] = [
  mongosh,
  mongorestore,
  redis,
  cqlsh,
  etcdctl,
  influx,
  mc,
  rclone,
  s3cmd,
  azcopy,
  wrangler,
  pgCtl,
  pgCtlcluster,
  pgDropcluster,
  mysqladmin,
  mongod,
];

/** Search clusters over HTTP: `DELETE /index`, `DELETE /_all`, `POST /_delete_by_query`. */
export const DATASTORE_APIS: readonly HttpApiEntry[] = [
  {
    id: 'elasticsearch',
    family: 'datastore',
    title: 'Elasticsearch / OpenSearch REST API',
    hosts: ['*elastic*', '*opensearch*', '*.es.amazonaws.com', 'es-*', 'es.*', 'search.*'],
    ports: [9200, 9243],
    methods: ['DELETE'],
    what: 'deletes indices (every index for `_all` or `*`)',
    effect: 'destroy',
    resource: 'index',
    category: 'data-loss',
    example: 'curl -X DELETE "http://es-prod:9200/_all"',
    safe: ['curl http://es-prod:9200/_cat/indices', 'curl -XGET localhost:9200/logs/_search'],
    sources: [
      'https://www.elastic.co/guide/en/elasticsearch/reference/current/indices-delete-index.html',
      'https://opensearch.org/docs/latest/api-reference/index-apis/delete-index/',
    ],
  },
  {
    id: 'elasticsearch-delete-by-query',
    family: 'datastore',
    title: 'Elasticsearch / OpenSearch delete by query',
    hosts: ['*elastic*', '*opensearch*', '*.es.amazonaws.com', 'es-*', 'es.*'],
    ports: [9200, 9243],
    methods: ['POST'],
    pathPattern: '/_delete_by_query',
    what: 'deletes every document matching the query',
    effect: 'destroy',
    resource: 'index',
    category: 'data-loss',
    example: `curl -X POST "localhost:9200/logs/_delete_by_query" -H 'Content-Type: application/json' -d '{"query":{"match_all":{}}}'`,
    safe: [`curl -X POST "localhost:9200/logs/_search" -d '{"query":{"match_all":{}}}'`],
    sources: ['https://www.elastic.co/guide/en/elasticsearch/reference/current/docs-delete-by-query.html'],
  },
];
