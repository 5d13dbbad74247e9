import { rangeVarName } from '../../sql/pg-ast';
import { defineSqlRule } from '../rule';
import { dropObjects, pgStmt } from './util/pg';
import { findKeywordsSpan } from './util/text';

/**
 * `CREATE INDEX CONCURRENTLY name …` (PostgreSQL) without `IF NOT EXISTS` and without a `DROP
 * INDEX [CONCURRENTLY] IF EXISTS name` earlier in the text, placed on `CONCURRENTLY`. Peers:
 * strong_migrations (a failed concurrent build leaves an invalid index: "drop it before
 * retrying"), squawk's prefer-robust-stmts documentation (the IF NOT EXISTS advice).
 */
export default defineSqlRule({
  meta: {
    id: 'leftover-invalid-index',
    title: 'A concurrent index build that a failed run leaves behind',
    category: 'compatibility',
    severity: 'warning',
    docs: {
      description:
        'Reports `CREATE INDEX CONCURRENTLY name` that neither says `IF NOT EXISTS` nor drops a leftover ' +
        '`name` first.',
      problem:
        'When a concurrent index build fails (deadlock, lock timeout, a duplicate in a unique index, a ' +
        'cancelled deploy) PostgreSQL leaves an INVALID index behind: it is maintained on every write but ' +
        'never used. Because `CREATE INDEX CONCURRENTLY` cannot run in a transaction, the migration is not ' +
        'rolled back, and its retry fails on the existing name, or a second copy is built.',
      solution:
        'Precede the build with `DROP INDEX CONCURRENTLY IF EXISTS name;` (which also removes an invalid ' +
        'leftover), or check `pg_index.indisvalid` before retrying.',
    },
    messages: {
      leftover:
        'If this concurrent build of {{index}} fails, it leaves an INVALID index and the retry fails on the name.',
    },
    controls: ['SOC2:A1.2', 'SOC2:CC8.1'],
    sources: [
      'https://github.com/ankane/strong_migrations#adding-an-index-non-concurrently',
      'https://www.postgresql.org/docs/current/sql-createindex.html#SQL-CREATEINDEX-CONCURRENTLY',
      'https://squawkhq.com/docs/prefer-robust-stmts (the IF NOT EXISTS half; the rule itself is the opt-in prefer-robust-stmts)',
    ],
    examples: {
      valid: [
        'DROP INDEX CONCURRENTLY IF EXISTS i_a;\nCREATE INDEX CONCURRENTLY i_a ON t (a);',
        'CREATE INDEX CONCURRENTLY IF NOT EXISTS i_a ON t (a);',
      ],
      invalid: ['CREATE INDEX CONCURRENTLY i_a ON t (a);'],
    },
  },
  check(stmt, ctx, report) {
    const idx = pgStmt(stmt, 'IndexStmt');
    if (!idx || idx.concurrent !== true || idx.if_not_exists === true) return;
    const name = typeof idx.idxname === 'string' ? idx.idxname.toLowerCase() : undefined;
    if (!name) return;
    const dropped = (ctx.statements ?? []).slice(0, stmt.index).some((s) => {
      const d = pgStmt(s, 'DropStmt');
      return (
        d?.removeType === 'OBJECT_INDEX' &&
        d.missing_ok === true &&
        dropObjects(d).some((parts) => parts.at(-1)?.toLowerCase() === name)
      );
    });
    if (dropped) return;
    report({
      messageId: 'leftover',
      data: { index: name, table: rangeVarName(idx.relation) ?? '?' },
      span: findKeywordsSpan(stmt, ['concurrently']),
    });
  },
});
