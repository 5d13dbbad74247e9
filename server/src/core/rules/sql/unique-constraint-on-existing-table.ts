import { defineSqlRule } from '../rule';
import {
  alterOfExistingTable,
  clauseSpan,
  columnConstraints,
  columnInfo,
  constraintOf,
  PG_DOCS,
} from './lock-util';

/**
 * `ADD CONSTRAINT … UNIQUE` (or `ADD COLUMN … UNIQUE`) builds its index under an ACCESS EXCLUSIVE
 * lock. Source: PostgreSQL manual, ALTER TABLE ("ADD table_constraint_using_index").
 */
export default defineSqlRule({
  meta: {
    id: 'unique-constraint-on-existing-table',
    title: 'UNIQUE constraint built under lock',
    category: 'lock',
    severity: 'warning',
    docs: {
      description:
        'Adding a UNIQUE constraint to an existing table builds its index while reads and writes wait.',
      problem:
        '`ALTER TABLE … ADD CONSTRAINT … UNIQUE (cols)` builds a unique index while holding an ACCESS EXCLUSIVE ' +
        `lock: the table is unavailable for the whole build (${PG_DOCS.alterTable}, ${PG_DOCS.locking}).`,
      solution:
        'Build the index concurrently, then attach it (a catalog-only change):\n' +
        '```sql\nCREATE UNIQUE INDEX CONCURRENTLY users_email_key ON users (email);\n' +
        'ALTER TABLE users ADD CONSTRAINT users_email_key UNIQUE USING INDEX users_email_key;\n```\n' +
        '- Rails: `add_index …, unique: true, algorithm: :concurrently` (with `disable_ddl_transaction!`).\n' +
        '- Django: `AddIndexConcurrently` with a unique index, then `AddConstraint` via `RunSQL … USING INDEX`.',
    },
    messages: {
      unique:
        'UNIQUE constraint {{name}} on {{table}} builds its index under an ACCESS EXCLUSIVE lock; build it CONCURRENTLY and add it USING INDEX.',
      uniqueColumn:
        'Column {{name}} is added to {{table}} as UNIQUE: the unique index is built under an ACCESS EXCLUSIVE lock.',
    },
    controls: ['SOC2:A1.2', 'SOC2:CC8.1'],
    sources: ['squawk:disallowed-unique-constraint'],
    examples: {
      valid: ['ALTER TABLE users ADD CONSTRAINT users_email_key UNIQUE USING INDEX users_email_key;'],
      invalid: ['ALTER TABLE users ADD CONSTRAINT users_email_key UNIQUE (email);'],
    },
  },
  dialects: ['postgresql'],
  check(stmt, ctx, report) {
    const alter = alterOfExistingTable(stmt, ctx);
    if (!alter) return;
    const table = alter.table;
    for (const cmd of alter.cmds) {
      if (cmd.subtype === 'AT_AddConstraint') {
        const c = constraintOf(cmd.def);
        if (c?.contype !== 'CONSTR_UNIQUE' || typeof c.indexname === 'string') continue;
        const name = typeof c.conname === 'string' ? c.conname : '(unnamed)';
        report({ messageId: 'unique', data: { name, table }, span: clauseSpan(stmt, c.location) });
      } else if (cmd.subtype === 'AT_AddColumn') {
        const c = columnConstraints(cmd.def).find((k) => k.contype === 'CONSTR_UNIQUE');
        if (!c) continue;
        const name = columnInfo(cmd.def)?.name ?? '?';
        report({ messageId: 'uniqueColumn', data: { name, table }, span: clauseSpan(stmt, c.location) });
      }
    }
  },
});
