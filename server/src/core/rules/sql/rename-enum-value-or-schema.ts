import { list, stringValue } from '../../sql/pg-ast';
import { defineSqlRule } from '../rule';
import { pgStmt } from './util/pg';
import { findKeywordsSpan } from './util/text';

/**
 * `ALTER TYPE … RENAME VALUE 'a' TO 'b'` and `ALTER SCHEMA … RENAME TO …` (PostgreSQL), placed on
 * `RENAME`. Peer: strong_migrations "Renaming a schema" / "Renaming an enum value" (PostgreSQL).
 */
export default defineSqlRule({
  meta: {
    id: 'rename-enum-value-or-schema',
    title: 'Renaming an enum value or a schema',
    category: 'compatibility',
    severity: 'warning',
    docs: {
      description: 'Reports `ALTER TYPE … RENAME VALUE` and `ALTER SCHEMA … RENAME TO`.',
      problem:
        'The running application still writes and compares the old enum value (and its ORM validates against ' +
        'it) or qualifies names with the old schema: from the moment the migration commits until every ' +
        'instance is redeployed, those queries fail.',
      solution:
        'Add the new enum value, deploy code that writes it, backfill rows, then stop using the old value. For ' +
        'a schema, create the new one, move objects, and keep a compatibility search_path or views until ' +
        'the code no longer references the old name.',
    },
    messages: {
      enumValue: "Renaming value '{{from}}' of enum {{type}} breaks code that still uses '{{from}}'.",
      schema: 'Renaming schema {{from}} to {{to}} breaks every query that names {{from}}.',
    },
    controls: ['SOC2:CC8.1'],
    sources: [
      'strong_migrations:rename_schema',
      'https://github.com/ankane/strong_migrations#renaming-a-schema',
      'https://www.postgresql.org/docs/current/sql-altertype.html',
    ],
    examples: {
      valid: ["ALTER TYPE mood ADD VALUE 'ecstatic';", 'ALTER TABLE t RENAME CONSTRAINT a TO b;'],
      invalid: ["ALTER TYPE mood RENAME VALUE 'sad' TO 'blue';", 'ALTER SCHEMA billing RENAME TO invoicing;'],
    },
  },
  check(stmt, _ctx, report) {
    const e = pgStmt(stmt, 'AlterEnumStmt');
    if (e && typeof e.oldVal === 'string') {
      report({
        messageId: 'enumValue',
        data: { from: e.oldVal, type: list(e.typeName).map(stringValue).join('.') },
        span: findKeywordsSpan(stmt, ['rename', 'value']),
      });
      return;
    }
    const r = pgStmt(stmt, 'RenameStmt');
    if (r?.renameType === 'OBJECT_SCHEMA') {
      report({
        messageId: 'schema',
        data: { from: String(r.subname ?? '?'), to: String(r.newname ?? '?') },
        span: findKeywordsSpan(stmt, ['rename']),
      });
    }
  },
});
