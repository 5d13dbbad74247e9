import { location } from '../../sql/pg-ast';
import { defineSqlRule } from '../rule';
import { myAst, myList, myTableName, myText } from './util/mysql';
import { funcCallName, nameSpanAt, pgNodes, pgStmt } from './util/pg';
import { findKeywordsSpan, findNameSpan } from './util/text';

/** dblink extension functions that open or use a connection to another database (PostgreSQL docs, "dblink"). */
const DBLINK_FUNCTIONS = new Set([
  'dblink',
  'dblink_exec',
  'dblink_connect',
  'dblink_connect_u',
  'dblink_send_query',
  'dblink_open',
]);

/** Foreign-data wrappers that connect to another database server. */
const REMOTE_FDWS = new Set([
  'postgres_fdw',
  'dblink_fdw',
  'mysql_fdw',
  'oracle_fdw',
  'tds_fdw',
  'mongo_fdw',
]);

/**
 * Connections from the database to another database server: PostgreSQL dblink calls (`FuncCall`)
 * placed on the function name, `CREATE SERVER … FOREIGN DATA WRAPPER postgres_fdw | dblink_fdw | …`
 * (`CreateForeignServerStmt`) placed on the wrapper name, and MySQL `ENGINE=FEDERATED` tables.
 */
export default defineSqlRule({
  meta: {
    id: 'dblink',
    title: 'Connection to another database (dblink, foreign server, FEDERATED)',
    category: 'exfiltration',
    severity: 'warning',
    docs: {
      description:
        'Reports `dblink()`/`dblink_exec()` calls, `CREATE SERVER` with a remote foreign-data wrapper ' +
        '(`postgres_fdw`, `dblink_fdw`…) and MySQL `ENGINE=FEDERATED` tables.',
      problem:
        'These open a network path from inside the database to another server: `INSERT INTO` a foreign table ' +
        "or `dblink_exec('host=attacker …', 'INSERT …')` sends rows out with no client involved, and " +
        'network egress controls on application hosts do not see it. It is a warning, not an error, because ' +
        'federated setups are a legitimate architecture; policy should still know every one.',
      solution:
        'Declare foreign servers in reviewed infrastructure migrations only, with user mappings for a ' +
        'read-only remote role, restrict egress from the database host, and do not install `dblink` where ' +
        '`postgres_fdw` with fixed servers suffices.',
    },
    messages: {
      dblinkCall: '{{func}}() connects from the database server to another database.',
      foreignServer:
        'Foreign server {{server}} ({{wrapper}}) opens a connection from this database to another server.',
      federatedTable: 'FEDERATED table {{table}} reads and writes rows on another MySQL server.',
    },
    controls: ['SOC2:CC6.7', 'NIST:AC-4', 'HIPAA:164.312(e)(1)'],
    examples: {
      valid: [
        'CREATE EXTENSION IF NOT EXISTS pgcrypto;',
        'CREATE SERVER files FOREIGN DATA WRAPPER file_fdw;',
      ],
      invalid: [
        "SELECT * FROM dblink('host=10.0.0.5 dbname=crm', 'SELECT email FROM users') AS t(email text);",
        "CREATE SERVER crm FOREIGN DATA WRAPPER postgres_fdw OPTIONS (host 'crm.internal', dbname 'crm');",
      ],
    },
  },
  check(stmt, _ctx, report) {
    if (stmt.dialect === 'postgresql') {
      const server = pgStmt(stmt, 'CreateForeignServerStmt');
      const wrapper = typeof server?.fdwname === 'string' ? server.fdwname : '';
      if (server && REMOTE_FDWS.has(wrapper)) {
        report({
          messageId: 'foreignServer',
          data: { server: String(server.servername ?? '?'), wrapper },
          span: findNameSpan(stmt, [wrapper]),
        });
      }
      for (const f of pgNodes(stmt, 'FuncCall')) {
        const func = funcCallName(f);
        if (func === undefined || !DBLINK_FUNCTIONS.has(func)) continue;
        report({ messageId: 'dblinkCall', data: { func }, span: nameSpanAt(stmt, location(f), func.length) });
      }
      return;
    }
    const ast = myAst(stmt);
    if (ast?.type !== 'create' || myText(ast.keyword) !== 'table') return;
    const federated = myList(ast.table_options).some(
      (o) => myText(o.keyword) === 'engine' && myText(o.value) === 'federated',
    );
    const target = myList(ast.table)[0];
    if (!federated) return;
    report({
      messageId: 'federatedTable',
      data: { table: target ? myTableName(target) : '?' },
      span: findKeywordsSpan(stmt, ['federated']),
    });
  },
});
