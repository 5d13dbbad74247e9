import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { offsetMap } from '../../../server/src/core/sql/offsets';
import { splitStatements } from '../../../server/src/core/sql/split';
import { analyze } from './helpers';

describe('offsetMap', () => {
  it('maps UTF-8 byte offsets to UTF-16 offsets and back (2-, 3- and 4-byte characters)', () => {
    const text = 'aé€😀b';
    const m = offsetMap(text);
    assert.equal(m.byteLength, Buffer.byteLength(text));
    for (let c = 0; c <= text.length; c++) {
      if (c > 0 && text.charCodeAt(c - 1) >= 0xd800 && text.charCodeAt(c - 1) <= 0xdbff) continue;
      const b = Buffer.byteLength(text.slice(0, c));
      assert.equal(m.toByte(c), b, `toByte(${c})`);
      assert.equal(m.toChar(b), c, `toChar(${b})`);
    }
  });
});

describe('PostgreSQL statement spans', () => {
  it('excludes leading whitespace and comments and maps multi-byte text exactly', async () => {
    const sql =
      'SELECT \'héllo 😀\';\n  -- note; still a comment\n/* c; */ DELETE FROM "tâble" WHERE id = 1;';
    const a = await analyze(sql);
    assert.deepEqual(
      a.statements.map((s) => s.text),
      ["SELECT 'héllo 😀'", 'DELETE FROM "tâble" WHERE id = 1'],
    );
    const del = a.statements[1];
    assert.ok(del);
    assert.equal(del.span.start, sql.indexOf('DELETE'));
    assert.equal(del.span.line, 3);
    assert.equal(del.span.column, 10);
    // spanAt maps the relation's byte location to the quoted name.
    const rel = (del.ast as { DeleteStmt: { relation: { location: number } } }).DeleteStmt.relation;
    const span = del.spanAt(rel.location, '"tâble"'.length);
    assert.equal(sql.slice(span.start, span.end), '"tâble"');
  });

  it('recovers after a bad statement: the others parse, spanAt still maps per statement', async () => {
    const sql = "SELECT 'ü';\nDROP TABL oops;\nUPDATE ünïcode SET a = 1 WHERE b = 2;";
    const a = await analyze(sql);
    assert.deepEqual(
      a.statements.map((s) => [s.parsed, s.facts.statementKind]),
      [
        [true, 'SELECT'],
        [false, 'DROP'],
        [true, 'UPDATE'],
      ],
    );
    const upd = a.statements[2];
    assert.ok(upd);
    const rel = (upd.ast as { UpdateStmt: { relation: { location: number } } }).UpdateStmt.relation;
    const span = upd.spanAt(rel.location, 'ünïcode'.length);
    assert.equal(sql.slice(span.start, span.end), 'ünïcode');
    assert.equal(a.findings.length, 1);
    const f = a.findings[0];
    assert.equal(f?.ruleId, 'unparsed');
    assert.equal(f?.category, 'unparsed');
    assert.equal(f?.severity, 'warning');
    assert.match(f?.message ?? '', /syntax error at or near "TABL"/);
    assert.equal(sql.slice(f?.span.start, f?.span.end), 'DROP TABL oops');
  });

  it('splits large texts with the linear lexer and keeps spans exact', async () => {
    const line = "UPDATE t SET a = 'é' WHERE id = 1;\n";
    const sql = line.repeat(2000) + 'SELEC 1;\n' + line;
    assert.ok(sql.length > 64 * 1024);
    const a = await analyze(sql);
    assert.equal(a.statements.length, 2002);
    const bad = a.statements[2000];
    assert.deepEqual([bad?.parsed, bad?.span.line, bad?.text], [false, 2001, 'SELEC 1']);
    const last = a.statements[2001];
    assert.equal(last?.span.start, sql.lastIndexOf('UPDATE'));
  });

  it('keeps BEGIN ATOMIC bodies whole when splitting', async () => {
    const sql =
      'CREATE FUNCTION f() RETURNS void LANGUAGE sql BEGIN ATOMIC UPDATE t SET a = 1; DELETE FROM u; END; SELEC 1;';
    const a = await analyze(sql);
    const top = a.statements.filter((s) => s.origin === 'top');
    assert.deepEqual(
      top.map((s) => s.facts.statementKind),
      ['CREATE FUNCTION', 'UNKNOWN'],
    );
    assert.ok(top[0]?.text.endsWith('END'));
    const inner = a.statements.filter((s) => s.origin === 'plpgsql').map((s) => s.facts.statementKind);
    assert.deepEqual(inner, ['UPDATE', 'DELETE']);
  });

  it('an unterminated quote does not crash: the rest is one unparsed statement', async () => {
    const a = await analyze("SELECT 1; DELETE FROM t WHERE a = 'oops");
    assert.deepEqual(
      a.statements.map((s) => s.parsed),
      [true, false],
    );
    assert.equal(a.statements[1]?.facts.statementKind, 'DELETE');
    assert.deepEqual(a.statements[1]?.facts.tablesWritten, ['t']);
  });
});

describe('MySQL splitter', () => {
  it('honours quotes, escapes, comments, DELIMITER and BEGIN … END bodies', () => {
    const sql = [
      'INSERT INTO t VALUES (\'a;b\', "c\\";d", `e;f`); -- x;y',
      '# hash; comment',
      'CREATE TRIGGER tr BEFORE INSERT ON t FOR EACH ROW BEGIN IF NEW.a THEN SET NEW.b = 1; END IF; END;',
      'DELIMITER $$',
      'CREATE PROCEDURE p() BEGIN SELECT 1; SELECT 2; END$$',
      'DELIMITER ;',
      '/* c; */ DROP TABLE x',
    ].join('\n');
    const texts = splitStatements(sql, 'mysql').map((p) => sql.slice(p.start, p.end));
    assert.deepEqual(texts, [
      'INSERT INTO t VALUES (\'a;b\', "c\\";d", `e;f`)',
      'CREATE TRIGGER tr BEFORE INSERT ON t FOR EACH ROW BEGIN IF NEW.a THEN SET NEW.b = 1; END IF; END',
      'CREATE PROCEDURE p() BEGIN SELECT 1; SELECT 2; END',
      'DROP TABLE x',
    ]);
  });

  it('parses each statement with exact spans and reports unparsed ones', async () => {
    const sql =
      "DROP TABLE `ü`;\nINSTALL PLUGIN audit_log SONAME 'audit_log.so';\nDELETE FROM t WHERE id IS NOT NULL;";
    const a = await analyze(sql, 'mysql');
    assert.deepEqual(
      a.statements.map((s) => [s.parsed, s.facts.statementKind, s.span.line]),
      [
        [true, 'DROP TABLE', 1],
        [false, 'UNKNOWN', 2],
        [true, 'DELETE', 3],
      ],
    );
    assert.deepEqual(
      a.findings.map((f) => [f.ruleId, f.span.line]),
      [['unparsed', 2]],
    );
    assert.equal(a.statements[2]?.facts.whereIsTautology, true);
  });
});
