/**
 * Statement shapes of the gateway's decision cache: which verdicts may be reused for texts that
 * differ only in constants, parsed with the real PostgreSQL parser.
 */
import assert from 'node:assert/strict';
import { before, describe, it } from 'node:test';
import { loadRuntime, type Runtime } from '../../../server/src/cli/runtime';
import { judge } from '../../../server/src/core/judge';
import { settingsChanged } from '../../../server/src/gateway/guc';
import { literalInsensitive, shapeKey } from '../../../server/src/gateway/shape';

describe('gateway statement shapes', () => {
  let rt: Runtime;
  before(async () => {
    rt = await loadRuntime({ cwd: __dirname });
  });
  const insensitive = (sql: string): boolean => {
    const j = judge(
      rt.parsers,
      rt.policies,
      { kind: 'sql', text: sql, dialect: 'postgresql', source: 'proxy' },
      { actor: { type: 'agent', name: 'claude-code' } },
      { metas: rt.metas },
    );
    const statements = j.analysis.sql.flatMap((a) => a.statements);
    return statements.length === 1 && literalInsensitive(statements[0]?.ast);
  };

  it('reuses a verdict for constants compared with columns, and LIMIT', () => {
    for (const sql of [
      'SELECT abalance FROM pgbench_accounts WHERE aid = 4123;',
      "SELECT id, email FROM users u WHERE u.id IN (1, 2, 3) AND name LIKE 'a%' ORDER BY id LIMIT 10",
      "SELECT * FROM orders WHERE created_at BETWEEN '2024-01-01'::date AND '2024-02-01'::date",
      'SELECT a.id FROM a JOIN b ON a.id = b.a_id WHERE b.x > 5 AND a.y IS NOT NULL',
    ])
      assert.equal(insensitive(sql), true, sql);
  });

  it('keeps exact-text caching where a constant may change the verdict', () => {
    for (const sql of [
      'SELECT id FROM users WHERE 1 = 1',
      "SELECT pg_read_file('/etc/passwd')",
      "SELECT set_config('statement_timeout', '0', false)",
      "SELECT 'x' AS v",
      'SELECT id INTO copy_of_users FROM users WHERE id = 1',
      'SELECT id FROM users WHERE id = 1 FOR UPDATE',
      'WITH d AS (DELETE FROM users WHERE id = 1 RETURNING id) SELECT id FROM d',
      'UPDATE users SET email = email WHERE id = 1',
      "DO 'BEGIN NULL; END'",
      'SELECT id FROM users WHERE id = (SELECT max(id) FROM users)',
    ])
      assert.equal(insensitive(sql), false, sql);
  });

  it('keys only plain text by shape (no comments, dollar quotes, parameters, backslashes, inner ;)', () => {
    assert.equal(shapeKey('SELECT a FROM t WHERE b = 1;'), 'SELECT a FROM t WHERE b = ?;');
    for (const sql of [
      'SELECT a FROM t WHERE b = 1 -- x',
      'SELECT a FROM t /* x */ WHERE b = 1',
      'SELECT a FROM t WHERE b = $$x$$',
      'SELECT a FROM t WHERE b = $1',
      "SELECT a FROM t WHERE b = E'\\\\'",
      "SELECT a FROM t WHERE b = 'it''s\\'",
      'SELECT a FROM t WHERE b = 1; SELECT 2',
      'SELECT a FROM t WHERE b ? 1',
      "SELECT a FROM t WHERE b = 'unclosed",
      'SELECT "unclosed FROM t',
      'SELECT a FROM t WHERE b = 0x1F',
      'SELECT a FROM t WHERE b = 1_000',
      'SELECT a FROM t WHERE b = 12abc',
      'SELECT a FROM t WHERE b = 1e',
      'SELECT t.5 FROM t',
      'SELECT a FROM t WHERE b = \u00e9',
    ])
      assert.equal(shapeKey(sql), undefined, sql);
  });

  it('replaces only constants: identifiers, quoted names, operators and spacing stay', () => {
    const cases: [string, string][] = [
      [
        'SELECT abalance FROM pgbench_accounts WHERE aid = 48213;',
        'SELECT abalance FROM pgbench_accounts WHERE aid = ?;',
      ],
      [
        "SELECT t1.c2 FROM t1 WHERE n IN (1, 2.5, .5, 6e-3) AND s = 'it''s; -- $1 ?'",
        'SELECT t1.c2 FROM t1 WHERE n IN (?, ?, ?, ?) AND s = ?',
      ],
      ['SELECT "col 1" FROM "T""x" WHERE a = -7', 'SELECT "col 1" FROM "T""x" WHERE a = -?'],
      [
        "SELECT a FROM t WHERE d > date '2024-01-01' AND e = E'x'",
        'SELECT a FROM t WHERE d > date ? AND e = E?',
      ],
      ['SELECT a FROM t', 'SELECT a FROM t'],
      ["SELECT a FROM t WHERE b = 'é'", 'SELECT a FROM t WHERE b = ?'],
    ];
    for (const [sql, key] of cases) assert.equal(shapeKey(sql), key, sql);
    // Texts that differ only in constants share a key; any other difference does not.
    assert.equal(shapeKey('SELECT a FROM t WHERE b = 1'), shapeKey("SELECT a FROM t WHERE b = 'x'"));
    assert.notEqual(shapeKey('SELECT a FROM t WHERE b = 1'), shapeKey('SELECT a FROM t WHERE c = 1'));
    assert.notEqual(shapeKey('SELECT a FROM t WHERE b = 1'), shapeKey('SELECT a FROM t WHERE b = -1'));
  });
});

describe('settings a statement changes', () => {
  let rt: Runtime;
  before(async () => {
    rt = await loadRuntime({ cwd: __dirname });
  });
  const changed = (sql: string): string[] => {
    const j = judge(
      rt.parsers,
      rt.policies,
      { kind: 'sql', text: sql, dialect: 'postgresql', source: 'proxy' },
      { actor: { type: 'agent', name: 'claude-code' } },
      { metas: rt.metas },
    );
    return [...new Set(j.analysis.sql.flatMap((a) => a.statements).flatMap((s) => settingsChanged(s.ast)))];
  };

  it('finds SET, RESET, DISCARD ALL, set_config and read-write transactions', () => {
    assert.deepEqual(changed('SET statement_timeout = 0'), ['statement_timeout']);
    assert.deepEqual(changed('set LOCAL Lock_Timeout TO DEFAULT'), ['lock_timeout']);
    assert.deepEqual(changed('RESET idle_in_transaction_session_timeout'), [
      'idle_in_transaction_session_timeout',
    ]);
    assert.deepEqual(changed('RESET ALL'), ['*']);
    assert.deepEqual(changed('DISCARD ALL'), ['*']);
    assert.deepEqual(changed("SELECT 1; SELECT set_config('lock_timeout', '0', false)"), ['lock_timeout']);
    assert.deepEqual(changed("SELECT set_config(current_user || 'x', '0', false)"), ['*']);
    assert.deepEqual(changed('SET SESSION CHARACTERISTICS AS TRANSACTION READ WRITE'), [
      'default_transaction_read_only',
    ]);
    assert.deepEqual(changed('BEGIN READ WRITE'), ['default_transaction_read_only']);
    assert.deepEqual(changed('START TRANSACTION ISOLATION LEVEL SERIALIZABLE, READ WRITE'), [
      'default_transaction_read_only',
    ]);
  });

  it('leaves statements that change no setting alone', () => {
    assert.deepEqual(changed('BEGIN READ ONLY'), []);
    assert.deepEqual(changed('SELECT current_setting($$lock_timeout$$)'), []);
    assert.deepEqual(changed('UPDATE t SET statement_timeout = 0'), []);
  });
});
