import { defineSqlRule } from '../rule';
import { isRecord } from '../../sql/pg-ast';
import { myAst, myConstValue, myTableName } from './util/mysql';
import { findKeywordsSpan, findStringSpan } from './util/text';

/**
 * MySQL/MariaDB `LOAD DATA [LOCAL] INFILE 'path' INTO TABLE t` (node-sql-parser `{ type:
 * 'load_data', local, file, table }`), placed on the path literal. Per the MySQL manual ("LOAD
 * DATA Statement"): without LOCAL the server reads the file from its own host; with LOCAL the
 * client reads it and sends it (see "Security Considerations for LOAD DATA LOCAL").
 */
export default defineSqlRule({
  meta: {
    id: 'load-data-infile',
    title: 'LOAD DATA INFILE',
    category: 'exfiltration',
    severity: 'error',
    docs: {
      description: 'Reports MySQL `LOAD DATA [LOCAL] INFILE`, which reads a file into a table.',
      problem:
        "Without `LOCAL`, the server reads any file its OS user can read (`/etc/passwd`, other databases' " +
        'files, keys) into a table where plain SQL can select it. With `LOCAL`, the *client* reads the ' +
        'file and uploads it; a malicious or compromised server can ask a client for any file, which is why ' +
        '`local_infile` is off by default. Either way it moves files across a trust boundary.',
      solution:
        'Import through a reviewed ETL job or `mysqlimport` with a known file, keep `secure_file_priv` set ' +
        'and `local_infile=0` on servers, and never run it from an agent session.',
    },
    messages: {
      loadServerFile: "LOAD DATA INFILE reads {{file}} from the database server's filesystem into {{table}}.",
      loadLocalFile: 'LOAD DATA LOCAL INFILE uploads the client file {{file}} into {{table}}.',
    },
    controls: ['SOC2:CC6.7', 'NIST:AC-4', 'HIPAA:164.312(e)(1)'],
    examples: {
      valid: ["INSERT INTO t (a) VALUES ('x')"],
      invalid: [
        "LOAD DATA INFILE '/etc/passwd' INTO TABLE loot",
        "LOAD DATA LOCAL INFILE 'users.csv' INTO TABLE users",
      ],
    },
  },
  dialects: ['mysql', 'mariadb'],
  check(stmt, _ctx, report) {
    const ast = myAst(stmt);
    if (ast?.type !== 'load_data') return;
    const value = myConstValue(ast.file);
    const file = typeof value === 'string' ? value : '';
    const table = isRecord(ast.table) ? myTableName(ast.table) : '?';
    report({
      messageId: ast.local ? 'loadLocalFile' : 'loadServerFile',
      data: { file: file || 'a file', table },
      span: file ? findStringSpan(stmt, file) : findKeywordsSpan(stmt, ['infile']),
    });
  },
});
