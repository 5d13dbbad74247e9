import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { SQL_RULES } from '../../../server/src/core/rules/sql';
import { runSqlRules } from '../../../server/src/core/rules/run';
import type { Dialect } from '../../../server/src/core/types';
import { analyze } from './helpers';

/** Rule ids (and analyzer finding ids) reported on `sql`, with `line:column`. */
async function found(sql: string, dialect: Dialect = 'postgresql'): Promise<string[]> {
  const a = await analyze(sql, dialect);
  return [...a.findings, ...runSqlRules(SQL_RULES, a)]
    .filter((f) => f.ruleId !== 'require-lock-timeout')
    .map(
      (f) => `${f.ruleId}${f.ruleId === 'unparsed' ? `/${f.messageId}` : ''}@${f.span.line}:${f.span.column}`,
    );
}

describe('EXPLAIN without ANALYZE is a read (issue 11 §2)', () => {
  it('PostgreSQL: EXPLAIN DELETE runs no rule and reads the table', async () => {
    assert.deepEqual(await found('EXPLAIN DELETE FROM t'), []);
    assert.deepEqual(await found('EXPLAIN (ANALYZE false, COSTS) DELETE FROM t'), []);
    const a = await analyze('EXPLAIN UPDATE t SET x = 1');
    assert.deepEqual(a.statements[0]?.facts.tablesRead, ['t']);
    assert.deepEqual(a.statements[0]?.facts.tablesWritten, []);
  });
  it('PostgreSQL: EXPLAIN ANALYZE executes the statement', async () => {
    assert.deepEqual(await found('EXPLAIN ANALYZE DELETE FROM t'), ['delete-without-where@1:29']);
    assert.deepEqual(await found('EXPLAIN (ANALYZE) DELETE FROM t'), ['delete-without-where@1:31']);
  });
  it('MySQL: EXPLAIN DELETE is a read; EXPLAIN ANALYZE is not waved through', async () => {
    assert.deepEqual(await found('EXPLAIN DELETE FROM t', 'mysql'), []);
    // node-sql-parser rejects it; libpg-query (the fallback) reads it: the DELETE runs.
    assert.deepEqual(await found('EXPLAIN ANALYZE DELETE FROM t', 'mysql'), ['delete-without-where@1:29']);
  });
});

describe('a transaction that ends in ROLLBACK changes no data (issue 11 §2)', () => {
  it('skips data-loss rules inside BEGIN … ROLLBACK', async () => {
    assert.deepEqual(await found('BEGIN; UPDATE t SET x = 1; ROLLBACK;'), []);
    assert.deepEqual(await found('START TRANSACTION; DELETE FROM t; ABORT;'), []);
  });
  it('still reports locks taken inside the rolled-back transaction', async () => {
    const a = await analyze(
      'BEGIN;\nDELETE FROM t;\nALTER TABLE t ADD COLUMN c int NOT NULL DEFAULT random();\nROLLBACK;',
    );
    const ids = runSqlRules(SQL_RULES, a).map((f) => `${f.ruleId}@${f.span.line}`);
    assert.ok(ids.includes('volatile-default@3'), ids.join(' '));
    assert.ok(!ids.includes('delete-without-where@2'), ids.join(' '));
  });
  it('a COMMIT, ROLLBACK TO SAVEPOINT or an unparsed statement earns nothing', async () => {
    assert.deepEqual(await found('BEGIN; DELETE FROM t; COMMIT; ROLLBACK;'), ['delete-without-where@1:20']);
    assert.deepEqual(await found('BEGIN; DELETE FROM t; ROLLBACK TO SAVEPOINT a; COMMIT;'), [
      'delete-without-where@1:20',
    ]);
    assert.deepEqual(await found('BEGIN; DELETE FROM t; \\! psql -c COMMIT\nROLLBACK;'), [
      'unparsed/psqlMeta@1:23',
      'delete-without-where@1:20',
    ]);
  });
  it('MySQL: SET autocommit and CALL may commit, so the ROLLBACK earns nothing', async () => {
    assert.deepEqual(await found('BEGIN; DELETE FROM t; SET autocommit = 1; ROLLBACK;', 'mysql'), [
      'delete-without-where@1:20',
    ]);
    assert.deepEqual(await found('BEGIN; DELETE FROM t; CALL do_commit(); ROLLBACK;', 'mysql'), [
      'delete-without-where@1:20',
    ]);
  });
  it('MySQL: DDL commits implicitly, so the ROLLBACK undoes nothing before it', async () => {
    assert.deepEqual(await found('BEGIN; DELETE FROM t; ROLLBACK;', 'mysql'), []);
    assert.deepEqual(await found('BEGIN; DELETE FROM t; CREATE TABLE x (a int); ROLLBACK;', 'mysql'), [
      'delete-without-where@1:20',
    ]);
  });
});

describe('psql meta-commands', () => {
  it('display commands are reads', async () => {
    for (const m of ['\\d', '\\dt+', '\\d users', '\\l', '\\x', '\\timing', '\\dn+ public']) {
      const a = await analyze(`${m}\nSELECT 1;`);
      assert.deepEqual(a.findings, [], m);
      assert.equal(a.statements[0]?.facts.statementKind, 'PSQL META');
      assert.equal(a.statements[1]?.facts.statementKind, 'SELECT');
    }
  });
  it('commands that run programs, files or results are unparsed, and the SQL around them is judged', async () => {
    assert.deepEqual(await found('\\! rm -rf /'), ['unparsed/psqlMeta@1:1']);
    assert.deepEqual(await found('\\x \\! id'), ['unparsed/psqlMeta@1:1']);
    assert.deepEqual(await found('\\echo `id`'), ['unparsed/psqlMeta@1:1']);
    assert.deepEqual(await found("SELECT 'DROP TABLE t' \\gexec"), ['unparsed/psqlMeta@1:23']);
    assert.deepEqual(await found('\\timing\nDROP TABLE t;'), ['drop-table@2:12']);
  });
  it('a backslash inside a string is not a meta-command', async () => {
    assert.deepEqual(await found("SELECT E'a\\\\b', 'c\\d';"), []);
  });
});

describe('MySQL PREPARE and SHOW', () => {
  it('PREPARE … FROM a literal is judged as the literal, at its position', async () => {
    assert.deepEqual(await found("PREPARE s FROM 'DELETE FROM t'", 'mysql'), ['delete-without-where@1:29']);
    assert.deepEqual(await found("PREPARE s FROM 'DROP TABLE a'", 'mysql'), ['drop-table@1:28']);
  });
  it('PREPARE … FROM a variable is unparsed', async () => {
    assert.deepEqual(await found('PREPARE s FROM @q', 'mysql'), ['unparsed/unparsed@1:1']);
  });
  it('SHOW is a read', async () => {
    assert.deepEqual(await found('SHOW TABLES', 'mysql'), []);
    assert.deepEqual(await found('SHOW work_mem'), []);
  });
});

describe('never hide a statement (issue 11 §2, issue 9 §6)', () => {
  it('MySQL executable comments are judged as the code they are', async () => {
    assert.deepEqual(await found('/*!40101 DROP TABLE t */;', 'mysql'), ['drop-table@1:21']);
    assert.deepEqual(await found('/*M! DROP TABLE t */', 'mariadb'), ['drop-table@1:17']);
    assert.deepEqual(await found('/* DROP TABLE t */ SELECT 1', 'mysql'), []);
  });
  it('a NUL byte does not end the text', async () => {
    assert.deepEqual(await found('SELECT 1;\0\nDROP TABLE t;\n'), ['drop-table@2:12']);
    assert.deepEqual(await found('SELECT 1;\0\nDROP TABLE t;\n', 'mysql'), ['drop-table@2:12']);
  });
  it('deep nesting is unparsed, not a crash; the other statements are still judged', async () => {
    const deep = `SELECT * FROM ${'(SELECT * FROM '.repeat(950)}t${') x'.repeat(950)};\nDROP TABLE u;`;
    assert.deepEqual(await found(deep), ['unparsed/tooDeep@1:1', 'drop-table@2:12']);
    assert.deepEqual(await found(deep, 'mysql'), ['unparsed/tooDeep@1:1', 'drop-table@2:12']);
    const ok = `SELECT * FROM ${'(SELECT * FROM '.repeat(150)}t${') x'.repeat(150)}`;
    assert.deepEqual(await found(ok), []);
  });
});

describe('escaped identifiers are matched by the names they resolve to (issue 11 §2)', () => {
  it('U&"…" function, table and setting names', async () => {
    assert.deepEqual(await found('SELECT U&"pg_read_\\0066ile"(\'/etc/passwd\')'), [
      'server-file-access@1:8',
    ]);
    // The resolved name is not in the text: the finding sits on the statement.
    assert.deepEqual(await found('DROP TABLE U&"us\\0065rs"'), ['drop-table@1:1']);
    assert.deepEqual(await found('ALTER SYSTEM SET U&"fs\\0079nc" = off'), ['server-setting-changed@1:1']);
    assert.deepEqual(
      await found('SELECT U&"pg_termin!0061te_backend" UESCAPE \'!\' (pid) FROM pg_stat_activity'),
      ['terminate-sessions@1:8'],
    );
  });
});

describe('MySQL statements PostgreSQL reads with another meaning are not taken for it', () => {
  it('RESET MASTER / REPLICA / QUERY CACHE stay unparsed (they were PostgreSQL RESET name: allowed)', async () => {
    for (const dialect of ['mysql', 'mariadb'] as const) {
      assert.deepEqual(await found('RESET MASTER', dialect), ['unparsed/unparsed@1:1'], dialect);
      assert.deepEqual(await found('RESET REPLICA ALL', dialect), ['unparsed/unparsed@1:1'], dialect);
      const a = await analyze('RESET MASTER', dialect);
      assert.equal(a.statements[0]?.facts.statementKind, 'RESET MASTER');
    }
    // In PostgreSQL it is a setting back to its default.
    assert.deepEqual(await found('RESET statement_timeout'), []);
  });
});

describe('statements after a GO line are judged (node-sql-parser returns them apart)', () => {
  it('GO then DROP TABLE: the DROP is found in every dialect (it was allowed)', async () => {
    for (const dialect of ['postgresql', 'mysql', 'mariadb'] as const) {
      assert.deepEqual(
        await found('SELECT 1;\nGO\nDROP TABLE users;', dialect),
        ['drop-table@3:12'],
        dialect,
      );
    }
    assert.deepEqual(await found('GO\nDELETE FROM t', 'mysql'), ['delete-without-where@2:13']);
  });
  it('GO between reads stays harmless', async () => {
    assert.deepEqual(await found('SELECT 1;\ngo\nSELECT 2;', 'mysql'), []);
  });
});
