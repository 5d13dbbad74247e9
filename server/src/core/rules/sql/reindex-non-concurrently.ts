import { asNode, list, rangeVarName } from '../../sql/pg-ast';
import { defineSqlRule } from '../rule';
import {
  createdEarlier,
  insertAfterKeywords,
  NO_TRANSACTION_RECIPES,
  PG_DOCS,
  statementSpan,
} from './lock-util';

/** `REINDEX` kinds as libpg-query names them ⇒ the keyword in SQL. `SYSTEM` cannot run concurrently. */
const KINDS: Record<string, string> = {
  REINDEX_OBJECT_INDEX: 'INDEX',
  REINDEX_OBJECT_TABLE: 'TABLE',
  REINDEX_OBJECT_SCHEMA: 'SCHEMA',
  REINDEX_OBJECT_DATABASE: 'DATABASE',
};

/**
 * `REINDEX` without `CONCURRENTLY` locks out writes (and, for an index, reads using it).
 * Source: PostgreSQL manual, REINDEX ("Rebuilding Indexes Concurrently"), PostgreSQL ≥ 12.
 */
export default defineSqlRule({
  meta: {
    id: 'reindex-non-concurrently',
    title: 'REINDEX without CONCURRENTLY',
    category: 'lock',
    severity: 'warning',
    docs: {
      description: 'REINDEX without CONCURRENTLY blocks writes to the table for the whole rebuild.',
      problem:
        '`REINDEX` locks out writes to the table (SHARE lock) and takes an ACCESS EXCLUSIVE lock on each index it ' +
        `rebuilds, so queries that would use the index block too (${PG_DOCS.reindex}, ${PG_DOCS.locking}).`,
      solution:
        '`REINDEX … CONCURRENTLY` (PostgreSQL 12+) builds a new index beside the old one and swaps them. It cannot ' +
        'run inside a transaction block (no quick fix is offered there) nor on system catalogs:\n' +
        NO_TRANSACTION_RECIPES,
    },
    messages: {
      nonConcurrent: 'REINDEX {{kind}} {{name}} without CONCURRENTLY blocks writes while it rebuilds.',
      nonConcurrentInTransaction:
        'REINDEX {{kind}} {{name}} without CONCURRENTLY blocks writes while it rebuilds; CONCURRENTLY cannot run ' +
        'inside a transaction block, so move this statement to its own migration outside the transaction.',
    },
    controls: ['SOC2:A1.2', 'SOC2:CC8.1'],
    sources: ['squawk:require-concurrent-reindex'],
    fixable: true,
    examples: {
      valid: ['REINDEX INDEX CONCURRENTLY users_email_idx;', 'REINDEX (VERBOSE) TABLE CONCURRENTLY users;'],
      invalid: ['REINDEX TABLE users;'],
    },
  },
  dialects: ['postgresql'],
  check(stmt, ctx, report) {
    const f = asNode(stmt.ast, 'ReindexStmt');
    if (!f || typeof f.kind !== 'string') return;
    const kind = KINDS[f.kind];
    if (!kind) return;
    const concurrent = list(f.params).some((p) => asNode(p, 'DefElem')?.defname === 'concurrently');
    if (concurrent) return;
    const name = rangeVarName(f.relation) ?? (typeof f.name === 'string' ? f.name : '');
    if (f.relation && createdEarlier(ctx, name)) return;
    const span = statementSpan(stmt);
    if (ctx.inTransaction) {
      report({ messageId: 'nonConcurrentInTransaction', data: { kind, name }, span });
      return;
    }
    const edit = insertAfterKeywords(stmt, `REINDEX\\s*(?:\\([^)]*\\)\\s*)?${kind}`, ' CONCURRENTLY');
    report({
      messageId: 'nonConcurrent',
      data: { kind, name },
      span,
      ...(edit ? { fix: { title: 'Rebuild CONCURRENTLY', edits: [edit] } } : {}),
    });
  },
});
