import { asNode, list, stringValue } from '../../sql/pg-ast';
import { defineSqlRule } from '../rule';
import { myAst } from './util/mysql';
import { pgStmt, roleSpecName } from './util/pg';
import { findKeywordsSpan } from './util/text';

/** Privileges without which a role cannot reach its data at all. */
const GATES = new Set(['connect', 'usage', 'login']);

/**
 * PostgreSQL `REVOKE` that can lock the application out: `REVOKE ALL …`, `REVOKE CONNECT ON
 * DATABASE`, `REVOKE USAGE ON SCHEMA`, and any revoke over `ALL TABLES|SEQUENCES|FUNCTIONS IN
 * SCHEMA`. Placed on `REVOKE`. Narrow revokes (one privilege on one table) are not reported.
 * MySQL `REVOKE` (read by `mysql-admin.ts`) of ALL/USAGE, or on a whole database (`db.*`, `*.*`).
 */
export default defineSqlRule({
  meta: {
    id: 'revoke-access',
    title: 'Revoking access the application may need',
    category: 'privilege',
    severity: 'warning',
    docs: {
      description:
        'Reports `REVOKE ALL`, `REVOKE CONNECT ON DATABASE`, `REVOKE USAGE ON SCHEMA` and revokes over ' +
        '`ALL TABLES IN SCHEMA`: statements that can lock a role out of its data.',
      problem:
        'Revoking `CONNECT` on the database, `USAGE` on the schema or every privilege on every table from the ' +
        "application's role (or from `PUBLIC`, through which it may hold them) makes every query fail at " +
        'once: an outage that looks like an application bug, and a quiet way to deny service.',
      solution:
        'Revoke narrowly (one privilege on one object) after checking which roles rely on it (`\\dp`, ' +
        '`has_table_privilege`), and change application grants through a reviewed migration.',
    },
    messages: {
      revoke: 'REVOKE {{privileges}} ON {{target}} FROM {{grantees}} can lock these roles out of their data.',
    },
    controls: ['SOC2:A1.2', 'SOC2:CC6.3', 'NIST:AC-2'],
    sources: ['https://www.postgresql.org/docs/current/sql-revoke.html'],
    examples: {
      valid: ['REVOKE INSERT ON audit_log FROM app;', 'GRANT USAGE ON SCHEMA app TO app;'],
      invalid: [
        'REVOKE CONNECT ON DATABASE app FROM PUBLIC;',
        'REVOKE ALL ON ALL TABLES IN SCHEMA public FROM app;',
      ],
    },
  },
  check(stmt, _ctx, report) {
    const my = myAst(stmt);
    if (my?.type === 'revoke_privileges') {
      const privileges = (Array.isArray(my.privileges) ? my.privileges : []).map(String);
      const level = String(my.level);
      const wide = level === '*.*' || level.endsWith('.*') || level === '*';
      if (!wide && !privileges.some((p) => /^(all( privileges)?|usage)$/.test(p))) return;
      const grantees = (Array.isArray(my.grantees) ? my.grantees : []).join(', ');
      report({
        messageId: 'revoke',
        data: { privileges: privileges.join(', ').toUpperCase(), target: level, grantees },
        span: findKeywordsSpan(stmt, ['revoke']),
        effects: [{ verb: 'disable', resource: { kind: 'control', id: `access of ${grantees}` } }],
      });
      return;
    }
    const g = pgStmt(stmt, 'GrantStmt');
    if (!g || g.is_grant === true) return;
    const privileges = list(g.privileges).map((p) =>
      String(asNode(p, 'AccessPriv')?.priv_name ?? '').toLowerCase(),
    );
    const all = privileges.length === 0;
    const wide = g.targtype === 'ACL_TARGET_ALL_IN_SCHEMA';
    const gate = privileges.some((p) => GATES.has(p));
    if (!all && !wide && !gate) return;
    const objtype = String(g.objtype ?? '')
      .replace(/^OBJECT_/, '')
      .toLowerCase();
    const objects = list(g.objects)
      .map((o) => stringValue(o) ?? String(asNode(o, 'RangeVar')?.relname ?? ''))
      .filter((s) => s)
      .join(', ');
    report({
      messageId: 'revoke',
      data: {
        privileges: all ? 'ALL' : privileges.join(', ').toUpperCase(),
        target: wide
          ? `ALL ${objtype.toUpperCase()}S IN SCHEMA ${objects}`
          : `${objtype.toUpperCase()} ${objects}`,
        grantees: list(g.grantees).map(roleSpecName).join(', '),
      },
      span: findKeywordsSpan(stmt, ['revoke']),
      effects: [
        {
          verb: 'disable',
          resource: { kind: 'control', id: `access of ${list(g.grantees).map(roleSpecName).join(', ')}` },
        },
      ],
    });
  },
});
