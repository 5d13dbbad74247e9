import type { Span } from '../../types';
import { isRecord, list, stringValue } from '../../sql/pg-ast';
import { defineSqlRule } from '../rule';
import { myAst, myList, myText } from './util/mysql';
import { defaultPrivilegesGrant, pgStmt, roleSpecName } from './util/pg';
import { findKeywordsSpan } from './util/text';

/**
 * `GRANT ALL` over a whole scope: PostgreSQL `GRANT ALL [PRIVILEGES] ON ALL TABLES | SEQUENCES |
 * FUNCTIONS IN SCHEMA …` (`GrantStmt` with no `privileges` — libpg-query's encoding of ALL — and
 * `targtype: ACL_TARGET_ALL_IN_SCHEMA`) and the same through `ALTER DEFAULT PRIVILEGES`; MySQL
 * `GRANT ALL ON *.*` (global) and `GRANT ALL ON db.*` (database-wide). Placed on `ALL`.
 */
export default defineSqlRule({
  meta: {
    id: 'grant-all-privileges',
    title: 'GRANT ALL over a schema or the whole server',
    category: 'privilege',
    severity: 'error',
    docs: {
      description: 'Reports `GRANT ALL ON ALL TABLES IN SCHEMA …` and MySQL `GRANT ALL ON *.*` / `db.*`.',
      problem:
        '`ALL` includes `DELETE`, `TRUNCATE`, `REFERENCES` and `TRIGGER` on every table of the schema (and, ' +
        'with default privileges, on every future one). MySQL `ALL ON *.*` is nearly superuser: `FILE`, ' +
        '`PROCESS`, `SHUTDOWN`, `CREATE USER`, `GRANT`-able privileges on every database. A role meant to ' +
        'read or write some tables ends up able to destroy all of them.',
      solution:
        'Grant the privileges the role needs on the tables it needs (`GRANT SELECT, INSERT, UPDATE ON orders, ' +
        'order_items TO app`), or separate read-only and read-write group roles. For MySQL, grant on ' +
        '`db.table` or at most `db.*`, never `*.*`, and never with `WITH GRANT OPTION` to applications.',
    },
    messages: {
      allInSchema:
        'GRANT ALL ON ALL {{objects}} IN SCHEMA {{schema}} gives {{grantees}} every privilege, DELETE and TRUNCATE included.',
      allDefault:
        'ALTER DEFAULT PRIVILEGES … GRANT ALL ON {{objects}} gives {{grantees}} every privilege on all future {{objects}}.',
      allOnGlobal: 'GRANT ALL ON *.* gives {{grantees}} every privilege on every database of the server.',
      allOnDatabase:
        'GRANT ALL ON {{database}}.* gives {{grantees}} every privilege on every table of {{database}}.',
    },
    controls: ['SOC2:CC6.1', 'SOC2:CC6.3', 'NIST:AC-6', 'HIPAA:164.312(a)(1)'],
    examples: {
      valid: [
        'GRANT SELECT ON ALL TABLES IN SCHEMA public TO reporting;',
        'GRANT ALL ON TABLE orders TO app;',
      ],
      invalid: ['GRANT ALL PRIVILEGES ON ALL TABLES IN SCHEMA public TO app;'],
    },
  },
  check(stmt, _ctx, report) {
    // Placed only when reporting: tokenizing every statement's text to find ALL costs more than the check.
    const span = (): Span => findKeywordsSpan(stmt, ['all']);
    if (stmt.dialect === 'postgresql') {
      const direct = pgStmt(stmt, 'GrantStmt');
      const grant = direct ?? defaultPrivilegesGrant(stmt);
      if (!grant || grant.is_grant !== true || list(grant.privileges).length > 0) return;
      const grantees = list(grant.grantees).map(roleSpecName).join(', ');
      const objects =
        String(grant.objtype ?? '')
          .replace(/^OBJECT_/, '')
          .toLowerCase() + 's';
      if (!direct) {
        report({ messageId: 'allDefault', data: { objects, grantees }, span: span() });
      } else if (grant.targtype === 'ACL_TARGET_ALL_IN_SCHEMA') {
        const schema = list(grant.objects).map(stringValue).join(', ');
        report({
          messageId: 'allInSchema',
          data: { objects: objects.toUpperCase(), schema, grantees },
          span: span(),
        });
      }
      return;
    }
    const ast = myAst(stmt);
    if (ast?.type !== 'grant' || myText(ast.to_from) !== 'to') return;
    if (!myList(ast.objects).some((o) => myText(o.priv) === 'all' || myText(o.priv) === 'all privileges'))
      return;
    const grantees = myList(ast.user_or_roles)
      .map((u) => myText(u.name))
      .join(', ');
    const on = isRecord(ast.on) ? ast.on : {};
    for (const level of myList(on.priv_level)) {
      const db = typeof level.prefix === 'string' ? level.prefix : '';
      if (level.name !== '*') continue;
      if (db === '*') report({ messageId: 'allOnGlobal', data: { grantees }, span: span() });
      else if (db) report({ messageId: 'allOnDatabase', data: { database: db, grantees }, span: span() });
    }
  },
});
