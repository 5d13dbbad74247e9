import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { SQL_ANALYZER_FINDINGS } from '../../../server/src/core/sql/analyzer-findings';
import { detectDialect } from '../../../server/src/core/sql/dialect';
import { analyze } from './helpers';

describe('PL/pgSQL bodies', () => {
  const fn = [
    'CREATE OR REPLACE FUNCTION purge() RETURNS trigger LANGUAGE plpgsql AS $$',
    'DECLARE r record;',
    'BEGIN',
    '  IF NEW.deleted THEN',
    '    DELETE FROM comment WHERE post_id = OLD.id;',
    '  END IF;',
    '  FOR r IN SELECT id FROM person LOOP',
    "    EXECUTE format('DROP TABLE %I', r.id);",
    '  END LOOP;',
    '  RETURN NEW;',
    'END $$;',
  ].join('\n');

  it('adds embedded statements (also inside IF/LOOP) with their own spans', async () => {
    const a = await analyze(fn);
    const inner = a.statements.filter((s) => s.origin === 'plpgsql');
    assert.deepEqual(
      inner.map((s) => [s.facts.statementKind, s.facts.tablesWritten, s.facts.tablesRead, s.span.line]),
      [
        ['DELETE', ['comment'], [], 5],
        ['SELECT', [], ['person'], 7],
      ],
    );
    assert.equal(inner[0]?.text, 'DELETE FROM comment WHERE post_id = OLD.id');
    assert.ok(a.contexts.every((c, i) => a.statements[i]?.origin === 'top' || c.inTransaction));
  });

  it('EXECUTE of a built string is a dynamic-sql finding at the EXECUTE', async () => {
    const a = await analyze(fn);
    const dyn = a.findings.filter((f) => f.ruleId === 'dynamic-sql');
    assert.equal(dyn.length, 1);
    assert.deepEqual([dyn[0]?.category, dyn[0]?.severity, dyn[0]?.span.line], ['opaque', 'warning', 8]);
  });

  it('looks inside DO blocks and LANGUAGE sql bodies', async () => {
    const a = await analyze(
      "DO $$ BEGIN TRUNCATE audit; END $$;\nCREATE FUNCTION f() RETURNS void LANGUAGE sql AS 'UPDATE t SET a = 1; DELETE FROM u';",
    );
    const inner = a.statements.filter((s) => s.origin === 'plpgsql').map((s) => s.facts.statementKind);
    assert.deepEqual(inner, ['TRUNCATE', 'UPDATE', 'DELETE']);
  });

  it('a body that does not parse is an unparsed finding, not a crash', async () => {
    const a = await analyze(
      'CREATE FUNCTION f() RETURNS void LANGUAGE plpgsql AS $$ BEGIN DELET FROM x; END $$;',
    );
    assert.equal(a.statements[0]?.parsed, true);
    assert.deepEqual(
      a.findings.map((f) => f.ruleId),
      ['unparsed'],
    );
  });
});

describe('statement contexts', () => {
  it('tracks tables created earlier, transactions and lock_timeout', async () => {
    const sql = [
      'CREATE TABLE app.t (a int);',
      'BEGIN;',
      "SET LOCAL lock_timeout = '2s';",
      'CREATE INDEX ON t (a);',
      'COMMIT;',
      'CREATE INDEX ON t (a);',
      "SET lock_timeout = '5s';",
      'SELECT 1;',
    ].join('\n');
    const a = await analyze(sql, 'postgresql', 'm/001.up.sql');
    const rows = a.contexts.map((c) => [
      [...c.createdEarlier].sort().join(','),
      c.inTransaction,
      c.lockTimeoutSet,
    ]);
    assert.deepEqual(rows, [
      ['', false, false],
      ['app.t,t', false, false],
      ['app.t,t', true, false],
      ['app.t,t', true, true],
      ['app.t,t', true, true],
      ['app.t,t', false, false],
      ['app.t,t', false, false],
      ['app.t,t', false, true],
    ]);
    assert.ok(a.contexts.every((c) => c.file === 'm/001.up.sql'));
  });
});

describe('detectDialect', () => {
  const cases: [string | undefined, string | undefined, string | undefined][] = [
    ['persistence/sql/migrations/sql/20150100000001000000_networks.postgres.up.sql', undefined, 'postgresql'],
    ['x/20150100000001000000_networks.mysql.down.sql', undefined, 'mysql'],
    ['internal/storage/migrations/postgres/V0001.Initial_Schema.up.sql', undefined, 'postgresql'],
    ['internal/storage/migrations/mysql/V0001.Initial_Schema.up.sql', undefined, 'mysql'],
    ['db/sqlite/001.sql', undefined, 'sqlite'],
    [undefined, 'CREATE TABLE `t` (id INT AUTO_INCREMENT) ENGINE=InnoDB', 'mysql'],
    [undefined, 'CREATE INDEX CONCURRENTLY i ON t ((data::text))', 'postgresql'],
    ['migrations/2020_x/up.sql', 'CREATE EXTENSION pgcrypto', 'postgresql'],
    ['migrations/001.up.sql', 'ALTER TABLE t ADD COLUMN a int', undefined],
  ];
  for (const [file, text, expected] of cases) {
    it(`${file ?? ''} ${text ?? ''} ⇒ ${expected}`, () => assert.equal(detectDialect(file, text), expected));
  }
});

describe('analyzer finding metadata', () => {
  it('registers unparsed and dynamic-sql with docs, controls and examples that behave as documented', async () => {
    assert.deepEqual(
      SQL_ANALYZER_FINDINGS.map((m) => m.id),
      ['unparsed', 'dynamic-sql'],
    );
    for (const meta of SQL_ANALYZER_FINDINGS) {
      assert.ok(meta.docs.description && meta.docs.problem && meta.docs.solution && meta.controls.length > 0);
      for (const code of meta.examples.invalid) {
        const a = await analyze(code);
        assert.ok(
          a.findings.some((f) => f.ruleId === meta.id),
          `${meta.id} should report: ${code}`,
        );
      }
      for (const code of meta.examples.valid) {
        const a = await analyze(code);
        assert.ok(!a.findings.some((f) => f.ruleId === meta.id), `${meta.id} should not report: ${code}`);
      }
    }
  });
});
