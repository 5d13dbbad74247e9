import { PG_VOLATILE as VOLATILE } from '../../sql/volatile';
import { defineSqlRule } from '../rule';
import {
  alterOfExistingTable,
  calledFunctions,
  clauseSpan,
  columnConstraints,
  columnInfo,
  PG_DOCS,
  SERIAL_TYPES,
} from './lock-util';

/**
 * Built-in STABLE / IMMUTABLE functions common in defaults (`pg_proc.provolatile` 's' / 'i'). Any
 * other function may be volatile: `CREATE FUNCTION` defaults to VOLATILE, so a user-defined
 * function in a default is treated as volatile unless known otherwise.
 */
const NOT_VOLATILE = new Set([
  'now',
  'statement_timestamp',
  'transaction_timestamp',
  'current_setting',
  'timezone',
  'date_trunc',
  'make_interval',
  'to_timestamp',
  'to_char',
  'lower',
  'upper',
  'concat',
  'md5',
  'to_json',
  'to_jsonb',
  'json_build_object',
  'jsonb_build_object',
  'json_build_array',
  'jsonb_build_array',
  'array_to_json',
  'row_to_json',
  'jsonb_object',
  'json_object',
  'string_to_array',
  'array_fill',
  'length',
  'replace',
  'substr',
  'substring',
  'encode',
  'decode',
  'inet',
  'format',
  'int4range',
  'tstzrange',
  'daterange',
]);

/**
 * `ADD COLUMN` whose values must be computed row by row (volatile default, serial, identity or
 * stored generated column) rewrites the table under ACCESS EXCLUSIVE. Source: PostgreSQL manual,
 * ALTER TABLE, Notes ("Adding a column with a volatile DEFAULT … will require the entire table and
 * its indexes to be rewritten").
 */
export default defineSqlRule({
  meta: {
    id: 'volatile-default',
    title: 'Column added with a volatile default',
    category: 'lock',
    severity: 'warning',
    docs: {
      description:
        'ADD COLUMN with a per-row computed value (volatile default, serial, identity, stored generated) rewrites the table.',
      problem:
        'Since PostgreSQL 11, `ADD COLUMN … DEFAULT <constant or stable expression>` is instant. A volatile ' +
        'default (`random()`, `gen_random_uuid()`, `clock_timestamp()`, `nextval()` from serial), an identity or a ' +
        'stored generated column must be computed for every existing row: the table and its indexes are ' +
        `rewritten under an ACCESS EXCLUSIVE lock (${PG_DOCS.alterTable}, ${PG_DOCS.locking}).`,
      solution:
        'Add the column without the default (or with a constant one), set the volatile default afterwards ' +
        '(`ALTER COLUMN … SET DEFAULT gen_random_uuid()` applies to new rows only), and backfill existing rows in ' +
        'batches.\n- Rails: `add_column` without default, `change_column_default`, then a batched backfill job.\n' +
        '- Django: `AddField(null=True)`, `RunPython` batched backfill, then `AlterField` with the default.',
    },
    messages: {
      maybeVolatile:
        'Column {{column}} is added to {{table}} with a default calling {{fn}}(), which is not a known stable ' +
        'built-in (functions are VOLATILE unless declared otherwise): if volatile, the table is rewritten under an ' +
        'ACCESS EXCLUSIVE lock.',
      volatile:
        'Column {{column}} is added to {{table}} with a volatile default ({{fn}}()): the table is rewritten under an ACCESS EXCLUSIVE lock.',
      serial:
        'Column {{column}} is added to {{table}} as {{type}}: its nextval() default rewrites the table under an ACCESS EXCLUSIVE lock.',
      generated:
        'Column {{column}} is added to {{table}} as a stored generated or identity column: the table is rewritten under an ACCESS EXCLUSIVE lock.',
    },
    controls: ['SOC2:A1.2', 'SOC2:CC8.1'],
    sources: ['squawk:adding-field-with-default'],
    examples: {
      valid: [
        'ALTER TABLE users ADD COLUMN created_at timestamptz NOT NULL DEFAULT now();',
        'ALTER TABLE users ADD COLUMN active boolean DEFAULT true;',
      ],
      invalid: ['ALTER TABLE users ADD COLUMN token uuid DEFAULT gen_random_uuid();'],
    },
  },
  dialects: ['postgresql'],
  check(stmt, ctx, report) {
    const alter = alterOfExistingTable(stmt, ctx);
    if (!alter) return;
    for (const cmd of alter.cmds) {
      if (cmd.subtype !== 'AT_AddColumn') continue;
      const info = columnInfo(cmd.def);
      if (!info) continue;
      const data = { table: alter.table, column: info.name, type: info.type };
      if (SERIAL_TYPES.has(info.type)) {
        report({ messageId: 'serial', data, span: clauseSpan(stmt, info.location) });
        continue;
      }
      for (const c of columnConstraints(cmd.def)) {
        if (
          c.contype === 'CONSTR_IDENTITY' ||
          (c.contype === 'CONSTR_GENERATED' && c.generated_kind !== 'v')
        ) {
          report({ messageId: 'generated', data, span: clauseSpan(stmt, c.location) });
        } else if (c.contype === 'CONSTR_DEFAULT') {
          const fns = calledFunctions(c.raw_expr);
          const fn = fns.find((n) => VOLATILE.has(n));
          const unknown = fns.find((n) => !VOLATILE.has(n) && !NOT_VOLATILE.has(n));
          const span = clauseSpan(stmt, c.location);
          if (fn) report({ messageId: 'volatile', data: { ...data, fn }, span });
          else if (unknown) report({ messageId: 'maybeVolatile', data: { ...data, fn: unknown }, span });
        }
      }
    }
  },
});
