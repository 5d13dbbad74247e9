import { defineSqlRule } from '../rule';
import { isMyType, myAst, myList, myTableName } from './util/mysql';
import { findNameSpan } from './util/text';

/**
 * MySQL/MariaDB `REPLACE INTO t … SELECT …` (node-sql-parser `{ type: 'replace', values: { type:
 * 'select' } }`), placed on the target table. Per the MySQL manual ("REPLACE Statement"), each
 * row that collides on a PRIMARY KEY or UNIQUE index is deleted and then inserted.
 */
export default defineSqlRule({
  meta: {
    id: 'replace-into-select',
    title: 'REPLACE INTO … SELECT',
    category: 'data-loss',
    severity: 'warning',
    docs: {
      description:
        'Reports MySQL `REPLACE INTO … SELECT`, which deletes and re-inserts every colliding row in bulk.',
      problem:
        '`REPLACE` is DELETE + INSERT: for every selected row that collides on a primary or unique key, ' +
        'the existing row is deleted — columns not in the SELECT fall back to their defaults, and ' +
        '`ON DELETE CASCADE` foreign keys delete child rows. Driven by a SELECT, the number of rows affected ' +
        'is unbounded. It is a warning because rows that do not collide are untouched.',
      solution:
        'Use `INSERT … SELECT … ON DUPLICATE KEY UPDATE col = VALUES(col)` (or `AS new … col = new.col` in ' +
        'MySQL 8), which updates the listed columns in place and never deletes.',
    },
    messages: {
      replaceSelect:
        'REPLACE INTO {{table}} … SELECT deletes every existing row that collides on a unique key (cascading to child rows) before re-inserting it.',
    },
    controls: ['SOC2:CC8.1', 'HIPAA:164.312(c)(1)'],
    examples: {
      valid: ["REPLACE INTO settings (k, v) VALUES ('a', 'b');", 'INSERT INTO t SELECT * FROM u;'],
      invalid: ['REPLACE INTO customers SELECT * FROM staging_customers;'],
    },
  },
  dialects: ['mysql', 'mariadb'],
  check(stmt, _ctx, report) {
    const ast = myAst(stmt);
    if (ast?.type !== 'replace' || !isMyType(ast.values, 'select')) return;
    const target = myList(ast.table)[0];
    const table = target ? myTableName(target) : '?';
    report({ messageId: 'replaceSelect', data: { table }, span: findNameSpan(stmt, table.split('.')) });
  },
});
