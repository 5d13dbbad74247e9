import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { analyze } from './helpers';

async function facts(sql: string, dialect: 'postgresql' | 'mysql' = 'postgresql') {
  const a = await analyze(sql, dialect);
  const s = a.statements[0];
  assert.ok(s?.parsed, `expected ${sql} to parse`);
  return s.facts;
}

describe('PostgreSQL statement kinds', () => {
  const cases: [string, string][] = [
    ['CREATE TABLE t (a int)', 'CREATE TABLE'],
    ['ALTER TABLE t ADD COLUMN b int', 'ALTER TABLE'],
    ['ALTER TABLE t RENAME COLUMN a TO b', 'ALTER TABLE'],
    ['ALTER INDEX i RENAME TO j', 'ALTER INDEX'],
    ['DROP TABLE t', 'DROP TABLE'],
    ['DROP INDEX CONCURRENTLY i', 'DROP INDEX'],
    ['DROP MATERIALIZED VIEW mv', 'DROP MATERIALIZED VIEW'],
    ['CREATE INDEX CONCURRENTLY i ON t (a)', 'CREATE INDEX'],
    ['CREATE FUNCTION f() RETURNS int LANGUAGE sql AS $$ SELECT 1 $$', 'CREATE FUNCTION'],
    ['CREATE PROCEDURE p() LANGUAGE sql AS $$ SELECT 1 $$', 'CREATE PROCEDURE'],
    ['CREATE TRIGGER tr AFTER INSERT ON t FOR EACH ROW EXECUTE FUNCTION f()', 'CREATE TRIGGER'],
    ['DO $$ BEGIN NULL; END $$', 'DO'],
    ['COPY t TO STDOUT', 'COPY'],
    ['SELECT 1', 'SELECT'],
    ['SELECT * INTO t2 FROM t', 'SELECT INTO'],
    ['INSERT INTO t VALUES (1)', 'INSERT'],
    ['MERGE INTO t USING s ON t.a = s.a WHEN MATCHED THEN DELETE', 'MERGE'],
    ['TRUNCATE t', 'TRUNCATE'],
    ['GRANT SELECT ON t TO r', 'GRANT'],
    ['REVOKE SELECT ON t FROM r', 'REVOKE'],
    ['CREATE ROLE r SUPERUSER', 'CREATE ROLE'],
    ['ALTER ROLE r BYPASSRLS', 'ALTER ROLE'],
    ["ALTER SYSTEM SET log_statement = 'none'", 'ALTER SYSTEM'],
    ["SET lock_timeout = '1s'", 'SET'],
    ['BEGIN', 'BEGIN'],
    ['START TRANSACTION', 'START TRANSACTION'],
    ['COMMIT', 'COMMIT'],
    ['REINDEX TABLE t', 'REINDEX'],
    ['REFRESH MATERIALIZED VIEW mv', 'REFRESH MATERIALIZED VIEW'],
    ["ALTER TYPE e ADD VALUE 'x'", 'ALTER TYPE'],
    ['DROP OWNED BY r', 'DROP OWNED'],
    ["COMMENT ON TABLE t IS 'x'", 'COMMENT'],
    ['CREATE MATERIALIZED VIEW mv AS SELECT 1', 'CREATE MATERIALIZED VIEW'],
    ['DROP SCHEMA s CASCADE', 'DROP SCHEMA'],
    ['DROP DATABASE d', 'DROP DATABASE'],
  ];
  for (const [sql, kind] of cases) {
    it(`${sql} ⇒ ${kind}`, async () => assert.equal((await facts(sql)).statementKind, kind));
  }
});

describe('unparsed statements are classified by their leading keywords', () => {
  const cases: [string, string, string[]][] = [
    ['DROP TABLE IF EXISTS public.users, logs CASCADE oops', 'DROP TABLE', ['public.users', 'logs']],
    ['TRUNCATE TABLE ONLY audit garbage garbage', 'TRUNCATE', ['audit']],
    ['DELETE FROM "Users" WHERE WHERE', 'DELETE', ['Users']],
    ['UPDATE accounts SET SET', 'UPDATE', ['accounts']],
    ['ALTER SYSTEM SET SET', 'ALTER SYSTEM', []],
    ['GRANT ALL ON ON', 'GRANT', []],
    ['COPY t FROM PROGRAM', 'COPY', ['t']],
    ['CREATE OR REPLACE VIEW v AS AS', 'CREATE VIEW', []],
    ['FROBNICATE everything', 'UNKNOWN', []],
  ];
  for (const [sql, kind, written] of cases) {
    it(`${sql} ⇒ ${kind} ${written.join(',')}`, async () => {
      const a = await analyze(sql);
      const s = a.statements[0];
      assert.equal(s?.parsed, false);
      assert.equal(s?.facts.statementKind, kind);
      assert.deepEqual(s?.facts.tablesWritten, written);
      assert.equal(a.findings[0]?.ruleId, 'unparsed');
      assert.equal(a.findings[0]?.statement?.statementKind, kind);
    });
  }
});

describe('read and write sets', () => {
  it('INSERT … SELECT writes the target and reads the source, CTEs are not tables', async () => {
    const f = await facts(
      'WITH recent AS (SELECT * FROM app.events) INSERT INTO archive SELECT * FROM recent JOIN users u ON true',
    );
    assert.deepEqual(f.tablesWritten, ['archive']);
    assert.deepEqual(f.tablesRead.sort(), ['app.events', 'users']);
  });
  it('UPDATE … FROM and DELETE … USING read their joined tables', async () => {
    assert.deepEqual(
      await facts('UPDATE a SET x = b.x FROM b WHERE a.id = b.id').then((f) => [
        f.tablesWritten,
        f.tablesRead,
      ]),
      [['a'], ['b']],
    );
    assert.deepEqual(
      await facts('DELETE FROM s.a USING b WHERE a.id = b.id').then((f) => [f.tablesWritten, f.tablesRead]),
      [['s.a'], ['b']],
    );
  });
  it('COPY FROM writes, COPY TO reads, with sinks', async () => {
    const from = await facts("COPY t FROM PROGRAM 'curl http://x'");
    assert.deepEqual(
      [from.tablesWritten, from.sinks],
      [['t'], [{ kind: 'program', direction: 'in', target: 'curl http://x' }]],
    );
    const to = await facts("COPY (SELECT * FROM users) TO '/tmp/u.csv'");
    assert.deepEqual(
      [to.tablesWritten, to.tablesRead, to.sinks],
      [[], ['users'], [{ kind: 'file', direction: 'out', target: '/tmp/u.csv' }]],
    );
    assert.deepEqual((await facts('COPY t TO STDOUT')).sinks, [{ kind: 'stdout', direction: 'out' }]);
  });
  it('file and remote-db functions are sinks', async () => {
    const f = await facts(
      "SELECT pg_read_file('/etc/passwd'), lo_export(1, '/tmp/x'), * FROM dblink('host=h', 'select 1') AS r(a int)",
    );
    assert.deepEqual(f.sinks, [
      { kind: 'file', direction: 'in', target: '/etc/passwd' },
      { kind: 'file', direction: 'out', target: '/tmp/x' },
      { kind: 'remote-db', direction: 'in' },
    ]);
  });
  it('DROP and TRUNCATE name their relations; ALTER TABLE lists subcommand objects', async () => {
    assert.deepEqual((await facts('DROP TABLE a, s.b')).tablesWritten, ['a', 's.b']);
    assert.deepEqual((await facts('TRUNCATE a, b CASCADE')).tablesWritten, ['a', 'b']);
    const alter = await facts(
      'ALTER TABLE t ADD COLUMN c int, ADD CONSTRAINT fk FOREIGN KEY (c) REFERENCES p (id)',
    );
    assert.deepEqual(
      [alter.tablesWritten, alter.tablesRead, alter.objectKinds],
      [['t'], ['p'], ['table', 'column', 'constraint']],
    );
  });
});

describe('WHERE tautologies', () => {
  const cases: [string, boolean | undefined, boolean | undefined][] = [
    ['DELETE FROM t', false, false],
    ['DELETE FROM t WHERE 1=1', true, true],
    ['DELETE FROM t WHERE true', true, true],
    ["DELETE FROM t WHERE 'a'='a'", true, true],
    ['DELETE FROM t WHERE x = x', true, true],
    ['DELETE FROM t WHERE id IS NOT NULL', true, true],
    ['DELETE FROM t WHERE deleted_at IS NOT NULL', true, false],
    ['DELETE FROM t WHERE NOT false', true, true],
    ['DELETE FROM t WHERE id = 5 OR 1 = 1', true, true],
    ['DELETE FROM t WHERE 2 > 1 AND true', true, true],
    ['DELETE FROM t WHERE id = 5 AND 1 = 1', true, false],
    ['UPDATE t SET a = 1 WHERE id = 5', true, false],
    ['UPDATE t SET a = 1 WHERE 1 = 2 OR id IS NULL', true, false],
    ["UPDATE t SET a = 1 WHERE 't'::boolean", true, true],
    // An expression compared with itself, by structure (pg-where.ts selfComparison).
    ['DELETE FROM t WHERE coalesce(id, 0) = coalesce(id, 0)', true, true],
    ['DELETE FROM t WHERE lower(email) >= lower(email)', true, true],
    ['DELETE FROM t WHERE (id + 0) <= (id + 0)', true, true],
    ['DELETE FROM t WHERE id IS NOT DISTINCT FROM id', true, true],
    ['DELETE FROM t WHERE NOT (id IS DISTINCT FROM id)', true, true],
    ['DELETE FROM t WHERE NOT (lower(a) <> lower(a))', true, true],
    ['DELETE FROM t WHERE id IN (3, id)', true, true],
    ['DELETE FROM t WHERE id BETWEEN id AND id', true, true],
    ['DELETE FROM t AS x WHERE x.id = id', true, true],
    ['DELETE FROM public.t WHERE t.id = id', true, true],
    ['DELETE FROM t WHERE NULL IS NOT DISTINCT FROM NULL', true, true],
    // Volatile calls differ at each call; NULL is not equal to itself; other tables' columns differ.
    ['DELETE FROM t WHERE random() = random()', true, false],
    ['DELETE FROM t WHERE id + random() = id + random()', true, false],
    ['DELETE FROM t WHERE NULL = NULL', true, false],
    ['DELETE FROM t WHERE a = b', true, false],
    ['DELETE FROM t WHERE lower(a) = lower(b)', true, false],
    ['DELETE FROM t WHERE id = id + 1', true, false],
    ['DELETE FROM t WHERE id NOT IN (3, id)', true, false],
    ['DELETE FROM t WHERE u.id = id', true, false],
    ['DELETE FROM t WHERE id IS DISTINCT FROM id', true, false],
  ];
  for (const [sql, hasWhere, tautology] of cases) {
    it(`${sql} ⇒ where=${hasWhere} tautology=${tautology}`, async () => {
      const f = await facts(sql);
      assert.deepEqual([f.hasWhere, f.whereIsTautology], [hasWhere, tautology]);
    });
  }
  it('MySQL WHERE clauses are evaluated too', async () => {
    assert.equal((await facts('DELETE FROM t WHERE 1 = 1 OR a = 2', 'mysql')).whereIsTautology, true);
    assert.equal((await facts('UPDATE t SET a = 1 WHERE id = 3', 'mysql')).whereIsTautology, false);
    assert.equal((await facts('DELETE FROM t', 'mysql')).hasWhere, false);
  });
  it('MySQL: an expression compared with itself, unless volatile', async () => {
    const taut = async (sql: string): Promise<boolean | undefined> =>
      (await facts(sql, 'mysql')).whereIsTautology;
    assert.equal(await taut('DELETE FROM t WHERE coalesce(id, 0) = coalesce(id, 0)'), true);
    assert.equal(await taut('DELETE FROM t WHERE id IN (1, id)'), true);
    assert.equal(await taut('DELETE FROM t WHERE id BETWEEN id AND id'), true);
    assert.equal(await taut('DELETE FROM t WHERE NOT (lower(a) <> lower(a))'), true);
    assert.equal(await taut('DELETE FROM t WHERE rand() = rand()'), false);
    assert.equal(await taut('DELETE FROM t WHERE NULL = NULL'), false);
    assert.equal(await taut('DELETE FROM t WHERE lower(a) = lower(b)'), false);
  });
});

describe('MySQL facts', () => {
  it('names kinds and tables, sinks of INTO OUTFILE / LOAD DATA / LOAD_FILE', async () => {
    const out = await facts("SELECT * INTO OUTFILE '/tmp/x' FROM db.users", 'mysql');
    assert.deepEqual(
      [out.statementKind, out.tablesRead, out.sinks],
      ['SELECT INTO', ['db.users'], [{ kind: 'file', direction: 'out', target: '/tmp/x' }]],
    );
    const load = await facts("LOAD DATA INFILE '/x.csv' INTO TABLE t", 'mysql');
    assert.deepEqual(
      [load.statementKind, load.tablesWritten, load.sinks],
      ['LOAD DATA', ['t'], [{ kind: 'file', direction: 'in', target: '/x.csv' }]],
    );
    const lf = await facts("SELECT LOAD_FILE('/etc/passwd')", 'mysql');
    assert.deepEqual(lf.sinks, [{ kind: 'file', direction: 'in', target: '/etc/passwd' }]);
    const alter = await facts('ALTER TABLE `app`.`t` ADD COLUMN c int', 'mysql');
    assert.deepEqual(
      [alter.statementKind, alter.tablesWritten, alter.objectKinds],
      ['ALTER TABLE', ['app.t'], ['table', 'column']],
    );
  });
});
