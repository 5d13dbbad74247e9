import type { SqlStatement } from '../../sql/model';
import { list, stringValue, walk, type PgFields } from '../../sql/pg-ast';
import type { TextEdit } from '../../types';
import { defineSqlRule } from '../rule';
import {
  alterOfExistingTable,
  appendToStatement,
  clauseSpan,
  columnConstraints,
  columnInfo,
  constraintOf,
  PG_DOCS,
  quoteIdent,
  quoteQualified,
} from './lock-util';

/** PostgreSQL's default constraint name shape (`ChooseConstraintName`: table_column_suffix, ≤ 63 bytes). */
function defaultName(table: string, c: PgFields): string {
  const bare = table.split('.').pop() ?? table;
  let cols = list(c.fk_attrs)
    .map(stringValue)
    .filter((s): s is string => !!s);
  if (c.contype === 'CONSTR_CHECK') {
    walk(c.raw_expr, (type, fields) => {
      if (type === 'ColumnRef' && cols.length === 0) {
        const last = list(fields.fields).map(stringValue).pop();
        if (last) cols = [last];
      }
    });
  }
  const suffix = c.contype === 'CONSTR_FOREIGN' ? 'fkey' : 'check';
  return [bare, ...cols, suffix].join('_').slice(0, 63);
}

/** Edits adding NOT VALID (and a name when the constraint has none), then a separate VALIDATE. */
function notValidFix(
  stmt: SqlStatement,
  table: string,
  c: PgFields,
  inTransaction: boolean,
): TextEdit[] | undefined {
  const edits: TextEdit[] = [];
  let name = typeof c.conname === 'string' ? c.conname : undefined;
  if (!name) {
    if (typeof c.location !== 'number') return undefined;
    const at = stmt.spanAt(c.location, 0).start;
    if (!/^(?:FOREIGN|CHECK)\b/i.test(stmt.text.slice(at - stmt.span.start))) return undefined;
    name = defaultName(table, c);
    edits.push({ start: at, end: at, newText: `CONSTRAINT ${quoteIdent(name)} ` });
  }
  const validate = inTransaction
    ? ''
    : `;\nALTER TABLE ${quoteQualified(table)} VALIDATE CONSTRAINT ${quoteIdent(name)}`;
  edits.push(appendToStatement(stmt, ` NOT VALID${validate}`));
  return edits;
}

/**
 * Adding a FOREIGN KEY or CHECK constraint validates every existing row while holding a lock that
 * blocks writes (SHARE ROW EXCLUSIVE for a foreign key, on both tables; ACCESS EXCLUSIVE for CHECK).
 * Source: PostgreSQL manual, ALTER TABLE ("ADD table_constraint [ NOT VALID ]", "VALIDATE CONSTRAINT").
 */
export default defineSqlRule({
  meta: {
    id: 'constraint-missing-not-valid',
    title: 'Constraint added without NOT VALID',
    category: 'lock',
    severity: 'warning',
    docs: {
      description:
        'A FOREIGN KEY or CHECK constraint added to an existing table without NOT VALID scans the table under lock.',
      problem:
        '`ALTER TABLE … ADD CONSTRAINT … FOREIGN KEY/CHECK` checks every existing row before it commits, holding a ' +
        'lock that blocks writes (a foreign key also locks the referenced table) for the whole scan ' +
        `(${PG_DOCS.alterTable}, ${PG_DOCS.locking}).`,
      solution:
        'Add the constraint `NOT VALID` (instant: only new rows are checked), then validate it in a separate ' +
        'transaction: `ALTER TABLE t VALIDATE CONSTRAINT c;` takes only SHARE UPDATE EXCLUSIVE, so reads and writes ' +
        'continue during the scan. The quick fix does both; inside a transaction it only adds NOT VALID, because a ' +
        'VALIDATE in the same transaction would still scan under the first lock — validate in the next migration.\n' +
        '- Rails: `add_foreign_key …, validate: false` then `validate_foreign_key` in a later migration.\n' +
        '- Django: `AddConstraintNotValid` + `ValidateConstraint` (django.contrib.postgres.operations).\n' +
        '- Prisma / golang-migrate: write the two statements by hand, VALIDATE in the next migration file.',
    },
    messages: {
      foreignKey:
        'Foreign key {{name}} on {{table}} is added without NOT VALID: existing rows are checked while writes wait.',
      check:
        'CHECK constraint {{name}} on {{table}} is added without NOT VALID: existing rows are checked while writes wait.',
      columnForeignKey:
        'Column {{name}} is added to {{table}} with a REFERENCES constraint: the table and the referenced table are ' +
        'locked while it is checked; add the column, then the foreign key NOT VALID, then VALIDATE it.',
    },
    controls: ['SOC2:A1.2', 'SOC2:CC8.1'],
    sources: ['squawk:constraint-missing-not-valid', 'squawk:adding-foreign-key-constraint'],
    fixable: true,
    examples: {
      valid: [
        'ALTER TABLE orders ADD CONSTRAINT orders_user_fk FOREIGN KEY (user_id) REFERENCES users (id) NOT VALID;',
        'ALTER TABLE orders VALIDATE CONSTRAINT orders_user_fk;',
      ],
      invalid: ['ALTER TABLE orders ADD CONSTRAINT orders_total_check CHECK (total >= 0);'],
    },
  },
  dialects: ['postgresql'],
  check(stmt, ctx, report) {
    const alter = alterOfExistingTable(stmt, ctx);
    if (!alter) return;
    const { table } = alter;
    for (const cmd of alter.cmds) {
      if (cmd.subtype === 'AT_AddColumn') {
        for (const c of columnConstraints(cmd.def)) {
          if (c.contype !== 'CONSTR_FOREIGN') continue;
          const col = columnInfo(cmd.def)?.name ?? '?';
          report({
            messageId: 'columnForeignKey',
            data: { name: col, table },
            span: clauseSpan(stmt, c.location),
          });
        }
        continue;
      }
      if (cmd.subtype !== 'AT_AddConstraint') continue;
      const c = constraintOf(cmd.def);
      if (!c || c.skip_validation === true) continue;
      if (c.contype !== 'CONSTR_FOREIGN' && c.contype !== 'CONSTR_CHECK') continue;
      const name = typeof c.conname === 'string' ? c.conname : '(unnamed)';
      const edits = alter.cmds.length === 1 ? notValidFix(stmt, table, c, ctx.inTransaction) : undefined;
      report({
        messageId: c.contype === 'CONSTR_FOREIGN' ? 'foreignKey' : 'check',
        data: { name, table },
        span: clauseSpan(stmt, c.location),
        ...(edits
          ? {
              fix: {
                title: ctx.inTransaction
                  ? 'Add NOT VALID (validate in a later migration)'
                  : 'Add NOT VALID and VALIDATE CONSTRAINT separately',
                edits,
              },
            }
          : {}),
      });
    }
  },
});
