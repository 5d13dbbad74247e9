import type { ActionEffect } from '../../types';
import { defineSqlRule } from '../rule';
import { myAst } from './util/mysql';
import { funcCallName, nameSpanAt, pgNodes } from './util/pg';
import { findKeywordsSpan } from './util/text';
import { location } from '../../sql/pg-ast';

const KILLERS = new Set(['pg_terminate_backend', 'pg_cancel_backend']);

/**
 * PostgreSQL `pg_terminate_backend` / `pg_cancel_backend` calls (names as the parse tree has them,
 * so `U&"pg_termin\0061te_backend"` is the same function). Called once per row of a query with a
 * FROM clause (`… FROM pg_stat_activity`) it ends sessions en masse: an error; a single
 * `pg_terminate_backend` a warning. Cancelling one backend's running statement
 * (`pg_cancel_backend(4242)`, MySQL `KILL QUERY 42`) leaves the session and its other work alone
 * (PostgreSQL "Server Signaling Functions": it sends SIGINT, as Ctrl-C in psql does): not reported.
 * MySQL `KILL [CONNECTION] id` (read by `mysql-admin.ts`): a warning, on `KILL`.
 */
export default defineSqlRule({
  meta: {
    id: 'terminate-sessions',
    title: 'Terminating or cancelling other sessions',
    category: 'lock',
    severity: 'warning',
    docs: {
      description: 'Reports `pg_terminate_backend` / `pg_cancel_backend`, above all over `pg_stat_activity`.',
      problem:
        '`SELECT pg_terminate_backend(pid) FROM pg_stat_activity …` disconnects every matching session: the ' +
        "application's connections, replication and other people's work, with their open transactions rolled " +
        'back. It is an outage, and a common way to force through a lock an agent could not get.',
      solution:
        'Find the blocking session first (`pg_blocking_pids`) and end only that one, after a human decision; ' +
        'for a migration, set `lock_timeout` and retry instead of killing the sessions in the way.',
    },
    messages: {
      massTerminate: '{{function}} runs once per row of this query: it ends every session the query selects.',
      terminate: '{{function}} ends or cancels another session.',
    },
    controls: ['SOC2:A1.2', 'NIST:AC-6(9)'],
    sources: [
      'https://www.postgresql.org/docs/current/functions-admin.html#FUNCTIONS-ADMIN-SIGNAL',
      'https://dev.mysql.com/doc/refman/8.0/en/kill.html',
    ],
    examples: {
      valid: [
        'SELECT pid, state FROM pg_stat_activity;',
        'SELECT pg_blocking_pids(42);',
        'SELECT pg_cancel_backend(4242);',
      ],
      invalid: [
        "SELECT pg_terminate_backend(pid) FROM pg_stat_activity WHERE datname = 'app';",
        "SELECT pg_cancel_backend(pid) FROM pg_stat_activity WHERE state = 'active';",
        'SELECT pg_terminate_backend(4242);',
      ],
    },
  },
  check(stmt, _ctx, report) {
    const kill = myAst(stmt);
    if (kill?.type === 'kill') {
      if (kill.target === 'query') return;
      report({
        messageId: 'terminate',
        data: { function: kill.target === 'query' ? 'KILL QUERY' : 'KILL' },
        span: findKeywordsSpan(stmt, ['kill']),
        effects: [{ verb: 'destroy', resource: { kind: 'process', id: 'database sessions' }, via: 'KILL' }],
      });
      return;
    }
    if (stmt.dialect !== 'postgresql') return;
    const mass = pgNodes(stmt, 'SelectStmt').some(
      (s) => Array.isArray(s.fromClause) && s.fromClause.length > 0,
    );
    for (const call of pgNodes(stmt, 'FuncCall')) {
      const name = funcCallName(call);
      if (!name || !KILLERS.has(name)) continue;
      if (!mass && name === 'pg_cancel_backend') continue;
      const effects: ActionEffect[] = [
        { verb: 'destroy', resource: { kind: 'process', id: 'database sessions' }, via: name },
      ];
      report({
        messageId: mass ? 'massTerminate' : 'terminate',
        data: { function: name },
        span: nameSpanAt(stmt, location(call), name.length),
        ...(mass ? { severity: 'error' as const } : {}),
        effects,
      });
    }
  },
});
