import { defineSqlRule } from '../rule';
import { alterOfExistingTable, columnConstraints, columnInfo } from './lock-util';
import { findKeywordsSpan } from './util/text';

/**
 * `ALTER TABLE … ADD COLUMN … GENERATED ALWAYS AS (…) STORED` on an existing table (PostgreSQL),
 * placed on `STORED`. Peer: strong_migrations "Adding a stored generated column".
 */
export default defineSqlRule({
  meta: {
    id: 'add-stored-generated-column',
    title: 'Adding a stored generated column',
    category: 'lock',
    severity: 'warning',
    docs: {
      description: 'Reports adding a `GENERATED ALWAYS AS (…) STORED` column to an existing table.',
      problem:
        'A stored generated column is computed for every existing row when it is added: PostgreSQL rewrites ' +
        'the whole table under an ACCESS EXCLUSIVE lock, blocking reads and writes for as long as the rewrite ' +
        'takes (minutes to hours on a large table).',
      solution:
        'Add a plain nullable column, fill it with a trigger for new rows and a batched backfill for old ones, ' +
        'or compute the value in a view or an expression index instead.',
    },
    messages: {
      storedGenerated:
        'Adding the stored generated column {{column}} rewrites {{table}} under an ACCESS EXCLUSIVE lock.',
    },
    controls: ['SOC2:A1.2', 'SOC2:CC8.1'],
    sources: [
      'strong_migrations:add_column_generated_stored',
      'https://github.com/ankane/strong_migrations#adding-a-stored-generated-column',
      'https://www.postgresql.org/docs/current/ddl-generated-columns.html',
    ],
    examples: {
      valid: [
        'CREATE TABLE t (a int, b int GENERATED ALWAYS AS (a * 2) STORED);',
        'ALTER TABLE t ADD COLUMN b int;',
      ],
      invalid: [
        'ALTER TABLE orders ADD COLUMN total_cents bigint GENERATED ALWAYS AS (qty * price_cents) STORED;',
      ],
    },
  },
  check(stmt, ctx, report) {
    const alter = alterOfExistingTable(stmt, ctx);
    if (!alter) return;
    for (const cmd of alter.cmds) {
      if (cmd.subtype !== 'AT_AddColumn') continue;
      const stored = columnConstraints(cmd.def).some(
        (con) => con.contype === 'CONSTR_GENERATED' && con.generated_kind !== 'v',
      );
      if (!stored) continue;
      report({
        messageId: 'storedGenerated',
        data: { column: columnInfo(cmd.def)?.name ?? '?', table: alter.table },
        span: findKeywordsSpan(stmt, ['stored']),
      });
    }
  },
});
