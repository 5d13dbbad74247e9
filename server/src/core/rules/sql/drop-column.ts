import { asNode, isRecord, list, rangeVarName } from '../../sql/pg-ast';
import type { SqlStatement } from '../../sql/model';
import type { Span } from '../../types';
import { defineSqlRule } from '../rule';
import { myAst, myList, mySpan, myTableName, myText } from './util/mysql';
import { pgStmt } from './util/pg';
import { tokenize, textSpan } from './util/text';

/** Words that, after `DROP` in an ALTER TABLE, mean something other than a column is dropped. */
const NOT_A_COLUMN = new Set([
  'constraint',
  'index',
  'key',
  'primary',
  'foreign',
  'check',
  'default',
  'not',
  'expression',
  'identity',
  'partition',
  'trigger',
  'system',
  'period',
]);

/**
 * Spans of the names in `DROP [COLUMN] [IF EXISTS] name` clauses of an ALTER TABLE text, in
 * order, keyed by folded name (bare words lower-cased, quoted names verbatim).
 */
function droppedColumnSpans(stmt: SqlStatement): { name: string; span: Span }[] {
  const tokens = tokenize(stmt.text, stmt.dialect !== 'postgresql');
  const out: { name: string; span: Span }[] = [];
  for (let i = 0; i < tokens.length; i++) {
    if (tokens[i]?.kind !== 'word' || tokens[i]?.value !== 'drop') continue;
    let k = i + 1;
    if (tokens[k]?.kind === 'word' && tokens[k]?.value === 'column') k++;
    if (tokens[k]?.value === 'if' && tokens[k + 1]?.value === 'exists') k += 2;
    const t = tokens[k];
    if (!t || (t.kind !== 'word' && t.kind !== 'quoted')) continue;
    if (t.kind === 'word' && NOT_A_COLUMN.has(t.value) && k === i + 1) continue;
    out.push({ name: t.value, span: textSpan(stmt, t.start, t.end - t.start) });
  }
  return out;
}

/**
 * `ALTER TABLE … DROP COLUMN` (PostgreSQL `AlterTableCmd` with `subtype: AT_DropColumn`; MySQL
 * `{ action: 'drop', resource: 'column' }`), one finding per column on its name. Tables created
 * earlier in the same text are skipped.
 */
export default defineSqlRule({
  meta: {
    id: 'drop-column',
    title: 'Dropping a column',
    category: 'data-loss',
    severity: 'error',
    docs: {
      description: 'Reports `ALTER TABLE … DROP COLUMN`, which deletes a column and its values in every row.',
      problem:
        'The values are gone for good, and application code that still selects or inserts the column ' +
        'breaks the moment the migration runs — typically the old version of the app during a rolling ' +
        'deploy. With `CASCADE` PostgreSQL also drops views and constraints that use the column.',
      solution:
        'Expand and contract: stop using the column in code and deploy that first, then drop it in a ' +
        'later migration.\n\n' +
        '- Rails: add the column to `self.ignored_columns`, deploy, then `remove_column`.\n' +
        '- Django: remove the field with `SeparateDatabaseAndState` (state only) first, drop it later; ' +
        'or use django-deprecate-fields.\n' +
        '- Prisma: remove the field from the schema and the code in one release, run the generated drop ' +
        'in the next.\n- golang-migrate: keep the drop in its own numbered migration applied after the deploy.',
    },
    messages: {
      dropColumn: 'Dropping column {{column}} of {{table}} deletes its values in every row.',
    },
    controls: ['SOC2:CC8.1', 'HIPAA:164.312(c)(1)'],
    sources: ['squawk:ban-drop-column'],
    examples: {
      valid: [
        'ALTER TABLE users ADD COLUMN nickname text;',
        'ALTER TABLE users DROP CONSTRAINT users_email_key;',
        'CREATE TABLE t (a int, b int);\nALTER TABLE t DROP COLUMN b;',
      ],
      invalid: [
        'ALTER TABLE users DROP COLUMN email;',
        'ALTER TABLE users DROP COLUMN IF EXISTS a, DROP b CASCADE;',
      ],
    },
  },
  check(stmt, ctx, report) {
    const fresh = (name: string): boolean => ctx.createdEarlier.has(name.toLowerCase());
    const alter = pgStmt(stmt, 'AlterTableStmt');
    if (alter) {
      const table = rangeVarName(alter.relation) ?? '?';
      if (fresh(table)) return;
      // Tokenized on the first DROP COLUMN only: most ALTER TABLEs drop nothing.
      let spans: { name: string; span: Span }[] | undefined;
      for (const cmd of list(alter.cmds)) {
        const c = asNode(cmd, 'AlterTableCmd');
        if (c?.subtype !== 'AT_DropColumn' || typeof c.name !== 'string') continue;
        spans ??= droppedColumnSpans(stmt);
        const at = spans.findIndex((s) => s.name === c.name);
        const span = at >= 0 ? spans.splice(at, 1)[0]?.span : undefined;
        report({ messageId: 'dropColumn', data: { column: c.name, table }, span: span ?? stmt.span });
      }
      return;
    }
    const ast = myAst(stmt);
    if (ast?.type !== 'alter') return;
    const target = myList(ast.table)[0];
    const table = target ? myTableName(target) : '?';
    if (fresh(table)) return;
    for (const e of myList(ast.expr)) {
      if (myText(e.action) !== 'drop' || myText(e.resource) !== 'column') continue;
      const col = isRecord(e.column) ? e.column : {};
      const column = typeof col.column === 'string' ? col.column : myText(col.column);
      report({ messageId: 'dropColumn', data: { column, table }, span: mySpan(stmt, col, column) });
    }
  },
});
