import { location, rangeVarName } from '../../sql/pg-ast';
import { defineSqlRule } from '../rule';
import { myAst, myFuncName, mySpan, walkMy } from './util/mysql';
import { funcCallName, nameSpanAt, pgNodes, pgStmt } from './util/pg';
import { findNameSpan, findStringSpan } from './util/text';

/**
 * PostgreSQL functions that read, list or write files on the database server (PostgreSQL docs,
 * "System Administration Functions — Generic File Access Functions" and "Large Objects —
 * Server-side Functions"; `pg_file_*` from the adminpack extension).
 */
const PG_FILE_FUNCTIONS = new Set([
  'pg_read_file',
  'pg_read_binary_file',
  'pg_ls_dir',
  'pg_stat_file',
  'lo_import',
  'lo_export',
  'pg_file_write',
  'pg_file_rename',
  'pg_file_unlink',
  'pg_file_sync',
]);

/** MySQL functions that read server files (MySQL manual, "String Functions": `LOAD_FILE`). */
const MYSQL_FILE_FUNCTIONS = new Set(['load_file']);

/**
 * Calls of server file functions anywhere in a statement (PostgreSQL `FuncCall` nodes; MySQL
 * `{ type: 'function' }` nodes), placed on the function name, plus PostgreSQL `COPY t FROM
 * 'file'` (reads a server file; `FROM PROGRAM` is `copy-from-program`) and `CREATE SERVER …
 * FOREIGN DATA WRAPPER file_fdw`.
 */
export default defineSqlRule({
  meta: {
    id: 'server-file-access',
    title: 'Reading or writing files on the database server',
    category: 'exfiltration',
    severity: 'error',
    docs: {
      description:
        "Reports `pg_read_file`, `pg_read_binary_file`, `pg_ls_dir`, `lo_import`, `lo_export`, `COPY … FROM 'file'`, " +
        "`file_fdw` servers and MySQL `LOAD_FILE()`: SQL that touches the server's filesystem.",
      problem:
        "These functions let SQL read or write arbitrary files as the database server's OS user: " +
        "`pg_read_file('/etc/passwd')`, the server's TLS key, `pg_hba.conf`, other clusters' data; " +
        '`lo_export` writes a large object to any path. They turn database access into host access and ' +
        'bypass every table-level grant.',
      solution:
        'Keep `pg_read_server_files`, `pg_write_server_files` and superuser away from application and agent ' +
        'roles (the functions then fail), and set MySQL `secure_file_priv`. Move files through the client ' +
        '(`psql \\copy`, `\\lo_import`) or object storage instead.',
    },
    messages: {
      fileFunction: '{{func}}() accesses files on the database server as its OS user.',
      copyFromFile: 'COPY {{table}} FROM {{file}} reads a file on the database server.',
      fileFdw: 'Foreign server {{server}} uses file_fdw, which reads files on the database server.',
    },
    controls: ['SOC2:CC6.1', 'SOC2:CC6.7', 'NIST:AC-4', 'NIST:AC-6(9)'],
    examples: {
      valid: ['SELECT read_count FROM stats;', 'COPY t FROM STDIN;', 'SELECT lo_create(0);'],
      invalid: ["SELECT pg_read_file('/etc/passwd');", "SELECT lo_export(16403, '/tmp/dump.bin');"],
    },
  },
  check(stmt, _ctx, report) {
    if (stmt.dialect === 'postgresql') {
      const copy = pgStmt(stmt, 'CopyStmt');
      if (copy?.is_from === true && copy.is_program !== true && typeof copy.filename === 'string') {
        const table = rangeVarName(copy.relation) ?? '?';
        report({
          messageId: 'copyFromFile',
          data: { table, file: copy.filename },
          span: findStringSpan(stmt, copy.filename, ['from']),
        });
      }
      const server = pgStmt(stmt, 'CreateForeignServerStmt');
      if (server?.fdwname === 'file_fdw') {
        report({
          messageId: 'fileFdw',
          data: { server: String(server.servername ?? '?') },
          span: findNameSpan(stmt, ['file_fdw']),
        });
      }
      for (const f of pgNodes(stmt, 'FuncCall')) {
        const func = funcCallName(f);
        if (func === undefined || !PG_FILE_FUNCTIONS.has(func)) continue;
        report({
          messageId: 'fileFunction',
          data: { func },
          span: nameSpanAt(stmt, location(f), func.length),
        });
      }
      return;
    }
    walkMy(myAst(stmt), (node) => {
      const func = myFuncName(node);
      if (func === undefined || !MYSQL_FILE_FUNCTIONS.has(func)) return;
      report({ messageId: 'fileFunction', data: { func }, span: mySpan(stmt, node, func) });
    });
  },
});
