import { asNode, list, qualifiedName } from '../../sql/pg-ast';
import { defineSqlRule } from '../rule';
import {
  createdEarlier,
  insertAfterKeywords,
  NO_TRANSACTION_RECIPES,
  PG_DOCS,
  statementSpan,
} from './lock-util';

/**
 * `DROP INDEX` without `CONCURRENTLY` takes an ACCESS EXCLUSIVE lock on the index's table.
 * Source: PostgreSQL manual, DROP INDEX ("CONCURRENTLY").
 */
export default defineSqlRule({
  meta: {
    id: 'drop-index-non-concurrently',
    title: 'Index dropped without CONCURRENTLY',
    category: 'lock',
    severity: 'warning',
    docs: {
      description:
        'DROP INDEX without CONCURRENTLY locks the table against reads and writes until it can drop.',
      problem:
        '`DROP INDEX` takes an ACCESS EXCLUSIVE lock on the table the index belongs to: it waits behind every ' +
        'running query and blocks every later one (reads included) while it waits ' +
        `(${PG_DOCS.dropIndex}, ${PG_DOCS.locking}).`,
      solution:
        '`DROP INDEX CONCURRENTLY` waits for conflicting transactions without blocking new ones. It drops one index ' +
        'at a time, without CASCADE, outside a transaction block (Railguard offers the quick fix only then):\n' +
        NO_TRANSACTION_RECIPES,
    },
    messages: {
      nonConcurrent: 'DROP INDEX {{index}} without CONCURRENTLY locks its table against reads and writes.',
      nonConcurrentInTransaction:
        'DROP INDEX {{index}} without CONCURRENTLY locks its table against reads and writes; CONCURRENTLY cannot run ' +
        'inside a transaction block, so move this statement to its own migration outside the transaction.',
    },
    controls: ['SOC2:A1.2', 'SOC2:CC8.1'],
    sources: ['squawk:require-concurrent-index-deletion'],
    fixable: true,
    examples: {
      valid: ['DROP INDEX CONCURRENTLY IF EXISTS users_email_idx;'],
      invalid: ['DROP INDEX users_email_idx;'],
    },
  },
  dialects: ['postgresql'],
  check(stmt, ctx, report) {
    const f = asNode(stmt.ast, 'DropStmt');
    if (!f || f.removeType !== 'OBJECT_INDEX' || f.concurrent === true) return;
    const names = list(f.objects).map((o) => qualifiedName(asNode(o, 'List')?.items) ?? '?');
    // An index created earlier in the same text is new: dropping it locks nothing anyone uses.
    if (names.every((n) => createdEarlier(ctx, n))) return;
    const index = names.join(', ');
    const span = statementSpan(stmt);
    if (ctx.inTransaction) {
      report({ messageId: 'nonConcurrentInTransaction', data: { index }, span });
      return;
    }
    // CONCURRENTLY accepts a single index and no CASCADE.
    const edit =
      names.length === 1 && f.behavior !== 'DROP_CASCADE'
        ? insertAfterKeywords(stmt, 'DROP\\s+INDEX', ' CONCURRENTLY')
        : undefined;
    report({
      messageId: 'nonConcurrent',
      data: { index },
      span,
      ...(edit ? { fix: { title: 'Drop the index CONCURRENTLY', edits: [edit] } } : {}),
    });
  },
});
