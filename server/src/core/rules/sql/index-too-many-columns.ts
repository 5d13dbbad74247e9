import { asNode, list, rangeVarName } from '../../sql/pg-ast';
import { defineSqlRule } from '../rule';
import { pgStmt, rangeVarSpan } from './util/pg';

/**
 * A non-unique PostgreSQL index over more than three columns (`CREATE INDEX … (a, b, c, d)`),
 * placed on the table name. Peer: strong_migrations "Adding an index with more than three columns".
 */
export default defineSqlRule({
  meta: {
    id: 'index-too-many-columns',
    title: 'A non-unique index over more than three columns',
    category: 'compatibility',
    severity: 'info',
    docs: {
      description: 'Reports non-unique indexes with more than three key columns.',
      problem:
        'A wide non-unique index is rarely used past its first columns, yet it is large, slows every write ' +
        'to the table and takes long to build (holding a lock unless built concurrently).',
      solution:
        'Index the two or three most selective columns the queries filter on; check with `EXPLAIN` that the ' +
        'planner uses it. Unique indexes are not reported (their width is a constraint), nor indexes with a ' +
        '`DESC` key (built for an ORDER BY that reads every column).',
    },
    messages: {
      wide: 'Index {{index}} on {{table}} has {{count}} columns: more than three rarely pay for their writes.',
    },
    controls: ['SOC2:CC8.1'],
    sources: [
      'strong_migrations:add_index_columns',
      'https://github.com/ankane/strong_migrations#adding-an-index-with-more-than-three-columns',
    ],
    examples: {
      valid: [
        'CREATE INDEX CONCURRENTLY i ON t (a, b, c);',
        'CREATE UNIQUE INDEX CONCURRENTLY u ON t (a, b, c, d);',
      ],
      invalid: ['CREATE INDEX CONCURRENTLY i ON t (a, b, c, d);'],
    },
  },
  check(stmt, _ctx, report) {
    const idx = pgStmt(stmt, 'IndexStmt');
    if (!idx || idx.unique === true) return;
    const params = list(idx.indexParams);
    const count = params.length;
    if (count <= 3) return;
    // A key written DESC serves an ORDER BY that reads every column (keyset pagination by sort):
    // such indexes are deliberate.
    if (params.some((p) => asNode(p, 'IndexElem')?.ordering === 'SORTBY_DESC')) return;
    report({
      messageId: 'wide',
      data: { index: String(idx.idxname ?? '(unnamed)'), table: rangeVarName(idx.relation) ?? '?', count },
      span: rangeVarSpan(stmt, idx.relation),
    });
  },
});
