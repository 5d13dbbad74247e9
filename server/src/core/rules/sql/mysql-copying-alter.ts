import { isRecord, list } from '../../sql/pg-ast';
import { defineSqlRule } from '../rule';
import { appendToStatement, createdEarlier, statementSpan } from './lock-util';

const ONLINE_DDL = 'https://dev.mysql.com/doc/refman/8.0/en/innodb-online-ddl-operations.html';

/** Reads `{ loc: { start: { offset } } }` of a node-sql-parser node. */
function offsetOf(node: unknown): number | undefined {
  const loc =
    isRecord(node) && isRecord(node.loc) && isRecord(node.loc.start) ? node.loc.start.offset : undefined;
  return typeof loc === 'number' ? loc : undefined;
}

/** `column_ref` ⇒ its column name. */
function columnName(node: unknown): string {
  return isRecord(node) && typeof node.column === 'string' ? node.column : '?';
}

/**
 * MySQL/MariaDB `ALTER TABLE` forms that copy the table (`ALGORITHM=COPY`: writes blocked, double
 * disk space) or rebuild it. Source: MySQL 8.0 Reference Manual, "Online DDL Operations" (column
 * operations: changing the data type is COPY only; making a column NULL/NOT NULL rebuilds; dropping
 * a primary key is COPY only unless another is added in the same statement).
 */
export default defineSqlRule({
  meta: {
    id: 'mysql-copying-alter',
    title: 'MySQL ALTER that copies the table',
    category: 'lock',
    severity: 'warning',
    docs: {
      description: 'ALTER TABLE forms that make InnoDB copy or rebuild the whole table.',
      problem:
        'InnoDB runs some ALTERs only with `ALGORITHM=COPY`: it copies every row into a new table while ' +
        'concurrent writes are blocked, needing twice the disk space. Changing a column type (MODIFY/CHANGE ' +
        'restating the definition), dropping the primary key, converting the character set, or an explicit ' +
        `ALGORITHM=COPY do this; NULL/NOT NULL changes rebuild the table in place (${ONLINE_DDL}).`,
      solution:
        'State `ALGORITHM=INPLACE, LOCK=NONE` (or `ALGORITHM=INSTANT`): MySQL then refuses an operation that would ' +
        'copy instead of silently blocking writes (the quick fix appends it). For real type changes use an online ' +
        'schema change tool (gh-ost, pt-online-schema-change) or expand/contract with a new column. Note: ' +
        'node-sql-parser cannot read `CONVERT TO CHARACTER SET`, which is therefore reported as unparsed.\n' +
        '- Rails: `change_column` on large MySQL tables through gh-ost / `lhm`.\n' +
        '- Django: `RunSQL` with the explicit ALGORITHM clause.',
    },
    messages: {
      modifyColumn:
        '{{action}} COLUMN {{column}} on {{table}} restates the column: a type change copies the table ' +
        '(ALGORITHM=COPY) and a NULL/NOT NULL change rebuilds it.',
      dropPrimaryKey:
        'Dropping the primary key of {{table}} without adding one copies the table (ALGORITHM=COPY).',
      explicitCopy: 'ALGORITHM=COPY on {{table}} copies the table while writes are blocked.',
      convertCharset:
        'CONVERT TO CHARACTER SET rewrites every row of {{table}} (a table copy) while writes are blocked.',
    },
    controls: ['SOC2:A1.2', 'SOC2:CC8.1'],
    fixable: true,
    examples: {
      valid: [
        'ALTER TABLE users ADD COLUMN age int, ALGORITHM=INSTANT;',
        'ALTER TABLE users MODIFY COLUMN name varchar(255) NOT NULL, ALGORITHM=INPLACE, LOCK=NONE;',
      ],
      invalid: ['ALTER TABLE users MODIFY COLUMN id bigint NOT NULL;'],
    },
  },
  dialects: ['mysql', 'mariadb'],
  check(stmt, ctx, report) {
    const ast = stmt.ast;
    if (!isRecord(ast) || ast.type !== 'alter') return;
    const target = list(ast.table)[0];
    if (!isRecord(target) || typeof target.table !== 'string') return;
    const table = typeof target.db === 'string' && target.db ? `${target.db}.${target.table}` : target.table;
    if (createdEarlier(ctx, table)) return;
    const exprs = list(ast.expr).filter(isRecord);
    const algorithm = exprs.find((e) => e.resource === 'algorithm');
    const algo = typeof algorithm?.algorithm === 'string' ? algorithm.algorithm.toUpperCase() : undefined;
    // INPLACE / INSTANT: MySQL refuses (error) rather than copying.
    if (algo === 'INPLACE' || algo === 'INSTANT') return;
    if (algo === 'COPY') {
      report({ messageId: 'explicitCopy', data: { table }, span: statementSpan(stmt) });
      return;
    }
    const addsPrimary = exprs.some(
      (e) =>
        e.action === 'add' &&
        isRecord(e.create_definitions) &&
        /primary/i.test(String(e.create_definitions.constraint_type)),
    );
    if (exprs.some((e) => e.resource === 'convert')) {
      report({ messageId: 'convertCharset', data: { table }, span: statementSpan(stmt) });
    }
    let fixOffered = false;
    for (const e of exprs) {
      if ((e.action === 'modify' || e.action === 'change') && e.resource === 'column') {
        const col = e.action === 'change' ? e.old_column : e.column;
        const at = offsetOf(col);
        report({
          messageId: 'modifyColumn',
          data: { action: String(e.action).toUpperCase(), column: columnName(col), table },
          span: at === undefined ? statementSpan(stmt) : stmt.spanAt(at, columnName(col).length),
          ...(fixOffered
            ? {}
            : {
                fix: {
                  title: 'Require ALGORITHM=INPLACE, LOCK=NONE (MySQL refuses instead of copying)',
                  edits: [appendToStatement(stmt, ', ALGORITHM=INPLACE, LOCK=NONE')],
                },
              }),
        });
        fixOffered = true;
      } else if (e.action === 'drop' && /primary key/i.test(String(e.keyword)) && !addsPrimary) {
        report({ messageId: 'dropPrimaryKey', data: { table }, span: statementSpan(stmt) });
      }
    }
  },
});
