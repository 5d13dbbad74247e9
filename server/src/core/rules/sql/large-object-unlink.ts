import { location } from '../../sql/pg-ast';
import { defineSqlRule } from '../rule';
import { funcCallName, nameSpanAt, pgNodes } from './util/pg';

/**
 * PostgreSQL `lo_unlink(oid)` (`FuncCall`): deletes a large object and its data (PostgreSQL docs,
 * "Large Objects", Server-Side Functions). Called once per row of a query with a FROM clause
 * (`… FROM pg_largeobject_metadata`) it deletes every large object the query selects.
 */
export default defineSqlRule({
  meta: {
    id: 'large-object-unlink',
    title: 'Deleting large objects',
    category: 'data-loss',
    severity: 'error',
    docs: {
      description:
        'Reports `lo_unlink()`, which deletes a large object (files and blobs stored in the database).',
      problem:
        'Large objects hold files and blobs outside ordinary tables (`pg_largeobject`); tables only keep their ' +
        '`oid`. `lo_unlink` deletes the object and its data at once, and `SELECT lo_unlink(oid) FROM ' +
        'pg_largeobject_metadata` deletes them all — nothing in the tables that point to them changes, so the ' +
        'loss shows only when a file is read.',
      solution:
        'Delete large objects through the application that owns them, one reference at a time, or clean up ' +
        'orphans with `vacuumlo` in a dry run (`vacuumlo -n`) first, after a backup.',
    },
    messages: {
      unlink: 'lo_unlink() deletes a large object and its data.',
      massUnlink:
        'lo_unlink() runs once per row of this query: it deletes every large object the query selects.',
    },
    controls: ['SOC2:CC8.1', 'HIPAA:164.312(c)(1)'],
    sources: ['https://www.postgresql.org/docs/current/lo-funcs.html'],
    examples: {
      valid: ["SELECT lo_import('/tmp/x');", 'SELECT oid FROM pg_largeobject_metadata;'],
      invalid: ['SELECT lo_unlink(oid) FROM pg_largeobject_metadata;', 'SELECT lo_unlink(16403);'],
    },
  },
  dialects: ['postgresql'],
  check(stmt, _ctx, report) {
    const mass = pgNodes(stmt, 'SelectStmt').some(
      (s) => Array.isArray(s.fromClause) && s.fromClause.length > 0,
    );
    for (const call of pgNodes(stmt, 'FuncCall')) {
      if (funcCallName(call) !== 'lo_unlink') continue;
      report({
        messageId: mass ? 'massUnlink' : 'unlink',
        span: nameSpanAt(stmt, location(call), 'lo_unlink'.length),
      });
    }
  },
});
