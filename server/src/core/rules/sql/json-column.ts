import { defineSqlRule } from '../rule';
import { columnTypes } from './util/column-types';

/**
 * A `json` column (PostgreSQL) in CREATE TABLE, ADD COLUMN or ALTER COLUMN TYPE, placed on the
 * type name. Peer: strong_migrations "Adding a json column".
 */
export default defineSqlRule({
  meta: {
    id: 'json-column',
    title: 'A json column (prefer jsonb)',
    category: 'compatibility',
    severity: 'warning',
    docs: {
      description: 'Reports columns of type `json`; `jsonb` is almost always what is wanted.',
      problem:
        '`json` has no equality operator, so `SELECT DISTINCT`, `UNION` and `GROUP BY` over a table with a ' +
        '`json` column fail (ORMs issue such queries, e.g. Rails `distinct`), and it cannot be indexed with GIN.',
      solution:
        'Use `jsonb`: it has equality and GIN indexing, and parses the document once on write instead of on every read. ' +
        'To convert an existing column, add a `jsonb` column and backfill it in batches.',
    },
    messages: {
      json: 'Column {{column}} is json: it has no equality operator (DISTINCT, UNION fail); use jsonb.',
    },
    controls: ['SOC2:CC8.1'],
    sources: [
      'strong_migrations:add_column_json',
      'https://github.com/ankane/strong_migrations#adding-a-json-column',
      'https://www.postgresql.org/docs/current/datatype-json.html',
    ],
    examples: {
      valid: ['ALTER TABLE t ADD COLUMN settings jsonb;', 'CREATE TABLE t (doc jsonb);'],
      invalid: ['ALTER TABLE t ADD COLUMN settings json;'],
    },
  },
  check(stmt, _ctx, report) {
    for (const c of columnTypes(stmt)) {
      if (c.type !== 'json' || !c.builtin) continue;
      report({ messageId: 'json', data: { column: c.column ?? '?' }, span: c.span });
    }
  },
});
