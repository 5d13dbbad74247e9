import { defineSqlRule } from '../rule';
import { alterOfExistingTable, PG_DOCS, statementSpan } from './lock-util';

/**
 * `ALTER COLUMN … DROP NOT NULL` is a contract change: code that reads the column may not expect
 * NULL. Source: PostgreSQL manual, ALTER TABLE ("SET/DROP NOT NULL").
 */
export default defineSqlRule({
  meta: {
    id: 'drop-not-null',
    title: 'DROP NOT NULL on an existing column',
    category: 'compatibility',
    severity: 'warning',
    docs: {
      description: 'DROP NOT NULL lets NULL into a column that running code assumes is never NULL.',
      problem:
        'Application code, reports and downstream consumers written against a NOT NULL column can crash or ' +
        'mis-compute when NULLs appear; the change is backward-incompatible for readers ' +
        `(${PG_DOCS.alterTable}).`,
      solution:
        'Deploy readers that handle NULL first, then drop the constraint. If the goal is an optional field for ' +
        'new writers only, consider a default instead of NULL.\n' +
        '- Rails: `change_column_null :t, :c, true` only after the code handling nil is live.\n' +
        '- Django: `null=True` in a migration shipped after the code change.',
    },
    messages: {
      dropNotNull: 'DROP NOT NULL on {{table}}.{{column}}: readers that assume a value may break on NULL.',
    },
    controls: ['SOC2:CC8.1'],
    sources: ['squawk:ban-drop-not-null'],
    examples: {
      valid: ["ALTER TABLE users ALTER COLUMN email SET DEFAULT '';"],
      invalid: ['ALTER TABLE users ALTER COLUMN email DROP NOT NULL;'],
    },
  },
  dialects: ['postgresql'],
  check(stmt, ctx, report) {
    const alter = alterOfExistingTable(stmt, ctx);
    if (!alter) return;
    for (const cmd of alter.cmds) {
      if (cmd.subtype !== 'AT_DropNotNull') continue;
      report({
        messageId: 'dropNotNull',
        data: { table: alter.table, column: cmd.name ?? '?' },
        span: statementSpan(stmt),
      });
    }
  },
});
