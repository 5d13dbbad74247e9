import { list, stringValue } from '../../sql/pg-ast';
import { defineSqlRule } from '../rule';
import { alterOfExistingTable, clauseSpan, constraintOf, PG_DOCS, statementSpan } from './lock-util';

/**
 * `ALTER COLUMN … SET NOT NULL` scans the whole table under ACCESS EXCLUSIVE unless a validated
 * `CHECK (col IS NOT NULL)` already proves it (PostgreSQL 12+). Source: PostgreSQL manual, ALTER TABLE
 * ("SET/DROP NOT NULL").
 */
export default defineSqlRule({
  meta: {
    id: 'set-not-null',
    title: 'SET NOT NULL on an existing column',
    category: 'lock',
    severity: 'warning',
    docs: {
      description: 'SET NOT NULL scans the whole table while holding an ACCESS EXCLUSIVE lock.',
      problem:
        '`ALTER TABLE … ALTER COLUMN … SET NOT NULL` takes an ACCESS EXCLUSIVE lock (no reads, no writes) and checks ' +
        `every row before it commits (${PG_DOCS.alterTable}, ${PG_DOCS.locking}).`,
      solution:
        'PostgreSQL 12+ skips the scan when a valid CHECK constraint proves the column is not null:\n' +
        '```sql\nALTER TABLE t ADD CONSTRAINT t_c_not_null CHECK (c IS NOT NULL) NOT VALID;\n' +
        '-- next migration\nALTER TABLE t VALIDATE CONSTRAINT t_c_not_null;\n' +
        'ALTER TABLE t ALTER COLUMN c SET NOT NULL;\nALTER TABLE t DROP CONSTRAINT t_c_not_null;\n```\n' +
        '- Rails: `add_check_constraint …, validate: false`, `validate_check_constraint`, then `change_column_null`.\n' +
        '- Django: the same three steps with `AddConstraintNotValid`/`ValidateConstraint` and `AlterField`.',
    },
    messages: {
      setNotNull: 'SET NOT NULL on {{table}}.{{column}} scans the table under an ACCESS EXCLUSIVE lock.',
    },
    controls: ['SOC2:A1.2', 'SOC2:CC8.1'],
    sources: ['squawk:adding-not-nullable-field'],
    examples: {
      valid: ['ALTER TABLE users ADD CONSTRAINT users_email_nn CHECK (email IS NOT NULL) NOT VALID;'],
      invalid: ['ALTER TABLE users ALTER COLUMN email SET NOT NULL;'],
    },
  },
  dialects: ['postgresql'],
  check(stmt, ctx, report) {
    const alter = alterOfExistingTable(stmt, ctx);
    if (!alter) return;
    for (const cmd of alter.cmds) {
      // PostgreSQL 18: `ADD CONSTRAINT name NOT NULL col` is SET NOT NULL with a name (NOT VALID allowed).
      const c = cmd.subtype === 'AT_AddConstraint' ? constraintOf(cmd.def) : undefined;
      const addsNotNull = c?.contype === 'CONSTR_NOTNULL' && c.skip_validation !== true;
      if (cmd.subtype !== 'AT_SetNotNull' && !addsNotNull) continue;
      const column = cmd.name ?? list(c?.keys).map(stringValue).join(', ');
      report({
        messageId: 'setNotNull',
        data: { table: alter.table, column: column || '?' },
        span: addsNotNull ? clauseSpan(stmt, c?.location) : statementSpan(stmt),
      });
    }
  },
});
