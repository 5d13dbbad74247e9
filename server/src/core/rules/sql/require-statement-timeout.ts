import { asNode } from '../../sql/pg-ast';
import { defineSqlRule } from '../rule';
import { blockingLock } from './lock-modes';
import { statementSpan } from './lock-util';

/**
 * Opt-in style rule: the first statement of a text that takes a lock blocking reads or writes
 * while no `SET [LOCAL] statement_timeout` ran earlier; placed on that statement. Peer: squawk
 * `require-timeout-settings` (statement_timeout half; `require-lock-timeout` covers lock_timeout).
 */
export default defineSqlRule({
  meta: {
    id: 'require-statement-timeout',
    title: 'Set statement_timeout before long, locking statements',
    category: 'compatibility',
    severity: 'hint',
    docs: {
      description:
        'Opt-in style rule: reports the first locking statement of a file when no `statement_timeout` was set.',
      problem:
        'Once a schema change holds its lock, everything else on the table waits for it. Without a ' +
        '`statement_timeout` a statement that runs longer than planned (a rewrite, a validation) keeps the ' +
        'table blocked until someone notices.',
      solution:
        "Start the migration with `SET statement_timeout = '5min';` (or `SET LOCAL` inside a transaction).",
    },
    messages: {
      missing:
        'No statement_timeout was set before this statement, which blocks other sessions while it runs.',
    },
    controls: [],
    sources: ['squawk:require-timeout-settings'],
    examples: {
      valid: ["SET statement_timeout = '5min';\nALTER TABLE t ADD COLUMN b int NOT NULL DEFAULT 0;"],
      invalid: ['ALTER TABLE t ADD COLUMN b int NOT NULL DEFAULT 0;'],
    },
  },
  dialects: ['postgresql'],
  check(stmt, ctx, report) {
    if (stmt.origin !== 'top' || !blockingLock(stmt, ctx)) return;
    const earlier = (ctx.statements ?? []).slice(0, stmt.index);
    const isTimeout = (s: typeof stmt): boolean => {
      const set = asNode(s.ast, 'VariableSetStmt');
      return set?.name === 'statement_timeout' && set.kind === 'VAR_SET_VALUE';
    };
    if (earlier.some(isTimeout)) return;
    // Once per text: only at the first statement that needs it.
    if (earlier.some((s) => s.origin === 'top' && s.parsed && blockingLock(s, ctx))) return;
    report({ messageId: 'missing', span: statementSpan(stmt) });
  },
});
