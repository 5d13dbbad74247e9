import { isRecord } from '../../sql/pg-ast';
import { defineSqlRule } from '../rule';
import { myAst, myConstValue, myText, walkMy } from './util/mysql';
import { findKeywordsSpan, findStringSpan } from './util/text';

/**
 * MySQL/MariaDB `SELECT … INTO OUTFILE | DUMPFILE 'path'` (node-sql-parser `into: { keyword:
 * 'OUTFILE' | 'DUMPFILE', expr }`), anywhere in the statement (unions, subqueries); placed on
 * the path literal. Per the MySQL manual ("SELECT … INTO Statement"), the file is written on
 * the server host by the server, subject to `secure_file_priv`.
 */
export default defineSqlRule({
  meta: {
    id: 'select-into-outfile',
    title: 'SELECT … INTO OUTFILE / DUMPFILE',
    category: 'exfiltration',
    severity: 'error',
    docs: {
      description:
        'Reports MySQL `SELECT … INTO OUTFILE` and `INTO DUMPFILE`, which write query results to a server file.',
      problem:
        'The server writes the rows to its own filesystem, as the `mysqld` user: a copy of the data outside ' +
        "the database's access control, readable by whoever can reach the host or a web root. `DUMPFILE` " +
        'writes raw bytes and is the classic way to drop a web shell or a UDF library via SQL injection.',
      solution:
        'Export from the client (`mysql -e "SELECT …" > file`, `mysqldump --where`) under a reviewed job, ' +
        'and set `secure_file_priv` to a dedicated directory (or `NULL`) on production servers.',
    },
    messages: {
      intoFile: 'SELECT … INTO {{kind}} writes the result to {{target}} on the database server.',
    },
    controls: ['SOC2:CC6.7', 'NIST:AC-4', 'HIPAA:164.312(e)(1)'],
    examples: {
      valid: ['SELECT id INTO @last_id FROM users ORDER BY id DESC LIMIT 1', 'SELECT * FROM users'],
      invalid: ["SELECT * FROM users INTO OUTFILE '/var/lib/mysql-files/users.csv'"],
    },
  },
  dialects: ['mysql', 'mariadb'],
  check(stmt, _ctx, report) {
    walkMy(myAst(stmt), (node) => {
      const into = node.into;
      if (node.type !== 'select' || !isRecord(into)) return;
      const kind = myText(into.keyword).toUpperCase();
      if (kind !== 'OUTFILE' && kind !== 'DUMPFILE') return;
      const target = myConstValue(into.expr);
      const path = typeof target === 'string' ? target : '';
      report({
        messageId: 'intoFile',
        data: { kind, target: path || 'a file' },
        span: path ? findStringSpan(stmt, path) : findKeywordsSpan(stmt, ['into', kind.toLowerCase()]),
      });
    });
  },
});
