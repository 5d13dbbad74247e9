import type { SqlStatement } from '../../sql/model';
import { defineSqlRule } from '../rule';
import { dropObjects, earlierStatement, pgStmt } from './util/pg';
import { findNameSpan } from './util/text';

/**
 * PostgreSQL `DROP SCHEMA` (`DropStmt` with `removeType: OBJECT_SCHEMA`), one finding per schema
 * on its name. (MySQL's `DROP SCHEMA` drops a database and is reported by `drop-database`.)
 * Schemas created earlier in the same text (`CREATE SCHEMA`) are skipped.
 */
export default defineSqlRule({
  meta: {
    id: 'drop-schema',
    title: 'Dropping a schema',
    category: 'data-loss',
    severity: 'error',
    docs: {
      description:
        'Reports PostgreSQL `DROP SCHEMA`, which deletes a namespace and, with CASCADE, all it contains.',
      problem:
        'Without `CASCADE` the drop fails unless the schema is empty; with `CASCADE` PostgreSQL drops ' +
        'every table, view, function and sequence in it, and every object elsewhere that depends on them, ' +
        'in one statement.',
      solution:
        'Move or drop the objects one by one in reviewed migrations, then drop the (empty) schema ' +
        'without `CASCADE`, so the statement fails if anything is left.',
    },
    messages: {
      dropSchema: 'Dropping schema {{schema}} deletes it; it must be empty, or this fails.',
      dropSchemaCascade: 'Dropping schema {{schema}} with CASCADE deletes every table and object in it.',
    },
    controls: ['SOC2:CC8.1', 'HIPAA:164.312(c)(1)'],
    examples: {
      valid: ['DROP TABLE s.t;', 'CREATE SCHEMA s;', 'DROP TABLE IF EXISTS s.t; CREATE TABLE s.t (id int);'],
      invalid: ['DROP SCHEMA billing CASCADE;', 'DROP SCHEMA IF EXISTS staging;'],
    },
  },
  check(stmt, ctx, report) {
    const drop = pgStmt(stmt, 'DropStmt');
    if (!drop || drop.removeType !== 'OBJECT_SCHEMA') return;
    const messageId = drop.behavior === 'DROP_CASCADE' ? 'dropSchemaCascade' : 'dropSchema';
    for (const parts of dropObjects(drop)) {
      const schema = parts.join('.');
      const created = (s: SqlStatement): boolean => pgStmt(s, 'CreateSchemaStmt')?.schemaname === schema;
      if (earlierStatement(stmt, ctx.statements, created)) continue;
      report({ messageId, data: { schema }, span: findNameSpan(stmt, parts) });
    }
  },
});
