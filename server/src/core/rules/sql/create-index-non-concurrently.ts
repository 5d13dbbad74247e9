import { asNode, rangeVarName } from '../../sql/pg-ast';
import { defineSqlRule } from '../rule';
import {
  createdEarlier,
  insertAfterKeywords,
  NO_TRANSACTION_RECIPES,
  PG_DOCS,
  statementSpan,
} from './lock-util';

/**
 * `CREATE INDEX` without `CONCURRENTLY` on an existing table takes a SHARE lock: writes block for
 * the whole build. Source: PostgreSQL manual, CREATE INDEX, "Building Indexes Concurrently".
 */
export default defineSqlRule({
  meta: {
    id: 'create-index-non-concurrently',
    title: 'Index built without CONCURRENTLY',
    category: 'lock',
    severity: 'warning',
    docs: {
      description:
        'CREATE INDEX on an existing table without CONCURRENTLY blocks all writes while the index builds.',
      problem:
        '`CREATE INDEX` takes a SHARE lock on the table: INSERT, UPDATE and DELETE wait until the whole index is ' +
        `built, which on a large table means minutes of write downtime (${PG_DOCS.createIndex}, ${PG_DOCS.locking}).`,
      solution:
        '`CREATE INDEX CONCURRENTLY` builds the index while writes continue (SHARE UPDATE EXCLUSIVE lock). It cannot ' +
        'run inside a transaction block, and a failed build leaves an INVALID index to drop and retry. Inside a ' +
        'transaction Railguard reports the statement without a quick fix (the fixed statement would fail with ' +
        '"cannot run inside a transaction block"); move it to its own migration:\n' +
        NO_TRANSACTION_RECIPES,
    },
    messages: {
      nonConcurrent:
        'CREATE INDEX on {{table}} without CONCURRENTLY blocks writes to {{table}} while the index builds.',
      nonConcurrentInTransaction:
        'CREATE INDEX on {{table}} without CONCURRENTLY blocks writes while the index builds; CONCURRENTLY cannot run ' +
        'inside a transaction block, so move this statement to its own migration outside the transaction.',
    },
    controls: ['SOC2:A1.2', 'SOC2:CC8.1'],
    sources: ['squawk:require-concurrent-index-creation'],
    fixable: true,
    examples: {
      valid: [
        'CREATE INDEX CONCURRENTLY users_email_idx ON users (email);',
        'CREATE TABLE users (id bigint, email text);\nCREATE INDEX users_email_idx ON users (email);',
      ],
      invalid: ['CREATE INDEX users_email_idx ON users (email);'],
    },
  },
  dialects: ['postgresql'],
  check(stmt, ctx, report) {
    const f = asNode(stmt.ast, 'IndexStmt');
    if (!f || f.concurrent === true) return;
    const table = rangeVarName(f.relation);
    if (!table || createdEarlier(ctx, table)) return;
    const span = statementSpan(stmt);
    if (ctx.inTransaction) {
      report({ messageId: 'nonConcurrentInTransaction', data: { table }, span });
      return;
    }
    const edit = insertAfterKeywords(stmt, 'CREATE\\s+(?:UNIQUE\\s+)?INDEX', ' CONCURRENTLY');
    report({
      messageId: 'nonConcurrent',
      data: { table },
      span,
      ...(edit ? { fix: { title: 'Build the index CONCURRENTLY', edits: [edit] } } : {}),
    });
  },
});
