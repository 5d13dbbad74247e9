import { defineSqlRule } from '../rule';
import { blockingLock, setsLockTimeout } from './lock-modes';
import { PG_DOCS, statementSpan } from './lock-util';

/**
 * A statement that takes a blocking lock on an existing table, with no `SET lock_timeout` before it.
 * Reported once per text, at the first such statement. Sources: PostgreSQL manual, "Explicit
 * Locking" (lock queue: a waiting lock request blocks later conflicting ones) and `lock_timeout`.
 */
export default defineSqlRule({
  meta: {
    id: 'require-lock-timeout',
    title: 'Blocking lock without lock_timeout',
    category: 'lock',
    severity: 'warning',
    docs: {
      description:
        'A migration that takes a blocking lock should set lock_timeout first, so a lock wait cannot stall all traffic.',
      problem:
        'A lock request that waits behind a long-running query (a report, an idle transaction) sits in the lock ' +
        'queue, and every later query on the table queues behind it: even a statement that holds its lock for a ' +
        `millisecond can take the table down for as long as it waits (${PG_DOCS.locking}).`,
      solution:
        "Set `SET lock_timeout = '2s';` at the start of the migration (or `SET LOCAL` inside its transaction) and " +
        'retry the migration when it times out. The quick fix inserts it before the first statement. Tables ' +
        'created earlier in the same file are not counted.\n' +
        "- Rails: `execute \"SET lock_timeout = '2s'\"` (or `strong_migrations`' `lock_timeout` setting).\n" +
        '- Django: `RunSQL("SET lock_timeout = \'2s\'")` as the first operation.\n' +
        '- Prisma / golang-migrate / diesel: put the SET statement on the first line of the SQL file.',
    },
    messages: {
      missing:
        'This statement takes a {{mode}} lock on {{table}}, but no lock_timeout was set earlier: while it waits ' +
        'for the lock, every query on {{table}} queues behind it.',
    },
    controls: ['SOC2:A1.2', 'SOC2:CC8.1'],
    sources: ['squawk:require-lock-timeout', 'squawk:require-timeout-settings'],
    fixable: true,
    examples: {
      valid: ["SET lock_timeout = '2s';\nALTER TABLE users ADD COLUMN age int;"],
      invalid: ['ALTER TABLE users ADD COLUMN age int;'],
    },
  },
  dialects: ['postgresql'],
  check(stmt, ctx, report) {
    if (stmt.origin !== 'top' || ctx.lockTimeoutSet) return;
    const lock = blockingLock(stmt, ctx);
    if (!lock) return;
    const earlier = ctx.statements?.slice(0, stmt.index) ?? [];
    // Once per text: only the first blocking statement reports (tables created in between are
    // judged with this statement's `createdEarlier`, a superset of theirs).
    if (earlier.some((s) => setsLockTimeout(s) || (s.origin === 'top' && blockingLock(s, ctx)))) return;
    const first = ctx.statements?.[0] ?? stmt;
    const at = statementSpan(first).start;
    report({
      messageId: 'missing',
      data: { mode: lock.mode, table: lock.relation },
      span: statementSpan(stmt),
      fix: {
        title: "Set lock_timeout = '2s' first",
        edits: [{ start: at, end: at, newText: "SET lock_timeout = '2s';\n" }],
      },
    });
  },
});
