import { defineSqlRule } from '../rule';
import { myAst, myText } from './util/mysql';
import { pgStmt } from './util/pg';
import { findNameSpan } from './util/text';

/**
 * `DROP DATABASE` (PostgreSQL `DropdbStmt`; MySQL `{ type: 'drop', keyword: 'database' | 'schema' }`
 * — in MySQL `DROP SCHEMA` is a synonym of `DROP DATABASE`, per the MySQL manual "DROP DATABASE
 * Statement"), placed on the database name.
 */
export default defineSqlRule({
  meta: {
    id: 'drop-database',
    title: 'Dropping a database',
    category: 'data-loss',
    severity: 'error',
    docs: {
      description: 'Reports `DROP DATABASE` (and MySQL `DROP SCHEMA`), which deletes a whole database.',
      problem:
        'Every table, row, function and grant of the database is gone at once, and every connection to ' +
        'it fails. `WITH (FORCE)` even terminates the sessions using it. Only a backup restores it.',
      solution:
        'Never drop databases from migrations or agent sessions. Decommission a database by revoking ' +
        '`CONNECT`, taking a final dump (`pg_dump -Fc`, `mysqldump`), and dropping it by hand after ' +
        'a retention period, through your infrastructure tooling (Terraform, the cloud console) with review.',
    },
    messages: {
      dropDatabase: 'Dropping database {{database}} deletes every table and row in it.',
    },
    controls: ['SOC2:CC8.1', 'HIPAA:164.312(c)(1)'],
    sources: ['squawk:ban-drop-database'],
    examples: {
      valid: [
        'CREATE DATABASE reporting;',
        'DROP TABLE IF EXISTS tmp_import; CREATE TABLE tmp_import (id int);',
      ],
      invalid: ['DROP DATABASE production;', 'DROP DATABASE IF EXISTS analytics WITH (FORCE);'],
    },
  },
  check(stmt, _ctx, report) {
    const drop = pgStmt(stmt, 'DropdbStmt');
    if (drop && typeof drop.dbname === 'string') {
      report({
        messageId: 'dropDatabase',
        data: { database: drop.dbname },
        span: findNameSpan(stmt, [drop.dbname]),
      });
      return;
    }
    const ast = myAst(stmt);
    if (ast?.type !== 'drop' || !['database', 'schema'].includes(myText(ast.keyword))) return;
    const database = typeof ast.name === 'string' ? ast.name : myText(ast.name);
    report({ messageId: 'dropDatabase', data: { database }, span: findNameSpan(stmt, [database]) });
  },
});
