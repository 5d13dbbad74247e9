import { asNode, rangeVarName } from '../../sql/pg-ast';
import { defineSqlRule } from '../rule';
import { createdEarlier, PG_DOCS, statementSpan } from './lock-util';

/**
 * `ALTER TABLE … RENAME TO` breaks every query still using the old table name.
 * Source: PostgreSQL manual, ALTER TABLE ("RENAME").
 */
export default defineSqlRule({
  meta: {
    id: 'rename-table',
    title: 'Table renamed',
    category: 'compatibility',
    severity: 'warning',
    docs: {
      description: 'Renaming a table breaks running code that still uses the old name.',
      problem:
        'Application instances deployed before the migration, views defined by name in other tools, and ' +
        `reporting/ETL jobs keep using the old name and fail (${PG_DOCS.alterTable}).`,
      solution:
        'Rename, then create a view with the old name (`CREATE VIEW old AS SELECT * FROM new;` — simple views are ' +
        'updatable) until every reader moved; or map the name in code (Rails `self.table_name`, Django ' +
        '`db_table`, Prisma `@@map`).',
    },
    messages: {
      renameTable: 'Renaming table {{table}} to {{newName}} breaks code still using {{table}}.',
    },
    controls: ['SOC2:CC8.1'],
    sources: ['squawk:renaming-table'],
    examples: {
      valid: ['ALTER INDEX users_pkey RENAME TO accounts_pkey;'],
      invalid: ['ALTER TABLE users RENAME TO accounts;'],
    },
  },
  dialects: ['postgresql'],
  check(stmt, ctx, report) {
    const f = asNode(stmt.ast, 'RenameStmt');
    if (!f || f.renameType !== 'OBJECT_TABLE') return;
    const table = rangeVarName(f.relation);
    if (!table || createdEarlier(ctx, table)) return;
    report({
      messageId: 'renameTable',
      data: { table, newName: String(f.newname ?? '?') },
      span: statementSpan(stmt),
    });
  },
});
