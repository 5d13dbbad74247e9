/**
 * The derived data analysis shares between rules for speed must equal what each rule would
 * compute on its own: the per-statement node index, the allocation-free line counting, the
 * once-built rule catalog, and SQL-only parser loading.
 */
import assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { describe, it } from 'node:test';
import { allRuleMetas, knownRuleIds, knownRuleIdSet } from '../../../server/src/core/catalog';
import { loadParsers } from '../../../server/src/core/parsers';
import { pgNodes } from '../../../server/src/core/rules/sql/util/pg';
import { newlinesBefore } from '../../../server/src/core/rules/sql/util/text';
import { walk, type PgFields } from '../../../server/src/core/sql/pg-ast';
import { CORPUS, NEEDS_CORPUS } from '../../helpers/parsers';
import { analyze } from './helpers';

/** Node types and fields in `walk` order, the reference the index must reproduce. */
function walked(ast: unknown): Map<string, PgFields[]> {
  const out = new Map<string, PgFields[]>();
  walk(ast, (type, fields) => {
    out.set(type, [...(out.get(type) ?? []), fields]);
  });
  return out;
}

void describe('per-statement node index', () => {
  void it(
    'lists the nodes of each type in walk order, for every statement of real migrations',
    { skip: NEEDS_CORPUS },
    async () => {
      const dir = path.join(CORPUS, 'migrations/LemmyNet__lemmy/migrations');
      const files = fs
        .readdirSync(dir)
        .sort()
        .slice(0, 40)
        .map((d) => path.join(dir, d, 'up.sql'))
        .filter((f) => fs.existsSync(f));
      assert.ok(files.length > 10, 'corpus files found');
      let checked = 0;
      for (const file of files) {
        const a = await analyze(fs.readFileSync(file, 'utf8'), 'postgresql', file);
        for (const stmt of a.statements.filter((s) => s.parsed)) {
          assert.ok(stmt.nodesOfType, 'PostgreSQL statements carry the index');
          for (const [type, nodes] of walked(stmt.ast)) {
            assert.equal(pgNodes(stmt, type).length, nodes.length, `${file}: ${type}`);
            pgNodes(stmt, type).forEach((n, i) => assert.equal(n, nodes[i]));
            checked++;
          }
          assert.deepEqual(pgNodes(stmt, 'NoSuchNode'), []);
        }
      }
      assert.ok(checked > 100);
    },
  );

  void it('falls back to a walk for a statement built without the index', async () => {
    const [stmt] = (await analyze("SELECT pg_read_file('/etc/passwd'), now();")).statements;
    assert.ok(stmt);
    const bare = { ...stmt, nodesOfType: undefined };
    assert.deepEqual(
      pgNodes(bare, 'FuncCall').map((f) => JSON.stringify(f.funcname)),
      pgNodes(stmt, 'FuncCall').map((f) => JSON.stringify(f.funcname)),
    );
    assert.equal(pgNodes(bare, 'FuncCall').length, 2);
  });

  void it('is absent for MySQL statements', async () => {
    const [stmt] = (await analyze('DELETE FROM t', 'mysql')).statements;
    assert.equal(stmt?.nodesOfType, undefined);
  });
});

void describe('newlinesBefore', () => {
  void it('counts as text.slice(0, end) would, for any end', () => {
    const slice = (t: string, e: number): { lines: number; nl: number } => {
      const before = t.slice(0, e);
      return { lines: before.split('\n').length - 1, nl: before.lastIndexOf('\n') };
    };
    for (const t of ['', 'a', '\n', 'ab\ncd\n\nef', '\n\nx\n'])
      for (const e of [-20, -3, -1, 0, 1, 2, 2.5, 3, 4, 7, 100, NaN, Infinity, -Infinity])
        assert.deepEqual(newlinesBefore(t, e), slice(t, e), `${JSON.stringify(t)} ${e}`);
  });
});

void describe('rule catalog built once', () => {
  void it('is sorted as localeCompare sorts, with kebab-case ids (the ordinal order relies on it)', () => {
    const ids = allRuleMetas().map((m) => m.id);
    assert.deepEqual(
      ids,
      [...ids].sort((a, b) => a.localeCompare(b)),
    );
    for (const id of ids) assert.match(id, /^[a-z0-9]+(-[a-z0-9]+)*$/);
    assert.ok(ids.includes('unparsed') && ids.includes('unknown-suppression'));
  });

  void it('hands out fresh copies, and one shared read-only set', () => {
    const a = allRuleMetas();
    a.pop();
    assert.equal(allRuleMetas().length, a.length + 1);
    const known = knownRuleIds();
    known.delete('drop-table');
    assert.ok(knownRuleIds().has('drop-table'));
    assert.deepEqual(
      [...knownRuleIdSet()].sort(),
      allRuleMetas().map((m) => m.id),
    );
    assert.equal(knownRuleIdSet(), knownRuleIdSet());
  });
});

void describe('loadParsers({ shell: false })', () => {
  void it('loads libpg-query and refuses the bash parser with a clear error', async () => {
    const p = await loadParsers({ shell: false });
    assert.ok(p.pg.parseSync('SELECT 1').stmts);
    assert.throws(() => p.bash, /bash parser was not loaded/);
  });
});
