import { defineSqlRule } from '../rule';
import {
  alterOfExistingTable,
  clauseSpan,
  columnConstraints,
  columnInfo,
  PG_DOCS,
  SERIAL_TYPES,
} from './lock-util';

/** Column constraints that supply a value for existing rows. */
const SUPPLIES_VALUE = new Set(['CONSTR_DEFAULT', 'CONSTR_IDENTITY', 'CONSTR_GENERATED']);

/**
 * `ADD COLUMN … NOT NULL` without a default: fails on a table that has rows, and breaks every
 * INSERT of code that does not know the column yet. Source: PostgreSQL manual, ALTER TABLE
 * ("ADD COLUMN"; NOT NULL is checked against existing rows).
 */
export default defineSqlRule({
  meta: {
    id: 'add-required-column',
    title: 'Required column added without a default',
    category: 'compatibility',
    severity: 'warning',
    docs: {
      description:
        'A NOT NULL column without a default breaks existing rows and every writer that does not set it.',
      problem:
        '`ALTER TABLE … ADD COLUMN c type NOT NULL` with no DEFAULT fails on any table that has rows (existing ' +
        'rows would be NULL), and once it succeeds every INSERT from code deployed before the migration fails ' +
        `("null value in column violates not-null constraint") (${PG_DOCS.alterTable}).`,
      solution:
        'Add the column with a constant DEFAULT (instant since PostgreSQL 11), or add it nullable, backfill, ' +
        'then enforce NOT NULL with the CHECK … NOT VALID recipe (see `set-not-null`).\n' +
        '- Rails: `add_column :t, :c, :type, null: false, default: …`.\n' +
        '- Django: give the field a `default` (or `db_default`) in the migration.\n' +
        '- Prisma: a `@default(...)` on the new required field.',
    },
    messages: {
      required:
        'Column {{column}} is added to {{table}} as NOT NULL without a default: existing rows and old writers fail.',
    },
    controls: ['SOC2:CC8.1'],
    sources: ['squawk:adding-required-field'],
    examples: {
      valid: [
        "ALTER TABLE users ADD COLUMN status text NOT NULL DEFAULT 'active';",
        'ALTER TABLE users ADD COLUMN nickname text;',
      ],
      invalid: ['ALTER TABLE users ADD COLUMN status text NOT NULL;'],
    },
  },
  dialects: ['postgresql'],
  check(stmt, ctx, report) {
    const alter = alterOfExistingTable(stmt, ctx);
    if (!alter) return;
    for (const cmd of alter.cmds) {
      if (cmd.subtype !== 'AT_AddColumn') continue;
      const info = columnInfo(cmd.def);
      if (!info || SERIAL_TYPES.has(info.type)) continue;
      const cons = columnConstraints(cmd.def);
      const notNull = cons.find((c) => c.contype === 'CONSTR_NOTNULL' || c.contype === 'CONSTR_PRIMARY');
      if (!notNull || cons.some((c) => SUPPLIES_VALUE.has(String(c.contype)))) continue;
      report({
        messageId: 'required',
        data: { table: alter.table, column: info.name },
        span: clauseSpan(stmt, info.location),
      });
    }
  },
});
