import { defineSqlRule } from '../rule';
import { dropObjects, pgStmt } from './util/pg';
import { findNameSpan } from './util/text';

/**
 * PostgreSQL `DROP MATERIALIZED VIEW` (`DropStmt` with `removeType: OBJECT_MATVIEW`), one
 * finding per view on its name; views created earlier in the same text are skipped.
 */
export default defineSqlRule({
  meta: {
    id: 'drop-materialized-view',
    title: 'Dropping a materialized view',
    category: 'data-loss',
    severity: 'warning',
    docs: {
      description:
        'Reports `DROP MATERIALIZED VIEW`, which deletes a stored query result and its definition.',
      problem:
        'A materialized view stores data, but data derived from other tables: it can be rebuilt, which is ' +
        'why this is a warning rather than an error. The rebuild (`CREATE MATERIALIZED VIEW … AS …` then ' +
        '`REFRESH`) can take long and readers fail until it exists; with `CASCADE` dependent views go too.',
      solution:
        'Create the replacement under a new name, switch readers to it, then drop the old view in a later ' +
        'migration. To change a definition in place, `CREATE MATERIALIZED VIEW … WITH NO DATA` plus ' +
        '`REFRESH MATERIALIZED VIEW CONCURRENTLY` keeps reads available.',
    },
    messages: {
      dropMaterializedView:
        'Dropping materialized view {{view}} deletes its stored rows; readers fail until it is rebuilt.',
    },
    controls: ['SOC2:CC8.1'],
    examples: {
      valid: ['DROP VIEW v;', 'CREATE MATERIALIZED VIEW mv AS SELECT 1;\nDROP MATERIALIZED VIEW mv;'],
      invalid: ['DROP MATERIALIZED VIEW IF EXISTS sales_summary;'],
    },
  },
  check(stmt, ctx, report) {
    const drop = pgStmt(stmt, 'DropStmt');
    if (!drop || drop.removeType !== 'OBJECT_MATVIEW') return;
    for (const parts of dropObjects(drop)) {
      const view = parts.join('.');
      if (ctx.createdEarlier.has(view.toLowerCase())) continue;
      report({ messageId: 'dropMaterializedView', data: { view }, span: findNameSpan(stmt, parts) });
    }
  },
});
