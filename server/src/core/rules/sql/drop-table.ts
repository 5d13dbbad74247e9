import { defineSqlRule } from '../rule';
import { myAst, myList, mySpan, myTableName } from './util/mysql';
import { dropObjects, pgStmt } from './util/pg';
import { findNameSpan } from './util/text';

/**
 * `DROP TABLE` (PostgreSQL `DropStmt` with `removeType: OBJECT_TABLE`; MySQL `{ type: 'drop',
 * keyword: 'table' }`): one finding per dropped table, placed on its name. Tables created earlier
 * in the same text are skipped (a scratch table dropped by the migration that made it).
 */
export default defineSqlRule({
  meta: {
    id: 'drop-table',
    title: 'Dropping a table',
    category: 'data-loss',
    severity: 'error',
    docs: {
      description: 'Reports `DROP TABLE`, which deletes a table and every row in it.',
      problem:
        '`DROP TABLE` removes the table, its rows, indexes, triggers and grants at once; nothing but a ' +
        'backup brings them back, and application code still reading the table fails immediately. ' +
        'With `CASCADE` PostgreSQL also drops the views and foreign keys that depend on it.',
      solution:
        'Stop reading and writing the table first and deploy that; then rename it (`ALTER TABLE t RENAME TO ' +
        't_deprecated`) and drop it in a later release once nothing broke. Keep a dump (`pg_dump -t t`) ' +
        'until the drop is final.\n\n' +
        '- Rails: remove the model usage, then `drop_table :t` in its own migration (with `ignored_columns`-style ' +
        'staging for the code).\n- Django: delete the model in one release and let `DeleteModel` run in the next.\n' +
        '- Prisma: `prisma migrate diff` shows the `DROP TABLE`; split it into its own migration.\n' +
        '- golang-migrate: drops belong in `*.down.sql`; an `up` that drops needs a reviewed data plan.',
    },
    messages: {
      dropTable: 'Dropping table {{table}} deletes all of its rows permanently.',
      dropTableCascade:
        'Dropping table {{table}} with CASCADE deletes its rows and every view and foreign key depending on it.',
    },
    controls: ['SOC2:CC8.1', 'HIPAA:164.312(c)(1)'],
    sources: ['squawk:ban-drop-table'],
    examples: {
      valid: ['CREATE TABLE t (id int);\nDROP TABLE t;', 'DROP VIEW v;', 'DROP INDEX users_email_idx;'],
      invalid: ['DROP TABLE users;', 'DROP TABLE IF EXISTS public.users CASCADE;'],
    },
  },
  check(stmt, ctx, report) {
    const fresh = (name: string): boolean => ctx.createdEarlier.has(name.toLowerCase());
    const drop = pgStmt(stmt, 'DropStmt');
    if (drop && drop.removeType === 'OBJECT_TABLE') {
      const messageId = drop.behavior === 'DROP_CASCADE' ? 'dropTableCascade' : 'dropTable';
      let from = 0;
      for (const parts of dropObjects(drop)) {
        const table = parts.join('.');
        if (parts.length === 0 || fresh(table)) continue;
        const span = findNameSpan(stmt, parts, from);
        from = span.end - stmt.span.start;
        report({ messageId, data: { table }, span });
      }
      return;
    }
    const ast = myAst(stmt);
    if (ast?.type !== 'drop' || String(ast.keyword).toLowerCase() !== 'table') return;
    for (const t of myList(ast.name)) {
      const table = myTableName(t);
      if (fresh(table)) continue;
      report({ messageId: 'dropTable', data: { table }, span: mySpan(stmt, t, table) });
    }
  },
});
