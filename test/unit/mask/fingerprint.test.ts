import assert from 'node:assert/strict';
import { randomBytes } from 'node:crypto';
import { describe, it } from 'node:test';
import { fingerprintSql, replaceLiterals } from '../../../server/src/core/mask/fingerprint';
import { parsers } from '../../helpers/parsers';

describe('fingerprintSql', () => {
  it('PostgreSQL: constants become $n as pg_stat_statements does, comments go', async () => {
    const p = await parsers();
    assert.equal(
      fingerprintSql(p, "SELECT * FROM users WHERE email = 'a@b.c' AND age > 30 -- note 'x'", 'postgresql'),
      'SELECT * FROM users WHERE email = $1 AND age > $2',
    );
    assert.equal(
      fingerprintSql(p, "ALTER ROLE app WITH PASSWORD 'hunter2'", 'postgresql'),
      'ALTER ROLE app WITH PASSWORD $1',
    );
    assert.equal(fingerprintSql(p, "COPY t FROM '/etc/passwd'", 'postgresql'), 'COPY t FROM ?');
  });

  it('PostgreSQL text the parser rejects falls back to the tokenizer', async () => {
    const p = await parsers();
    assert.equal(
      fingerprintSql(p, "SELEC * FROM t WHERE a = 'secret' AND b = 42", 'postgresql'),
      'SELEC * FROM t WHERE a = ? AND b = ?',
    );
    assert.equal(
      fingerprintSql(undefined, "select E'it\\'s', $$body$$, 1.5e3", 'postgresql'),
      'select ?, ?, ?',
    );
  });

  it('MySQL: double-quoted and backslash-escaped strings, # comments, hex', () => {
    assert.equal(
      replaceLiterals(`INSERT INTO t (a, \`b\`) VALUES ("x\\"y", 'it\\'s', 0xFF, -3) # c 'z'`, 'mysql'),
      'INSERT INTO t (a, `b`) VALUES (?, ?, ?, -?)',
    );
  });

  it('keeps identifiers: "quoted", [bracketed], names with digits', () => {
    assert.equal(
      replaceLiterals(`SELECT "col1", t2.c3 FROM "T" WHERE x = 'v'`, 'postgresql'),
      'SELECT "col1", t2.c3 FROM "T" WHERE x = ?',
    );
    assert.equal(
      replaceLiterals(`SELECT [my col] FROM t WHERE id = 7`, 'transactsql'),
      'SELECT [my col] FROM t WHERE id = ?',
    );
  });

  it('never throws on random bytes', async () => {
    const p = await parsers();
    for (let i = 0; i < 300; i++) {
      const junk = randomBytes(60).toString('latin1');
      for (const d of ['postgresql', 'mysql', 'transactsql'] as const)
        assert.equal(typeof fingerprintSql(p, junk, d), 'string');
    }
  });

  it('leaves no quoted value in random text without quote characters of its own', async () => {
    const p = await parsers();
    for (let i = 0; i < 300; i++) {
      const junk =
        randomBytes(60)
          .toString('latin1')
          .replace(/['"`$\\[\]]/g, ' ') + ` = 'v${i}secret'`;
      for (const d of ['postgresql', 'mysql', 'sqlite'] as const) {
        const out = fingerprintSql(p, junk, d);
        assert.equal(typeof out, 'string');
        assert.ok(!out.includes(`v${i}secret`), `${d}: ${out}`);
      }
    }
  });
});
