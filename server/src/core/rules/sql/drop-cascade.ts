import { asNode, list, stringValue } from '../../sql/pg-ast';
import { defineSqlRule } from '../rule';
import { dropObjects, pgStmt } from './util/pg';
import { findKeywordsSpan } from './util/text';

/**
 * Object kinds whose `DROP … CASCADE` silently drops what depends on them: columns of that type
 * or domain, tables and views using an extension's types or functions, defaults and indexes
 * using a function. (Tables, views and schemas have their own rules.) PostgreSQL docs
 * "Dependency Tracking" and DROP TYPE / DROP DOMAIN / DROP EXTENSION / DROP FUNCTION.
 */
const KINDS: Record<string, string> = {
  OBJECT_EXTENSION: 'EXTENSION',
  OBJECT_TYPE: 'TYPE',
  OBJECT_DOMAIN: 'DOMAIN',
  OBJECT_FUNCTION: 'FUNCTION',
  OBJECT_PROCEDURE: 'PROCEDURE',
  OBJECT_ROUTINE: 'ROUTINE',
  OBJECT_SEQUENCE: 'SEQUENCE',
  OBJECT_COLLATION: 'COLLATION',
  OBJECT_FOREIGN_SERVER: 'SERVER',
};

/** Names of a DropStmt's objects, TypeName objects (DROP TYPE / DOMAIN) included. */
function names(drop: Record<string, unknown>): string[] {
  const plain = dropObjects(drop).map((parts) => parts.join('.'));
  return list(drop.objects).map((o, i) => {
    const tn = asNode(o, 'TypeName');
    return tn ? list(tn.names).map(stringValue).filter(Boolean).join('.') : (plain[i] ?? '?');
  });
}

/**
 * `DROP EXTENSION | TYPE | DOMAIN | FUNCTION | PROCEDURE | SEQUENCE | COLLATION | SERVER … CASCADE`,
 * placed on `CASCADE`.
 */
export default defineSqlRule({
  meta: {
    id: 'drop-cascade',
    title: 'DROP … CASCADE of a type, domain, extension or function',
    category: 'data-loss',
    severity: 'error',
    docs: {
      description:
        'Reports `DROP EXTENSION | TYPE | DOMAIN | FUNCTION … CASCADE`, which also drops every column, table, ' +
        'view, default and index that depends on the object.',
      problem:
        '`DROP TYPE mood CASCADE` drops every column of type `mood` — with its data — in every table; ' +
        '`DROP EXTENSION postgis CASCADE` drops every geometry column and the views over them; a function ' +
        'dropped with CASCADE takes the defaults, triggers and indexes that call it. PostgreSQL lists what it ' +
        'dropped only as NOTICEs, after the fact.',
      solution:
        'Drop without CASCADE first: the error lists the dependent objects. Migrate or drop each of them ' +
        'explicitly in a reviewed migration, then drop the object.',
    },
    messages: {
      cascade: 'DROP {{kind}} {{names}} CASCADE also drops every column, table and view that depends on it.',
    },
    controls: ['SOC2:CC8.1', 'HIPAA:164.312(c)(1)'],
    sources: [
      'https://www.postgresql.org/docs/current/ddl-depend.html',
      'https://www.postgresql.org/docs/current/sql-droptype.html',
      'https://www.postgresql.org/docs/current/sql-dropextension.html',
    ],
    examples: {
      valid: ['DROP TYPE mood;', 'DROP EXTENSION IF EXISTS pg_trgm RESTRICT;'],
      invalid: ['DROP TYPE mood CASCADE;', 'DROP EXTENSION postgis CASCADE;', 'DROP DOMAIN email CASCADE;'],
    },
  },
  check(stmt, _ctx, report) {
    const drop = pgStmt(stmt, 'DropStmt');
    if (!drop || drop.behavior !== 'DROP_CASCADE') return;
    const kind = KINDS[String(drop.removeType)];
    if (!kind) return;
    const dropped = names(drop);
    report({
      messageId: 'cascade',
      data: { kind, names: dropped.join(', ') },
      span: findKeywordsSpan(stmt, ['cascade']),
      effects: dropped.map((id) => ({
        verb: 'destroy' as const,
        resource: { kind: 'code' as const, id: `${kind.toLowerCase()} ${id}` },
        via: `DROP ${kind} … CASCADE`,
      })),
    });
  },
});
