import assert from 'node:assert/strict';
import { before, describe, it } from 'node:test';
import { judge } from '../../../server/src/core/judge';
import type { Parsers } from '../../../server/src/core/parsers';
import type { PolicySet } from '../../../server/src/core/policy/model';
import { foldPgExpression, MAX_FOLDED_LENGTH } from '../../../server/src/core/sql/pg-fold';
import { builtinPolicies, parsers } from '../../helpers/parsers';
import { analyze } from './helpers';

/**
 * SQL text made only of literals is known before it runs: `EXECUTE 'DR' || 'OP TABLE users'`,
 * `dblink_exec(c, 'DROP TABLE users')` are judged as `DROP TABLE users` (they were `dynamic-sql`
 * asks, or allowed). Text built from anything else stays `dynamic-sql`; text too large to fold is
 * `unparsed`.
 */
describe('constant dynamic SQL', () => {
  let p: Parsers;
  let set: PolicySet;
  before(async () => {
    p = await parsers();
    set = builtinPolicies();
  });
  /** Decision and rule ids for `sql` run by agent claude-code in production. */
  const decide = (sql: string): { effect: string; rules: string[] } => {
    const j = judge(
      p,
      set,
      { kind: 'sql', text: sql },
      { actor: { type: 'agent', name: 'claude-code' }, explicitEnvironment: 'production' },
    );
    return {
      effect: j.decision.effect,
      rules: [...new Set(j.analysis.findings.map((f) => f.ruleId))].sort(),
    };
  };

  describe('folds the expression an EXECUTE runs', () => {
    const cases: [string, string][] = [
      ["'DROP TABLE users'", 'DROP TABLE users'],
      ["'DR' || 'OP TABLE ' || 'users'", 'DROP TABLE users'],
      ["format('DROP TABLE %I.%I', 'public', 'users')", 'DROP TABLE "public"."users"'],
      ["format('DELETE FROM %2$s WHERE x = %1$L', 'it''s', 't')", "DELETE FROM t WHERE x = 'it''s'"],
      ["concat('TRUNCATE ', NULL, 'users')", 'TRUNCATE users'],
      ["concat_ws(' ', 'DROP', 'TABLE', 'users')", 'DROP TABLE users'],
      ["'DROP TABLE ' || quote_ident('Users')", 'DROP TABLE "Users"'],
      ["upper(reverse('sresu elbat pord'))", 'DROP TABLE USERS'],
      ["replace('DROP XXX users', 'XXX', 'TABLE')", 'DROP TABLE users'],
      ["'DROP TABLE users'::text", 'DROP TABLE users'],
      ["'DROP ' || chr(84) || 'ABLE users'", 'DROP TABLE users'],
    ];
    for (const [expr, text] of cases) {
      it(`${expr} ⇒ ${text}`, () => assert.deepEqual(foldPgExpression(p, expr), { kind: 'constant', text }));
    }
    const dynamic = [
      "'DROP TABLE ' || t",
      "format('DROP TABLE %I', tbl)",
      "'DROP TABLE ' || NULL",
      "'DROP TABLE users'::varchar(4)",
      "format('%10s', 'x')",
      "my_schema.format('DROP TABLE %I', 'users')",
      "(SELECT 'DROP TABLE users')",
      "'a' FROM t",
    ];
    for (const expr of dynamic) {
      it(`${expr} stays dynamic`, () => assert.deepEqual(foldPgExpression(p, expr), { kind: 'dynamic' }));
    }
    it('too large or too deep is tooLarge, not folded', () => {
      assert.equal(foldPgExpression(p, "repeat('x', 10000000)").kind, 'tooLarge');
      assert.equal(foldPgExpression(p, `${'lower('.repeat(40)}'x'${')'.repeat(40)}`).kind, 'tooLarge');
      assert.equal(foldPgExpression(p, `'${'x'.repeat(MAX_FOLDED_LENGTH + 1)}'`).kind, 'tooLarge');
    });
  });

  describe('decisions (agent, production)', () => {
    const denied: [string, string][] = [
      ["DO $$ BEGIN EXECUTE 'DROP TABLE users'; END $$", 'drop-table'],
      ["DO $$ BEGIN EXECUTE 'DR' || 'OP TABLE users'; END $$", 'drop-table'],
      ["DO $$ BEGIN EXECUTE format('DROP TABLE %I', 'users'); END $$", 'drop-table'],
      ["DO $$ BEGIN EXECUTE concat('TRUNCATE ', 'users'); END $$", 'truncate-table'],
      ["DO $$ BEGIN EXECUTE 'DELETE FROM users WHERE ' || '1 = 1'; END $$", 'delete-without-where'],
      [
        "CREATE FUNCTION wipe() RETURNS void LANGUAGE plpgsql AS $$ BEGIN EXECUTE 'DROP TABLE ' || 'users'; END $$",
        'drop-table',
      ],
      [
        "DO $$ DECLARE r record; BEGIN FOR r IN EXECUTE 'DELETE FROM users RETURNING id' LOOP END LOOP; END $$",
        'delete-without-where',
      ],
      // SQL inside the folded SQL is followed too.
      ["DO $$ BEGIN EXECUTE 'DO $x$ BEGIN EXECUTE ''DROP TABLE users''; END $x$'; END $$", 'drop-table'],
      // Functions that run their text argument as SQL.
      ["SELECT dblink_exec('conn', 'DROP TABLE users')", 'drop-table'],
      ["SELECT dblink_exec('conn', 'DELETE FROM users', false)", 'delete-without-where'],
      ["DO $$ BEGIN PERFORM dblink_exec('conn', 'DROP ' || 'TABLE users'); END $$", 'drop-table'],
      ["SELECT cron.schedule('nightly', '0 3 * * *', 'TRUNCATE users')", 'truncate-table'],
      ["SELECT pg_background_launch('DROP TABLE users')", 'drop-table'],
    ];
    for (const [sql, rule] of denied) {
      it(`${sql} ⇒ deny (${rule})`, () => {
        const d = decide(sql);
        assert.equal(d.effect, 'deny', d.rules.join());
        assert.ok(d.rules.includes(rule), d.rules.join());
        assert.ok(!d.rules.includes('dynamic-sql'), d.rules.join());
      });
    }
    it('constant harmless text is allowed (it was asked as dynamic-sql)', () => {
      assert.deepEqual(decide("DO $$ BEGIN EXECUTE 'ANALYZE ' || 'users'; END $$"), {
        effect: 'allow',
        rules: [],
      });
      assert.deepEqual(decide("DO $$ BEGIN EXECUTE 'DELETE FROM users WHERE id = $1' USING 5; END $$"), {
        effect: 'allow',
        rules: [],
      });
    });
    it('text with a non-constant part stays dynamic-sql (ask)', () => {
      for (const sql of [
        "DO $$ DECLARE t text := 'users'; BEGIN EXECUTE 'DROP TABLE ' || t; END $$",
        "DO $$ BEGIN EXECUTE 'DROP TABLE users'::varchar(4); END $$",
        "SELECT cron.schedule('0 3 * * *', cmd) FROM jobs",
      ]) {
        const d = decide(sql);
        assert.deepEqual(
          [d.effect, d.rules.includes('dynamic-sql')],
          ['ask', true],
          `${sql}: ${d.rules.join()}`,
        );
      }
    });
    it('text too large to fold, or that does not parse, is unparsed (ask)', () => {
      for (const sql of [
        "DO $$ BEGIN EXECUTE repeat('x', 1000000); END $$",
        "DO $$ BEGIN EXECUTE 'SELEC 1'; END $$",
      ]) {
        const d = decide(sql);
        assert.deepEqual([d.effect, d.rules], ['ask', ['unparsed']], sql);
      }
    });
  });

  it('a folded statement carries its own text and is placed on the EXECUTE', async () => {
    const a = await analyze("DO $$\nBEGIN\n  EXECUTE 'DR' || 'OP TABLE users';\nEND $$;");
    const inner = a.statements.filter((s) => s.origin === 'plpgsql');
    assert.deepEqual(
      inner.map((s) => [s.text, s.facts.statementKind, s.span.line, s.span.column]),
      [['DROP TABLE users', 'DROP TABLE', 3, 11]],
    );
  });
});
