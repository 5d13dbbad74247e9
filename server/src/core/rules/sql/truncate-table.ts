import { list, rangeVarName } from '../../sql/pg-ast';
import { defineSqlRule } from '../rule';
import { myAst, myList, mySpan, myTableName } from './util/mysql';
import { pgStmt, rangeVarSpan } from './util/pg';

/**
 * `TRUNCATE` (PostgreSQL `TruncateStmt`, with `behavior: DROP_CASCADE` for CASCADE; MySQL
 * `{ type: 'truncate' }`), one finding per table on its name; tables created earlier in the same
 * text are skipped.
 */
export default defineSqlRule({
  meta: {
    id: 'truncate-table',
    title: 'Truncating a table',
    category: 'data-loss',
    severity: 'error',
    docs: {
      description: 'Reports `TRUNCATE`, which deletes every row of a table at once.',
      problem:
        '`TRUNCATE` empties the table without scanning it, without firing `ON DELETE` triggers, and (in ' +
        'MySQL) with an implicit commit, so it cannot be rolled back there. With `CASCADE` PostgreSQL also ' +
        'truncates every table that has a foreign key to it, and every table referencing those, which is ' +
        'rarely what the author meant. It also takes an ACCESS EXCLUSIVE lock.',
      solution:
        'Delete the rows you mean with a `DELETE … WHERE` in batches, or, for a real reset, do it by hand ' +
        'on a non-production database. Never use `CASCADE`: truncate the referencing tables explicitly so ' +
        'the statement lists everything it empties.',
    },
    messages: {
      truncate: 'TRUNCATE deletes every row of {{table}}.',
      truncateCascade:
        'TRUNCATE … CASCADE deletes every row of {{table}} and of every table with a foreign key to it.',
    },
    controls: ['SOC2:CC8.1', 'HIPAA:164.312(c)(1)'],
    sources: ['squawk:ban-truncate-cascade'],
    examples: {
      valid: ['DELETE FROM sessions WHERE expires_at < now();', 'CREATE TABLE t (id int);\nTRUNCATE t;'],
      invalid: ['TRUNCATE TABLE sessions;', 'TRUNCATE accounts, ledger CASCADE;'],
    },
  },
  check(stmt, ctx, report) {
    const fresh = (name: string): boolean => ctx.createdEarlier.has(name.toLowerCase());
    const trunc = pgStmt(stmt, 'TruncateStmt');
    if (trunc) {
      const messageId = trunc.behavior === 'DROP_CASCADE' ? 'truncateCascade' : 'truncate';
      for (const rv of list(trunc.relations)) {
        const table = rangeVarName(rv);
        if (table === undefined || fresh(table)) continue;
        report({ messageId, data: { table }, span: rangeVarSpan(stmt, rv) });
      }
      return;
    }
    const ast = myAst(stmt);
    if (ast?.type !== 'truncate') return;
    for (const t of myList(ast.name)) {
      const table = myTableName(t);
      if (!fresh(table)) report({ messageId: 'truncate', data: { table }, span: mySpan(stmt, t, table) });
    }
  },
});
