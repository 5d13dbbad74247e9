import { rangeVarName } from '../../sql/pg-ast';
import { defineSqlRule } from '../rule';
import { pgStmt } from './util/pg';
import { findStringSpan } from './util/text';

/**
 * PostgreSQL `COPY … FROM PROGRAM 'cmd'` (`CopyStmt` with `is_from` and `is_program`), placed on
 * the command literal. Per the PostgreSQL docs ("COPY"), the command runs through the server's
 * shell as the operating-system user the server runs as.
 */
export default defineSqlRule({
  meta: {
    id: 'copy-from-program',
    title: 'COPY … FROM PROGRAM',
    category: 'exfiltration',
    severity: 'error',
    docs: {
      description: 'Reports `COPY … FROM PROGRAM`, which runs a shell command on the database server.',
      problem:
        "The command runs with the database server's OS account: it can read the server's files, " +
        'credentials and network, download and run anything, and its output lands in a table where SQL can ' +
        'read it. It is the standard way SQL injection with a privileged role becomes remote code execution ' +
        '(CVE-2019-9193 is this feature), and a way to pull data from other hosts.',
      solution:
        'Load files with `COPY … FROM STDIN` (`psql \\copy`) from the client, or with an ETL job. Grant ' +
        '`pg_execute_server_program` to nobody but DBAs.',
    },
    messages: {
      fromProgram: "COPY {{table}} FROM PROGRAM runs `{{program}}` as the database server's OS user.",
    },
    controls: ['SOC2:CC6.1', 'SOC2:CC6.7', 'NIST:AC-4', 'NIST:AC-6(9)'],
    examples: {
      valid: ['COPY t FROM STDIN;', "COPY t TO PROGRAM 'gzip > /backup/t.gz';"],
      invalid: ["COPY cmd_output FROM PROGRAM 'id; cat /etc/passwd';"],
    },
  },
  check(stmt, _ctx, report) {
    const copy = pgStmt(stmt, 'CopyStmt');
    if (!copy || copy.is_from !== true || copy.is_program !== true) return;
    const program = typeof copy.filename === 'string' ? copy.filename : '';
    report({
      messageId: 'fromProgram',
      data: { table: rangeVarName(copy.relation) ?? '?', program },
      span: findStringSpan(stmt, program, ['program']),
    });
  },
});
