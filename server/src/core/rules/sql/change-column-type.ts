import { defineSqlRule } from '../rule';
import { alterOfExistingTable, columnType, PG_DOCS, statementSpan } from './lock-util';

/**
 * `ALTER COLUMN … TYPE` takes ACCESS EXCLUSIVE and, unless the old type is binary coercible to the
 * new one (e.g. `varchar(n)` → `text`), rewrites the table and its indexes. Source: PostgreSQL
 * manual, ALTER TABLE ("SET DATA TYPE", Notes on table rewrites).
 */
export default defineSqlRule({
  meta: {
    id: 'change-column-type',
    title: 'Column type changed on an existing table',
    category: 'lock',
    severity: 'warning',
    docs: {
      description: 'Changing a column type locks the table and usually rewrites it and all its indexes.',
      problem:
        '`ALTER TABLE … ALTER COLUMN … TYPE` takes an ACCESS EXCLUSIVE lock (no reads, no writes). Unless the ' +
        'change is binary coercible (`varchar(n)` → `text`, a longer `varchar`), PostgreSQL rewrites the whole ' +
        'table and rebuilds every index while holding it; running code may also break on the new type ' +
        `(${PG_DOCS.alterTable}, ${PG_DOCS.locking}).`,
      solution:
        'Expand and contract: add a new column of the new type, write to both (trigger or application), backfill ' +
        'in batches, switch readers, then drop the old column. For `varchar` limits, a CHECK constraint added ' +
        'NOT VALID and validated separately avoids the lock entirely.\n' +
        '- Rails: `strong_migrations` documents the same dual-write recipe.\n' +
        '- Django: add field → RunPython backfill in batches → switch → remove field, across releases.',
    },
    messages: {
      changeType:
        'Changing the type of {{table}}.{{column}} to {{type}} takes an ACCESS EXCLUSIVE lock and may rewrite the table.',
    },
    controls: ['SOC2:A1.2', 'SOC2:CC8.1'],
    sources: ['squawk:changing-column-type'],
    examples: {
      valid: ['ALTER TABLE users ADD COLUMN email_v2 text;'],
      invalid: ['ALTER TABLE users ALTER COLUMN id TYPE bigint;'],
    },
  },
  dialects: ['postgresql'],
  check(stmt, ctx, report) {
    const alter = alterOfExistingTable(stmt, ctx);
    if (!alter) return;
    for (const cmd of alter.cmds) {
      if (cmd.subtype !== 'AT_AlterColumnType') continue;
      report({
        messageId: 'changeType',
        data: { table: alter.table, column: cmd.name ?? '?', type: columnType(cmd.def) || '?' },
        span: statementSpan(stmt),
      });
    }
  },
});
