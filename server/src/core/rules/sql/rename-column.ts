import { asNode, rangeVarName } from '../../sql/pg-ast';
import { defineSqlRule } from '../rule';
import { createdEarlier, PG_DOCS, statementSpan } from './lock-util';

/**
 * `ALTER TABLE … RENAME COLUMN` breaks every reader and writer still using the old name.
 * Source: PostgreSQL manual, ALTER TABLE ("RENAME").
 */
export default defineSqlRule({
  meta: {
    id: 'rename-column',
    title: 'Column renamed',
    category: 'compatibility',
    severity: 'warning',
    docs: {
      description: 'Renaming a column breaks running code that still uses the old name.',
      problem:
        'The rename is instant, but application instances deployed before the migration (and views, reports, ' +
        `ETL jobs) keep querying the old name and fail until they are redeployed (${PG_DOCS.alterTable}).`,
      solution:
        'Expand and contract: add the new column, write both, backfill, move readers, then drop the old column. ' +
        'Or map the old name in code (Rails `alias_attribute`, Django `db_column`, Prisma `@map`) and rename later ' +
        'when nothing uses it.',
    },
    messages: {
      renameColumn: 'Renaming {{table}}.{{column}} to {{newName}} breaks code still using {{column}}.',
    },
    controls: ['SOC2:CC8.1'],
    sources: ['squawk:renaming-column'],
    examples: {
      valid: ['ALTER TABLE users ADD COLUMN full_name text;'],
      invalid: ['ALTER TABLE users RENAME COLUMN name TO full_name;'],
    },
  },
  dialects: ['postgresql'],
  check(stmt, ctx, report) {
    const f = asNode(stmt.ast, 'RenameStmt');
    if (!f || f.renameType !== 'OBJECT_COLUMN') return;
    const table = rangeVarName(f.relation);
    if (!table || createdEarlier(ctx, table)) return;
    report({
      messageId: 'renameColumn',
      data: { table, column: String(f.subname ?? '?'), newName: String(f.newname ?? '?') },
      span: statementSpan(stmt),
    });
  },
});
